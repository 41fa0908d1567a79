package io.milvuseks.cluster;

import com.pulumi.aws.eks.Addon;
import com.pulumi.aws.eks.AddonArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;

/** EKS managed add-ons, and the IRSA role of the EBS CSI driver. */
final class Addons {

    /** Networking add-ons go in before the nodes (nodes stay NotReady without a CNI); the rest need nodes. */
    static final List<String> BEFORE_NODES = List.of("vpc-cni", "kube-proxy");
    static final String VPC_CNI_CONFIGURATION = "{\"enableNetworkPolicy\":\"true\"}";
    static final List<String> AFTER_NODES = List.of("coredns", "aws-ebs-csi-driver");
    static final String EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";

    private final ClusterScope s;
    private final Cluster cluster;

    Addons(ClusterScope s, Cluster cluster) {
        this.s = s;
        this.cluster = cluster;
    }

    /** vpc-cni and kube-proxy: the node groups wait for them. */
    List<Resource> beforeNodes() {
        var early = new ArrayList<Resource>();
        for (var addon : BEFORE_NODES) {
            early.add(addon(addon, null, List.of(cluster)));
        }
        return early;
    }

    /** coredns and the EBS CSI driver (with its IRSA role), once nodes exist; returns the EBS CSI add-on. */
    Addon afterNodes(List<? extends Resource> nodeGroups, OpenIdConnectProvider oidc, Output<String> oidcIssuer) {
        var ebsRole = new Role(s.n("ebs-csi"), RoleArgs.builder()
                .assumeRolePolicy(Output.tuple(oidc.arn(), oidcIssuer).applyValue(t ->
                        IamPolicies.irsaTrust(t.t1, t.t2, "kube-system", EBS_CSI_SERVICE_ACCOUNT)))
                .tags(s.tags("ebs-csi"))
                .build(), s.child());
        var ebsPolicy = new RolePolicyAttachment(s.n("ebs-csi"), RolePolicyAttachmentArgs.builder()
                .role(ebsRole.name())
                .policyArn("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy")
                .build(), s.child());
        addon("coredns", null, List.copyOf(nodeGroups));
        var ebsDeps = new ArrayList<Resource>(nodeGroups);
        ebsDeps.add(ebsPolicy);
        return addon("aws-ebs-csi-driver", ebsRole.arn(), ebsDeps);
    }

    private Addon addon(String addon, Output<String> serviceAccountRole, List<Resource> after) {
        var builder = AddonArgs.builder()
                .clusterName(cluster.name())
                .addonName(addon)
                // Pinned per Kubernetes version (AddonVersions): a bump of kubernetesVersion moves them too.
                .addonVersion(AddonVersions.of(s.args().cluster().kubernetesVersion(), addon))
                .resolveConflictsOnCreate("OVERWRITE")
                .resolveConflictsOnUpdate("PRESERVE")
                .tags(s.tags("addon-" + addon));
        if (serviceAccountRole != null) {
            builder.serviceAccountRoleArn(serviceAccountRole);
        }
        if (addon.equals("vpc-cni")) {
            // The VPC CNI enforces Kubernetes NetworkPolicies (Milvus' namespace policies) only with its network
            // policy agent on (EKS user guide, cni-network-policy-configure: enableNetworkPolicy, vpc-cni >= 1.14).
            builder.configurationValues(VPC_CNI_CONFIGURATION);
        }
        return new Addon(s.n("addon-" + addon), builder.build(), s.options().dependsOn(after).build());
    }
}
