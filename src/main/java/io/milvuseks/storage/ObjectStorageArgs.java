package io.milvuseks.storage;

import com.pulumi.core.Output;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import com.pulumi.aws.s3.BucketV2;

import java.util.List;
import java.util.Objects;

/**
 * Inputs of {@link ObjectStorage}.
 *
 * @param oidcProviderArn ARN of the EKS cluster's IAM OIDC provider
 * @param oidcIssuer      the cluster's OIDC issuer as host/path, without {@code https://}
 * @param alsoLogged      other buckets of the stack whose access logs go to the same log bucket (the backup bucket)
 */
public record ObjectStorageArgs(StackSettings settings, Naming naming, Output<String> oidcProviderArn,
                                Output<String> oidcIssuer, List<BucketV2> alsoLogged) {

    public ObjectStorageArgs(StackSettings settings, Naming naming, Output<String> oidcProviderArn,
                             Output<String> oidcIssuer) {
        this(settings, naming, oidcProviderArn, oidcIssuer, List.of());
    }

    public ObjectStorageArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(oidcProviderArn, "oidcProviderArn");
        Objects.requireNonNull(oidcIssuer, "oidcIssuer");
        alsoLogged = List.copyOf(alsoLogged);
    }
}
