package io.milvuseks.backup;

import com.pulumi.core.Output;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.Objects;

/**
 * Inputs of {@link BackupStorage}.
 *
 * @param oidcProviderArn ARN of the EKS cluster's IAM OIDC provider
 * @param oidcIssuer      the cluster's OIDC issuer as host/path, without {@code https://}
 * @param milvusBucketArn the Milvus data bucket the job reads (storage.ObjectStorage)
 * @param milvusKeyArn    its KMS key, which the job may only decrypt with
 */
public record BackupStorageArgs(StackSettings settings, Naming naming, Output<String> oidcProviderArn,
                                Output<String> oidcIssuer, Output<String> milvusBucketArn,
                                Output<String> milvusKeyArn) {

    public BackupStorageArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(oidcProviderArn, "oidcProviderArn");
        Objects.requireNonNull(oidcIssuer, "oidcIssuer");
        Objects.requireNonNull(milvusBucketArn, "milvusBucketArn");
        Objects.requireNonNull(milvusKeyArn, "milvusKeyArn");
    }
}
