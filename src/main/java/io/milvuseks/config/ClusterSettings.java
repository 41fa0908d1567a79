package io.milvuseks.config;

import java.util.List;

/**
 * @param publicAccessCidrs CIDRs allowed to reach the public API endpoint; empty turns the public endpoint off
 * @param adminRoleArns     IAM roles given cluster-admin through EKS access entries
 */
public record ClusterSettings(String kubernetesVersion, List<String> publicAccessCidrs, List<String> adminRoleArns) {
    public ClusterSettings {
        publicAccessCidrs = List.copyOf(publicAccessCidrs);
        adminRoleArns = List.copyOf(adminRoleArns);
    }

    public boolean publicEndpoint() {
        return !publicAccessCidrs.isEmpty();
    }
}
