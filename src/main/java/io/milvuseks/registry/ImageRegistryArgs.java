package io.milvuseks.registry;

import com.pulumi.core.Output;
import io.milvuseks.config.ImageSource;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@link ImageRegistry}.
 *
 * @param nodeRoleArn          the EKS node role: it pulls, and on a first pull imports, through the cache
 * @param dockerHubAccessToken secret; present exactly with source ecrPullThroughCache
 */
public record ImageRegistryArgs(StackSettings settings, Naming naming, Output<String> nodeRoleArn,
                                Optional<Output<String>> dockerHubAccessToken) {

    public ImageRegistryArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(nodeRoleArn, "nodeRoleArn");
        boolean ecr = settings.imageRegistry().source() == ImageSource.ECR_PULL_THROUGH_CACHE;
        if (ecr != dockerHubAccessToken.isPresent()) {
            throw new IllegalArgumentException("dockerHubAccessToken is required with the ECR pull-through cache "
                    + "and not allowed otherwise");
        }
    }
}
