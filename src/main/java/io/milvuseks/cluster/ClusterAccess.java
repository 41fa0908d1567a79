package io.milvuseks.cluster;

import com.pulumi.aws.eks.AccessEntry;
import com.pulumi.aws.eks.AccessEntryArgs;
import com.pulumi.aws.eks.AccessPolicyAssociation;
import com.pulumi.aws.eks.AccessPolicyAssociationArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.inputs.AccessPolicyAssociationAccessScopeArgs;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;

/** Who may use the Kubernetes API: EKS access entries and their access policies. */
final class ClusterAccess {

    static final String ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    /** Entries and associations, in declaration order. */
    final List<Resource> resources = new ArrayList<>();

    ClusterAccess(ClusterScope s, Cluster cluster) {
        for (var arn : s.args().cluster().adminRoleArns()) {
            var part = "admin-" + arn.substring(arn.lastIndexOf('/') + 1);
            var entry = new AccessEntry(s.n(part), AccessEntryArgs.builder()
                    .clusterName(cluster.name())
                    .principalArn(arn)
                    .type("STANDARD")
                    .tags(s.tags(part))
                    .build(), s.child());
            resources.add(entry);
            resources.add(new AccessPolicyAssociation(s.n(part), AccessPolicyAssociationArgs.builder()
                    .clusterName(cluster.name())
                    .principalArn(entry.principalArn())
                    .policyArn(ADMIN_POLICY)
                    .accessScope(AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                    .build(), s.child()));
        }
    }
}
