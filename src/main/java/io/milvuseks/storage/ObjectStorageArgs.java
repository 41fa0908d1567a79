package io.milvuseks.storage;

import com.pulumi.core.Output;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.Objects;

/**
 * Inputs of {@link ObjectStorage}.
 *
 * @param oidcProviderArn ARN of the EKS cluster's IAM OIDC provider
 * @param oidcIssuer      the cluster's OIDC issuer as host/path, without {@code https://}
 */
public record ObjectStorageArgs(StackSettings settings, Naming naming, Output<String> oidcProviderArn,
                                Output<String> oidcIssuer) {

    public ObjectStorageArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(oidcProviderArn, "oidcProviderArn");
        Objects.requireNonNull(oidcIssuer, "oidcIssuer");
    }
}
