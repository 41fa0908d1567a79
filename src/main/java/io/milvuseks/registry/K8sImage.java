package io.milvuseks.registry;

import java.util.regex.Pattern;

/**
 * An image on registry.k8s.io (the Kubernetes project's registry), by its path there, e.g.
 * {@code autoscaling/cluster-autoscaler}. ECR's pull-through cache supports it as an upstream without credentials
 * (CreatePullThroughCacheRule, upstreamRegistryUrl: "Kubernetes (k8s) - registry.k8s.io").
 */
public record K8sImage(String path, String tag) {

    public static final String UPSTREAM = "registry.k8s.io";
    private static final Pattern PATH = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public K8sImage {
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + path + "' is not a repository path on " + UPSTREAM);
        }
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a Docker tag");
        }
    }

    public String reference() {
        return UPSTREAM + "/" + path + ":" + tag;
    }
}
