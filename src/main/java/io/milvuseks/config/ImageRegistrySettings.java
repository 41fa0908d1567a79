package io.milvuseks.config;

import java.util.Optional;

/**
 * Config key {@code imageRegistry} (and the secret {@code dockerHubAccessToken}).
 *
 * @param ecrRepositoryPrefix with {@link ImageSource#ECR_PULL_THROUGH_CACHE}: the cache rule's repository prefix
 * @param dockerHubUsername   with {@link ImageSource#ECR_PULL_THROUGH_CACHE}: the Docker ID whose access token
 *                            (secret {@code dockerHubAccessToken}) the cache authenticates with
 * @param privateRegistry     with {@link ImageSource#PRIVATE}: {@code host[:port][/path]}
 */
public record ImageRegistrySettings(ImageSource source, String ecrRepositoryPrefix,
                                    Optional<String> dockerHubUsername, Optional<String> privateRegistry) {

    public static final String DEFAULT_ECR_PREFIX = "docker-hub";
}
