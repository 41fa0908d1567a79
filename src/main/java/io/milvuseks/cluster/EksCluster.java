package io.milvuseks.cluster;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.eks.AccessEntry;
import com.pulumi.aws.eks.AccessEntryArgs;
import com.pulumi.aws.eks.AccessPolicyAssociation;
import com.pulumi.aws.eks.AccessPolicyAssociationArgs;
import com.pulumi.aws.eks.Addon;
import com.pulumi.aws.eks.AddonArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.ClusterArgs;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.AccessPolicyAssociationAccessScopeArgs;
import com.pulumi.aws.eks.inputs.ClusterAccessConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigProviderArgs;
import com.pulumi.aws.eks.inputs.ClusterVpcConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupLaunchTemplateArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupTaintArgs;
import com.pulumi.aws.eks.inputs.NodeGroupUpdateConfigArgs;
import com.pulumi.aws.eks.outputs.ClusterIdentity;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.storage.v1.StorageClass;
import com.pulumi.kubernetes.storage.v1.StorageClassArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.CustomTimeouts;
import com.pulumi.resources.Resource;
import io.milvuseks.config.NodePool;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.InstanceCatalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EKS cluster: API-mode access entries, secrets encrypted with its own KMS key, control-plane logs, an IAM OIDC
 * provider for IRSA, managed add-ons, one managed node group per Milvus role, and a Kubernetes provider with a
 * default encrypted gp3 StorageClass.
 */
public final class EksCluster extends ComponentResource {

