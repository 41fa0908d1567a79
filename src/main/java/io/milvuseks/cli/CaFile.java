package io.milvuseks.cli;

import io.milvuseks.collection.MilvusFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The CA bundle the client trusts: the operator's --ca-pem file, else the stack output milvusCaPem written to a
 * private temporary file (the SDK takes a path) and removed on close; null path when neither is given.
 */
record CaFile(Path path, boolean temporary) implements AutoCloseable {

    static CaFile of(Path given, String fromOutputs) {
        if (given != null) {
            return new CaFile(given, false);
        }
        if (fromOutputs == null) {
            return new CaFile(null, false);
        }
        try {
            var file = Files.createTempFile("milvus-ca-", ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, fromOutputs, StandardCharsets.UTF_8);
            return new CaFile(file, true);
        } catch (IOException | UnsupportedOperationException ex) {
            throw new MilvusFailure("cannot write the stack's CA bundle to a temporary file: " + ex.getMessage());
        }
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a CA certificate is public: a leftover temp file is untidy, not a leak
            }
        }
    }
}
