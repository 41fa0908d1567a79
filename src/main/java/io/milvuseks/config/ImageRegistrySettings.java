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

    /**
     * The prefix of a stack that does not set {@code ecrRepositoryPrefix}: {@code docker-hub-<stack>}. A registry
     * holds one pull-through cache rule and one repository creation template per prefix, so two stacks in one
     * account and region (staging and prod) must not share one; before issue 22 the default was {@code docker-hub}
     * for every stack, which a stack created then keeps by setting it explicitly.
     */
    public static String defaultEcrPrefix(String stack) {
        return "docker-hub-" + stack.toLowerCase(java.util.Locale.ROOT);
    }
}