    public static final String TYPE = "milvus-eks:cluster:EksCluster";
    public static final String ROLE_LABEL = "milvus.io/role";
    public static final List<String> LOG_TYPES = List.of("api", "audit", "authenticator", "controllerManager",
            "scheduler");
    /** Networking add-ons go in before the nodes (nodes stay NotReady without a CNI); the rest need nodes. */
    public static final List<String> ADDONS_BEFORE_NODES = List.of("vpc-cni", "kube-proxy");
    public static final List<String> ADDONS_AFTER_NODES = List.of("coredns", "aws-ebs-csi-driver");
    public static final String EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";
    public static final String DEFAULT_STORAGE_CLASS = "gp3";
    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    static final String AMI_TYPE = "AL2023_x86_64_STANDARD";
    static final int NODE_GROUP_PREFIX_MAX = 63 - 26;
    static final String ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    static final List<String> NODE_POLICIES = List.of(
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    /**
     * The provider waits 30 min to create a cluster and 60 to update it; creation with encryption and logging
     * sometimes needs longer than 30, and a version upgrade of the control plane can take most of an hour.
     */
    static final CustomTimeouts CLUSTER_TIMEOUTS = CustomTimeouts.builder()
            .create(Duration.ofMinutes(60)).update(Duration.ofMinutes(60)).build();
    /** Floor of every node-group timeout: the provider's own default (60 min). */
    static final Duration NODE_GROUP_MIN_TIMEOUT = Duration.ofMinutes(60);
    /**
     * Assumption: a rolling update with maxUnavailable 1 replaces one node at a time: launch, join, become Ready,
     * then cordon, drain (evictions wait on PDBs and Milvus' graceful stop while segments move) and terminate the
     * old one. 5 min a node is a round, unmeasured figure on the safe side of the usual 3-4 min.
     */
    static final Duration NODE_ROLL_PER_NODE = Duration.ofMinutes(5);

    private final EksClusterArgs args;
    private final Output<String> clusterName;
    private final Output<String> endpoint;
    private final Output<String> oidcProviderArn;
    private final Output<String> oidcIssuer;
    private final Output<String> clusterSecurityGroupId;
    private final Output<String> kubeconfig;
    private final Output<String> secretsKeyArn;
    private final Output<String> nodeRoleArn;
    private final Output<Map<String, String>> nodeGroupNames;
    private final Provider kubernetesProvider;
    private final List<NodeGroup> nodeGroups;
    private final StorageClass defaultStorageClass;

    public EksCluster(String name, EksClusterArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        this.args = args;
        var child = CustomResourceOptions.builder().parent(this).build();
        var name0 = args.naming().clusterName();

        // Envelope encryption of Kubernetes secrets: losing this key makes them unreadable, so prod protects it.
        var key = new Key(n("eks-secrets"), KeyArgs.builder()
                .description("Envelope encryption of Kubernetes secrets in EKS cluster " + name0)
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(tags("eks-secrets"))
                .build(), CustomResourceOptions.builder().parent(this).protect(args.prod()).build());
        secretsKeyArn = key.arn();

        var clusterRole = new Role(n("cluster"), RoleArgs.builder()
                .assumeRolePolicy(IamPolicies.serviceTrust("eks.amazonaws.com", "sts:TagSession"))
                .tags(tags("cluster"))
                .build(), child);
        var clusterPolicy = new RolePolicyAttachment(n("cluster"), RolePolicyAttachmentArgs.builder()
                .role(clusterRole.name())
                .policyArn("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")
                .build(), child);

        // EKS creates this group on first log line with no expiry; creating it first sets the retention.
        var logGroup = new LogGroup(n("control-plane"), LogGroupArgs.builder()
                .name("/aws/eks/" + name0 + "/cluster")
                .retentionInDays(args.prod() ? 90 : 14)
                .tags(tags("control-plane"))
                .build(), child);

        var vpc = ClusterVpcConfigArgs.builder()
                .subnetIds(args.privateSubnetIds())
                .endpointPrivateAccess(true)
                .endpointPublicAccess(args.cluster().publicEndpoint());
        if (args.cluster().publicEndpoint()) {
            vpc.publicAccessCidrs(args.cluster().publicAccessCidrs());
        }
        var cluster = new Cluster(name0, ClusterArgs.builder()
                .name(name0)
                .version(args.cluster().kubernetesVersion())
                .roleArn(clusterRole.arn())
                .vpcConfig(vpc.build())
                // Access entries only, no aws-auth ConfigMap. The identity running Pulumi stays admin: the
                // Kubernetes provider below deploys with its token.
                .accessConfig(ClusterAccessConfigArgs.builder()
                        .authenticationMode("API")
                        .bootstrapClusterCreatorAdminPermissions(true)
                        .build())
                .encryptionConfig(ClusterEncryptionConfigArgs.builder()
                        .resources("secrets")
                        .provider(ClusterEncryptionConfigProviderArgs.builder().keyArn(key.arn()).build())
                        .build())
                .enabledClusterLogTypes(LOG_TYPES)
                // The managed add-ons below are the only copies: no unmanaged defaults to drift from.
                .bootstrapSelfManagedAddons(false)
                .tags(tags("cluster"))
                .build(), CustomResourceOptions.builder().parent(this).protect(args.prod())
                .customTimeouts(CLUSTER_TIMEOUTS)
                .dependsOn(clusterPolicy, logGroup).build());
        clusterName = cluster.name();
        endpoint = cluster.endpoint();
        clusterSecurityGroupId = cluster.vpcConfig().applyValue(v -> v.clusterSecurityGroupId().orElseThrow());

        for (var arn : args.cluster().adminRoleArns()) {
            var part = "admin-" + arn.substring(arn.lastIndexOf('/') + 1);
            var entry = new AccessEntry(n(part), AccessEntryArgs.builder()
                    .clusterName(cluster.name())
                    .principalArn(arn)
                    .type("STANDARD")
                    .tags(tags(part))
                    .build(), child);
            new AccessPolicyAssociation(n(part), AccessPolicyAssociationArgs.builder()
                    .clusterName(cluster.name())
                    .principalArn(entry.principalArn())
                    .policyArn(ADMIN_POLICY)
                    .accessScope(AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                    .build(), child);
        }

        var issuerUrl = cluster.identities().applyValue(EksCluster::issuerOf);
        oidcIssuer = issuerUrl.applyValue(EksCluster::hostPath);
        var oidc = new OpenIdConnectProvider(n("oidc"), OpenIdConnectProviderArgs.builder()
                .url(issuerUrl)
                .clientIdLists("sts.amazonaws.com")
                .tags(tags("oidc"))
                .build(), child);
        oidcProviderArn = oidc.arn();

        var early = new ArrayList<Resource>();
        for (var addon : ADDONS_BEFORE_NODES) {
            early.add(addon(cluster, addon, null, List.of(cluster)));
        }

        var nodeRole = new Role(n("nodes"), RoleArgs.builder()
                .assumeRolePolicy(IamPolicies.serviceTrust("ec2.amazonaws.com"))
                .tags(tags("nodes"))
                .build(), child);
        nodeRoleArn = nodeRole.arn();
        var nodeDeps = new ArrayList<Resource>(early);
        for (var policy : NODE_POLICIES) {
            nodeDeps.add(new RolePolicyAttachment(n("nodes-" + policy.substring(policy.lastIndexOf('/') + 1)),
                    RolePolicyAttachmentArgs.builder().role(nodeRole.name()).policyArn(policy).build(), child));
        }

        var groups = new ArrayList<NodeGroup>();
        var names = new ArrayList<Output<Map.Entry<String, String>>>();
        for (var role : NodeRole.values()) {
            var group = nodeGroup(cluster, nodeRole, role, nodeDeps);
            groups.add(group);
            names.add(group.nodeGroupName().applyValue(g -> Map.entry(role.wire(), g)));
        }
        nodeGroups = Collections.unmodifiableList(groups);
        nodeGroupNames = Output.all(names).applyValue(entries -> {
            var map = new LinkedHashMap<String, String>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });

        var ebsRole = new Role(n("ebs-csi"), RoleArgs.builder()
                .assumeRolePolicy(Output.tuple(oidc.arn(), oidcIssuer).applyValue(t ->
                        IamPolicies.irsaTrust(t.t1, t.t2, "kube-system", EBS_CSI_SERVICE_ACCOUNT)))
                .tags(tags("ebs-csi"))
                .build(), child);
        var ebsPolicy = new RolePolicyAttachment(n("ebs-csi"), RolePolicyAttachmentArgs.builder()
                .role(ebsRole.name())
                .policyArn("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy")
                .build(), child);
        addon(cluster, "coredns", null, List.<Resource>copyOf(groups));
        var ebsDeps = new ArrayList<Resource>(groups);
        ebsDeps.add(ebsPolicy);
        var ebsCsi = addon(cluster, "aws-ebs-csi-driver", ebsRole.arn(), ebsDeps);

        kubeconfig = Output.tuple(cluster.name(), cluster.endpoint(),
                        cluster.certificateAuthority().applyValue(ca -> ca.data().orElseThrow()))
                .applyValue(t -> Kubeconfig.render(t.t1, t.t2, t.t3, args.region()))
                .asSecret();
        kubernetesProvider = new Provider(n("k8s"), ProviderArgs.builder()
                .kubeconfig(kubeconfig)
                // The default in 4.x, stated so a change of default cannot silently switch to client-side apply.
                .enableServerSideApply(true)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(List.<Resource>copyOf(groups)).build());

        defaultStorageClass = storageClasses(ebsCsi);

        registerOutputs(Map.of(
                "clusterName", clusterName,
                "endpoint", endpoint,
                "oidcProviderArn", oidcProviderArn,
                "oidcIssuer", oidcIssuer,
                "clusterSecurityGroupId", clusterSecurityGroupId,
                "kubeconfig", kubeconfig,
                "nodeGroupNames", nodeGroupNames));
    }

    private String n(String part) {
        return args.naming().name(part);
    }

    private Map<String, String> tags(String part) {
        return args.naming().tags(n(part));
    }

    static String issuerOf(List<ClusterIdentity> identities) {
        return identities.get(0).oidcs().get(0).issuer().orElseThrow();
    }

    /** The issuer as IAM condition keys spell it: no scheme. */
    static String hostPath(String issuerUrl) {
        return issuerUrl.replaceFirst("^https://", "");
    }

    private Addon addon(Cluster cluster, String addon, Output<String> serviceAccountRole, List<Resource> after) {
        var builder = AddonArgs.builder()
                .clusterName(cluster.name())
                .addonName(addon)
                .resolveConflictsOnCreate("OVERWRITE")
                .resolveConflictsOnUpdate("PRESERVE")
                .tags(tags("addon-" + addon));
        if (serviceAccountRole != null) {
            builder.serviceAccountRoleArn(serviceAccountRole);
        }
        return new Addon(n("addon-" + addon), builder.build(),
                CustomResourceOptions.builder().parent(this).dependsOn(after).build());
    }

    private NodeGroup nodeGroup(Cluster cluster, Role nodeRole, NodeRole role, List<Resource> after) {
        var pool = args.pools().get(role);
        var part = "nodes-" + role.wire();
        var nodeTags = tags(part);
        nodeTags.put(ROLE_LABEL, role.wire());
        var type = InstanceCatalog.requireEc2(pool.instanceType());
        var template = new LaunchTemplate(n(part), LaunchTemplateArgs.builder()
                .description("Milvus " + role.wire() + " nodes of " + args.naming().clusterName())
                // Here, not on the node group: there instanceTypes forces a replacement of the group, here a new
                // template version rolls the nodes in place.
                .instanceType(pool.instanceType())
                // IMDSv2 with one hop: pods cannot reach the node role's credentials; they use IRSA. aws-node and
                // kube-proxy run on the host network (no extra hop); ebs-csi-node falls back to the Node object.
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled")
                        .httpTokens("required")
                        .httpPutResponseHopLimit(1)
                        .build())
                .blockDeviceMappings(LaunchTemplateBlockDeviceMappingArgs.builder()
                        .deviceName("/dev/xvda")
                        .ebs(LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                                .volumeType("gp3")
                                .volumeSize(pool.diskGiB())
                                .encrypted("true")
                                .deleteOnTermination("true")
                                .build())
                        .build())
                .tagSpecifications(
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("instance").tags(nodeTags).build(),
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("volume").tags(nodeTags).build())
                // maxPods and kube-reserved as the sizing assumes them (see NodeUserData); EKS adds its own part.
                .userData(NodeUserData.base64(type))
                .updateDefaultVersion(true)
                .tags(nodeTags)
                .build(), CustomResourceOptions.builder().parent(this).build());

        var builder = NodeGroupArgs.builder()
                .clusterName(cluster.name())
                // A prefix, not a name: what still forces a replacement (subnets, node role) can then create the
                // new group before deleting the old one instead of failing on a taken name.
                .nodeGroupNamePrefix(nodeGroupNamePrefix(args.naming().clusterName(), role))
                .nodeRoleArn(nodeRole.arn())
                .subnetIds(args.privateSubnetIds())
                // No instanceTypes, diskSize or remoteAccess: the launch template sets them, and EKS refuses both.
                .amiType(AMI_TYPE)
                // Follows the control plane: a kubernetesVersion bump upgrades the cluster, then rolls each group
                // (in place) onto that version's AMI. Unset, nodes would stay behind until someone upgraded by hand.
                .version(cluster.version())
                .capacityType("ON_DEMAND")
                .scalingConfig(NodeGroupScalingConfigArgs.builder()
                        .minSize(pool.min())
                        .desiredSize(args.desiredCounts().get(role))
                        .maxSize(pool.max())
                        .build())
                .updateConfig(NodeGroupUpdateConfigArgs.builder().maxUnavailable(1).build())
                .labels(Map.of(ROLE_LABEL, role.wire()))
                .launchTemplate(NodeGroupLaunchTemplateArgs.builder()
                        .id(template.id())
                        .version(template.latestVersion().applyValue(String::valueOf))
                        .build())
                .tags(nodeTags);
        if (role == NodeRole.QUERY) {
            // Query nodes hold the loaded segments; nothing else may take their memory.
            builder.taints(NodeGroupTaintArgs.builder()
                    .key(ROLE_LABEL).value(role.wire()).effect("NO_SCHEDULE").build());
        }
        return new NodeGroup(n(part), builder.build(), CustomResourceOptions.builder().parent(this)
                .customTimeouts(nodeGroupTimeouts(pool)).dependsOn(after).build());
    }

    /**
     * The provider gives a node group 60 min for each operation; rolling 66 query nodes one at a time takes hours
     * and would fail {@code pulumi up} mid-roll. Update is sized to the pool's maximum (a roll replaces every node
     * the group has, at most max): max(60 min, max x 5 min). Create starts nodes in parallel and delete drains them
     * in parallel, so the 60 min floor covers both.
     */
    static CustomTimeouts nodeGroupTimeouts(NodePool pool) {
        var roll = NODE_ROLL_PER_NODE.multipliedBy(pool.max());
        return CustomTimeouts.builder()
                .create(NODE_GROUP_MIN_TIMEOUT)
                .update(roll.compareTo(NODE_GROUP_MIN_TIMEOUT) > 0 ? roll : NODE_GROUP_MIN_TIMEOUT)
                .delete(NODE_GROUP_MIN_TIMEOUT)
                .build();
    }

    /** At most 37 characters, the most EKS's 63 leaves beside the 26-character unique suffix. */
    static String nodeGroupNamePrefix(String clusterName, NodeRole role) {
        var prefix = clusterName + "-" + role.wire();
        if (prefix.length() > NODE_GROUP_PREFIX_MAX - 1) {
            prefix = prefix.substring(0, NODE_GROUP_PREFIX_MAX - 1);
        }
        return prefix + "-";
    }

    private StorageClass storageClasses(Addon ebsCsi) {
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetesProvider).dependsOn(ebsCsi).build();
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("type", "gp3");
        parameters.put("encrypted", "true");
        parameters.put("iops", String.valueOf(args.storage().gp3Iops()));
        parameters.put("throughput", String.valueOf(args.storage().gp3ThroughputMiBps()));
        parameters.put("csi.storage.k8s.io/fstype", "ext4");
        var gp3 = new StorageClass(n("gp3"), StorageClassArgs.builder()
                .metadata(ObjectMetaArgs.builder()
                        .name(DEFAULT_STORAGE_CLASS)
                        .annotations(Map.of(DEFAULT_CLASS_ANNOTATION, "true"))
                        .build())
                .provisioner("ebs.csi.aws.com")
                .parameters(parameters)
                // Prod keeps the volume when a claim goes (etcd, Pulsar/Woodpecker data): deleting it is a choice.
                .reclaimPolicy(args.prod() ? "Retain" : "Delete")
                .volumeBindingMode("WaitForFirstConsumer")
                .allowVolumeExpansion(true)
                .build(), k8s);
        // No gp2 patch: EKS stopped marking gp2 default on clusters created at 1.30+, and this stack only creates
        // 1.30+ clusters. A patch of a gp2 that a new cluster might not have would be a server-side apply *create*
        // of a StorageClass without a provisioner, which the API server rejects.
        return gp3;
    }

