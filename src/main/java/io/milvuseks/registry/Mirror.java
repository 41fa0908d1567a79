package io.milvuseks.registry;

import java.util.regex.Pattern;

/**
 * Where a Docker Hub image is pulled from instead of Docker Hub: a registry host and the path prefix under which
 * it keeps Docker Hub's repositories. Pure: the account id and region are plain strings here.
 */
public sealed interface Mirror {

    /** Registry host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}. */
    String host();

    /** Path under the host that stands for Docker Hub's root; empty for none. */
    String pathPrefix();

    /** ECR: the registry.k8s.io cache rule's prefix is the Docker Hub one with this suffix ({@code docker-hub-k8s}). */
    String K8S_PREFIX_SUFFIX = "-k8s";

    /** Path under the host that stands for registry.k8s.io's root. */
    String k8sPathPrefix();

    /** A registry.k8s.io image as the nodes pull it. */
    default Routed route(K8sImage image) {
        return new Routed(host(), k8sPathPrefix() + "/" + image.path(), image.tag());
    }

    /** ECR: the quay.io cache rule's prefix is the Docker Hub one with this suffix ({@code docker-hub-quay}). */
    String QUAY_PREFIX_SUFFIX = "-quay";

    /** Path under the host that stands for quay.io's root. */
    String quayPathPrefix();

    /** A quay.io image as the nodes pull it. */
    default Routed route(QuayImage image) {
        return new Routed(host(), quayPathPrefix() + "/" + image.path(), image.tag());
    }

    /** The image as the nodes pull it. */
    default Routed route(DockerHubImage image) {
        var repository = pathPrefix().isEmpty() ? image.path() : pathPrefix() + "/" + image.path();
        return new Routed(host(), repository, image.tag());
    }

    /**
     * An ECR pull-through cache rule for Docker Hub: {@code <account>.dkr.ecr.<region>.<suffix>/<prefix>/<path>}
     * (ECR user guide, pull-through-cache-working-pulling).
     */
    record EcrCache(String accountId, String region, String repositoryPrefix) implements Mirror {
        private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

        public EcrCache {
            if (!ACCOUNT.matcher(accountId).matches()) {
                throw new IllegalArgumentException("'" + accountId + "' is not a 12-digit AWS account id");
            }
        }

        /**
         * The cache maps {@code <prefix>/a/b} to Docker Hub {@code a/b}; deeper paths fail
         * (aws/containers-roadmap#2354).
         */
        @Override
        public Routed route(DockerHubImage image) {
            if (image.path().split("/").length > 2) {
                throw new IllegalArgumentException("'" + image.path() + "' has more than two path components, "
                        + "which an ECR pull-through cache cannot fetch from Docker Hub");
            }
            return Mirror.super.route(image);
        }

        @Override
        public String host() {
            return accountId + ".dkr.ecr." + region + "." + Partition.of(region).dnsSuffix();
        }

        @Override
        public String pathPrefix() {
            return repositoryPrefix;
        }

        /** A second rule, for upstream registry.k8s.io ({@link ImageRegistry}). */
        @Override
        public String k8sPathPrefix() {
            return repositoryPrefix + K8S_PREFIX_SUFFIX;
        }

        /** A third rule, for upstream quay.io ({@link ImageRegistry}). */
        @Override
        public String quayPathPrefix() {
            return repositoryPrefix + QUAY_PREFIX_SUFFIX;
        }
    }

    /**
     * A registry the operator runs: {@code host[:port][/path]}, holding Docker Hub's paths under {@code path} and
     * registry.k8s.io's and quay.io's under {@code path/registry.k8s.io} and {@code path/quay.io} (a Docker Hub
     * namespace cannot contain a '.', so they never collide).
     */
    record Private(String url) implements Mirror {
        @Override
        public String host() {
            int slash = url.indexOf('/');
            return slash < 0 ? url : url.substring(0, slash);
        }

        @Override
        public String pathPrefix() {
            int slash = url.indexOf('/');
            return slash < 0 ? "" : url.substring(slash + 1);
        }

        @Override
        public String k8sPathPrefix() {
            return under(K8sImage.UPSTREAM);
        }

        @Override
        public String quayPathPrefix() {
            return under(QuayImage.UPSTREAM);
        }

        private String under(String upstream) {
            return pathPrefix().isEmpty() ? upstream : pathPrefix() + "/" + upstream;
        }
    }

    /**
     * A routed image, split the way charts take it.
     *
     * @param registry   host only (bitnami charts' {@code image.registry})
     * @param repository path under the host
     */
    record Routed(String registry, String repository, String tag) {
        /** {@code repository} with the host, for charts that have no separate registry key. */
        public String hostRepository() {
            return registry + "/" + repository;
        }

        public String reference() {
            return hostRepository() + ":" + tag;
        }
    }
}
