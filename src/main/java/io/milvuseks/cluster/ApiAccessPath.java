package io.milvuseks.cluster;

import io.milvuseks.config.ClusterSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How this apply reaches the Kubernetes API, so the plan says it before anyone waits 30 minutes for a timeout: the
 * stack output {@code kubernetesApiAccess}, printed by the offline plan.
 */
public enum ApiAccessPath {
    /** {@code kubernetesLayer: false}: no Kubernetes resource is declared, so nothing needs the API. */
    AWS_ONLY,
    /** The public endpoint is on, restricted to {@code publicAccessCidrs}. */
    PUBLIC,
    /** Private endpoint only: the apply must run from a {@code privateEndpointSources} network. */
    PRIVATE;

    public static ApiAccessPath of(ClusterSettings cluster) {
        if (!cluster.kubernetesLayer()) {
            return AWS_ONLY;
        }
        return cluster.publicEndpoint() ? PUBLIC : PRIVATE;
    }

    public String wire() {
        return name().toLowerCase().replace('_', '-');
    }

    /** What a reviewer must know, and do next, for this path. */
    public String explanation(ClusterSettings cluster) {
        var sources = cluster.privateEndpointSources().isEmpty() ? "nothing (privateEndpointSources is [])"
                : String.join(", ", cluster.privateEndpointSources());
        return switch (this) {
            case AWS_ONLY -> "kubernetesLayer is false: this up creates the AWS layer only (no Kubernetes provider, "
                    + "StorageClass or Milvus). Next: start a runner in the private subnets (the private endpoint "
                    + "admits " + sources + "), set kubernetesLayer: true and run pulumi up from it. Never set it "
                    + "false on a stack that has the Kubernetes layer: that up would delete the Milvus release.";
            case PUBLIC -> "the Kubernetes resources are applied through the public endpoint, open to "
                    + String.join(", ", cluster.publicAccessCidrs()) + "; the private endpoint admits " + sources + ".";
            case PRIVATE -> "the Kubernetes resources are applied through the private endpoint: run pulumi up from "
                    + sources + " (a runner in the VPC or a network routed to it). A new stack with no such runner "
                    + "yet: first apply with kubernetesLayer: false (docs/first-prod.md: First apply of a new prod).";
        };
    }

    /** The stack output {@code kubernetesApiAccess}. */
    public Map<String, Object> output(ClusterSettings cluster) {
        var map = new LinkedHashMap<String, Object>();
        map.put("path", wire());
        map.put("privateEndpointSources", cluster.privateEndpointSources());
        map.put("publicAccessCidrs", cluster.publicAccessCidrs());
        map.put("note", explanation(cluster));
        return map;
    }
}