    public Output<String> clusterName() {
        return clusterName;
    }

    public Output<String> endpoint() {
        return endpoint;
    }

    /** ARN of the IAM OIDC provider: the {@code Federated} principal of IRSA trust policies. */
    public Output<String> oidcProviderArn() {
        return oidcProviderArn;
    }

    /** The issuer without scheme ({@code oidc.eks.<region>.amazonaws.com/id/X}): prefix of IRSA condition keys. */
    public Output<String> oidcIssuer() {
        return oidcIssuer;
    }

    /** The security group EKS puts on the control plane and, with no other group in the launch template, every node. */
    public Output<String> clusterSecurityGroupId() {
        return clusterSecurityGroupId;
    }

    /** Secret. */
    public Output<String> kubeconfig() {
        return kubeconfig;
    }

    public Output<String> secretsKeyArn() {
        return secretsKeyArn;
    }

    public Output<String> nodeRoleArn() {
        return nodeRoleArn;
    }

    /** Node group name by role wire name ({@code query}, {@code data}, ...). */
    public Output<Map<String, String>> nodeGroupNames() {
        return nodeGroupNames;
    }

    /** Every Kubernetes resource of the stack uses this provider. */
    public Provider kubernetesProvider() {
        return kubernetesProvider;
    }

    /** For {@code dependsOn}: workloads need nodes to schedule on. */
    public List<NodeGroup> nodeGroups() {
        return nodeGroups;
    }

    public Map<NodeRole, NodeGroup> nodeGroupsByRole() {
        var map = new EnumMap<NodeRole, NodeGroup>(NodeRole.class);
        for (int i = 0; i < NodeRole.values().length; i++) {
            map.put(NodeRole.values()[i], nodeGroups.get(i));
        }
        return map;
    }

    public StorageClass defaultStorageClass() {
        return defaultStorageClass;
    }
}
