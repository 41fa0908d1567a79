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

/**
 * Who may use the Kubernetes API: EKS access entries and their access policies, all in Pulumi state (the cluster
 * grants its creator nothing: see {@link ControlPlane}).
 *
 * <ul>
 *   <li>{@code deployRoleArn} and every {@code adminRoleArns} entry: AmazonEKSClusterAdminPolicy, cluster scope. The
 *       deploy role applies cluster-scoped objects (StorageClass, Namespace, the chart's RBAC), which only this
 *       policy covers.</li>
 *   <li>{@code previewRoleArn}: AmazonEKSAdminViewPolicy (get/list/watch on everything, Secrets included, which a
 *       Helm release preview reads). Read-only on purpose: a PR preview runs the PR's own program with this role,
 *       and Kubernetes RBAC cannot tell a dry run from a write (a server-side-apply dry run needs {@code patch},
 *       pulumi-kubernetes #2213), so any write verb given here is a write any unreviewed branch could make. The
 *       cost: previews of changed objects fall back to a client-side diff (pulumi-kubernetes #2419), and a
 *       preview that would create a new Kubernetes object fails for it (#2521) until the change is merged; the
 *       offline plan shows such objects in full.</li>
 *   <li>{@code prodPreviewRoleArn}: AmazonEKSClusterAdminPolicy too. deploy.yml's post-merge prod preview runs the
 *       merged, reviewed commit, so write rights are acceptable there where they are not for PRs, and without them
 *       the first prod apply with the Kubernetes layer, or any change that adds an object, stops at that preview
 *       (#2521). Its IAM policy stays read-only: a preview changes nothing in AWS. No entry of its own when it is
 *       the deploy role or an admin role (already cluster admins; one entry per principal).</li>
 * </ul>
 */
final class ClusterAccess {

    static final String ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    static final String PREVIEW_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy";

    /** Entries and associations, in declaration order: the Kubernetes provider waits for all of them. */
    final List<Resource> resources = new ArrayList<>();

    ClusterAccess(ClusterScope s, Cluster cluster) {
        var settings = s.args().cluster();
        settings.deployRoleArn().ifPresent(arn -> grant(s, cluster, "access-deploy", "access-deploy-policy", arn,
                ADMIN_POLICY));
        settings.previewRoleArn().ifPresent(arn -> grant(s, cluster, "access-preview", "access-preview-policy", arn,
                PREVIEW_POLICY));
        settings.prodPreviewEntry().ifPresent(arn -> grant(s, cluster, "access-prod-preview",
                "access-prod-preview-policy", arn, ADMIN_POLICY));
        for (var arn : settings.adminRoleArns()) {
            // Entry and association share the name they had from the start: renaming an association would create
            // the new one (a no-op in EKS) and then delete the old, which removes the grant.
            var part = "admin-" + arn.substring(arn.lastIndexOf('/') + 1);
            grant(s, cluster, part, part, arn, ADMIN_POLICY);
        }
    }

    private void grant(ClusterScope s, Cluster cluster, String part, String associationPart, String principalArn,
                       String policyArn) {
        var entry = new AccessEntry(s.n(part), AccessEntryArgs.builder()
                .clusterName(cluster.name())
                .principalArn(principalArn)
                .type("STANDARD")
                .tags(s.tags(part))
                .build(), s.child());
        resources.add(entry);
        resources.add(new AccessPolicyAssociation(s.n(associationPart), AccessPolicyAssociationArgs.builder()
                .clusterName(cluster.name())
                .principalArn(entry.principalArn())
                .policyArn(policyArn)
                .accessScope(AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                .build(), s.child()));
    }
}
