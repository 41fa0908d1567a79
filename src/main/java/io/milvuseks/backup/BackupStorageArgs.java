package io.milvuseks.backup;

import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.Objects;

/** Inputs of {@link BackupStorage}. */
public record BackupStorageArgs(StackSettings settings, Naming naming) {

    public BackupStorageArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(naming, "naming");
    }
}
