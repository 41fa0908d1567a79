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
 * @param kubernetesSupport      the cluster's upgrade policy: standard (upgraded at the end of standard support) or
 *                               extended (paid extended support)
 * @param prodPreviewRoleArn     the role of deploy.yml's post-merge preview: cluster admin in Kubernetes, so a
 *                               server-side dry run of a new object succeeds (empty: no such entry)
 */
public record ClusterSettings(String kubernetesVersion, List<String> publicAccessCidrs, List<String> adminRoleArns,
                              List<String> privateEndpointSources, Optional<String> deployRoleArn,
                              Optional<String> previewRoleArn, boolean kubernetesLayer,
                              KubernetesSupport kubernetesSupport, Optional<String> prodPreviewRoleArn) {
    public ClusterSettings {
        publicAccessCidrs = List.copyOf(publicAccessCidrs);
        adminRoleArns = List.copyOf(adminRoleArns);
        privateEndpointSources = List.copyOf(privateEndpointSources);
    }

    public boolean publicEndpoint() {
        return !publicAccessCidrs.isEmpty();
    }

    /**
     * The post-merge preview role when it needs an access entry of its own: not when it is the deploy role or an
     * admin role, which already are cluster admins (EKS allows one entry per principal).
     */
    public Optional<String> prodPreviewEntry() {
        return prodPreviewRoleArn.filter(arn -> !deployRoleArn.equals(Optional.of(arn)) && !adminRoleArns.contains(arn));
    }
}
