package io.milvuseks.cluster;

import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * Who reaches the private API endpoint: one port-443 ingress rule on the EKS cluster security group per
 * {@code privateEndpointSources} entry. EKS creates that group admitting only itself (the control plane and the
 * nodes), and the EKS user guide (cluster-endpoint, "Accessing a private only API server") requires "rules to allow
 * ingress traffic on port 443 from your connected network" for anything else, a CI runner included. One
 * {@code aws.vpc.SecurityGroupIngressRule} per source, so adding one never rewrites the others. EKS also puts
 * this group on the managed nodes, so the rule admits 443 to them too; nothing this stack runs listens there.
 */
final class EndpointAccess {

    static final int HTTPS = 443;

    final List<Resource> rules = new ArrayList<>();

    EndpointAccess(ClusterScope s, Output<String> clusterSecurityGroupId) {
        for (var source : s.args().cluster().privateEndpointSources()) {
            var part = "api-from-" + source;
            var args = SecurityGroupIngressRuleArgs.builder()
                    .securityGroupId(clusterSecurityGroupId)
                    .ipProtocol("tcp")
                    .fromPort(HTTPS)
                    .toPort(HTTPS)
                    .description("Kubernetes API (private endpoint) from " + source)
                    .tags(s.tags(part));
            if (isSecurityGroup(source)) {
                args.referencedSecurityGroupId(source);
            } else {
                args.cidrIpv4(source);
            }
            rules.add(new SecurityGroupIngressRule(s.n(part), args.build(), s.child()));
        }
    }

    static boolean isSecurityGroup(String source) {
        return source.startsWith("sg-");
    }
}
