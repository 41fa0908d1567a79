package io.milvuseks.registry;

import java.util.regex.Pattern;

/**
 * An image on quay.io, by its path there, e.g. {@code prometheus/prometheus}. ECR's pull-through cache supports it as
 * an upstream without credentials (CreatePullThroughCacheRule, upstreamRegistryUrl: "Quay (quay) - quay.io"; ECR user
 * guide, pull-through-cache: "Amazon ECR Public, Kubernetes container image registry, and Quay (doesn't require
 * authentication)").
 */
public record QuayImage(String path, String tag) {

    public static final String UPSTREAM = "quay.io";
    private static final Pattern PATH = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public QuayImage {
        // quay.io repositories are always namespace/name
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + path + "' is not a repository path on " + UPSTREAM
                    + " (namespace/name)");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a Docker tag");
        }
    }

    public String reference() {
        return UPSTREAM + "/" + path + ":" + tag;
    }
}
