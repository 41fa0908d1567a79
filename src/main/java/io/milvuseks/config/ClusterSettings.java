package io.milvuseks.config;

import java.util.List;
import java.util.Optional;

/**
 * @param publicAccessCidrs      CIDRs allowed to reach the public API endpoint; empty turns the public endpoint off
 * @param adminRoleArns          IAM roles given cluster-admin through EKS access entries
 * @param privateEndpointSources IPv4 CIDRs and security group ids ({@code sg-...}) given port 443 on the cluster
 *                               security group, so they reach the private API endpoint (default: the VPC's CIDR)
 * @param deployRoleArn          the role CI runs {@code pulumi up} with: a cluster-admin access entry
 * @param previewRoleArn         the role of PR previews: a read-only access entry
 * @param kubernetesLayer        false declares only the AWS layer: the first apply of a stack whose API endpoint
 *                               nobody can reach yet
 */
public record ClusterSettings(String kubernetesVersion, List<String> publicAccessCidrs, List<String> adminRoleArns,
                              List<String> privateEndpointSources, Optional<String> deployRoleArn,
                              Optional<String> previewRoleArn, boolean kubernetesLayer) {
    public ClusterSettings {
        publicAccessCidrs = List.copyOf(publicAccessCidrs);
        adminRoleArns = List.copyOf(adminRoleArns);
        privateEndpointSources = List.copyOf(privateEndpointSources);
    }

    public boolean publicEndpoint() {
        return !publicAccessCidrs.isEmpty();
    }
}
