package io.milvuseks.cluster;

import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.NodeGroupLaunchTemplateArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupTaintArgs;
import com.pulumi.aws.eks.inputs.NodeGroupUpdateConfigArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomTimeouts;
import com.pulumi.resources.Resource;
import io.milvuseks.config.NodePool;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.zones.QueryZones;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumMap;
import java.util.Optional;

import static io.milvuseks.cluster.EksCluster.ROLE_LABEL;

/** The node role and one managed node group per Milvus role, each with its launch template. */
final class NodeGroups {

    static final String AMI_TYPE = "AL2023_x86_64_STANDARD";
    static final int NODE_GROUP_PREFIX_MAX = 63 - 26;
    static final List<String> NODE_POLICIES = List.of(
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    /** Floor of every node-group timeout: the provider's own default (60 min). */
    static final Duration NODE_GROUP_MIN_TIMEOUT = Duration.ofMinutes(60);
    /**
     * Assumption: a rolling update with maxUnavailable 1 replaces one node at a time: launch, join, become Ready,
     * then cordon, drain (evictions wait on PDBs and Milvus' graceful stop while segments move) and terminate the
     * old one. 5 min a node is a round, unmeasured figure on the safe side of the usual 3-4 min.
     */
    static final Duration NODE_ROLL_PER_NODE = Duration.ofMinutes(5);
    /** The input path Cluster Autoscaler owns on the data group. */
    static final String DESIRED_SIZE = "scalingConfig.desiredSize";

    private final ClusterScope s;
    private final EksClusterArgs args;
    final Role nodeRole;
    /** In {@link NodeRole} order; the query role's zone groups (if any) in zone order. */
    final List<NodeGroup> groups;
    final Map<NodeRole, List<NodeGroup>> byRole;
    final Output<Map<String, String>> names;

    /** @param after what the groups wait for besides the node role's policies (the networking add-ons) */
    NodeGroups(ClusterScope s, Cluster cluster, List<Resource> after) {
        this.s = s;
        this.args = s.args();
        nodeRole = new Role(s.n("nodes"), RoleArgs.builder()
                .assumeRolePolicy(IamPolicies.serviceTrust("ec2.amazonaws.com"))
                .tags(s.tags("nodes"))
                .build(), s.child());
        var nodeDeps = new ArrayList<Resource>(after);
        for (var policy : NODE_POLICIES) {
            nodeDeps.add(new RolePolicyAttachment(s.n("nodes-" + policy.substring(policy.lastIndexOf('/') + 1)),
                    RolePolicyAttachmentArgs.builder().role(nodeRole.name()).policyArn(policy).build(), s.child()));
        }

        var list = new ArrayList<NodeGroup>();
        var entries = new ArrayList<Output<Map.Entry<String, String>>>();
        var byRole = new EnumMap<NodeRole, List<NodeGroup>>(NodeRole.class);
        var queryZones = args.queryZones();
        for (var role : NodeRole.values()) {
            var template = launchTemplate(role);
            var zones = zoneGroups(role, queryZones).stream().map(Optional::of).toList();
            if (zones.isEmpty()) {
                zones = List.of(Optional.<QueryZones.Zone>empty());
            }
            for (var zone : zones) {
                var group = nodeGroup(cluster, role, template, zone, nodeDeps);
                list.add(group);
                byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(group);
                var key = zone.map(z -> role.wire() + "-" + z.zone()).orElse(role.wire());
                entries.add(group.nodeGroupName().applyValue(g -> Map.entry(key, g)));
            }
        }
        groups = Collections.unmodifiableList(list);
        this.byRole = Collections.unmodifiableMap(byRole);
        names = Output.all(entries).applyValue(all -> {
            var map = new LinkedHashMap<String, String>();
            all.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
    }

    /**
     * The zone groups of a role with R >= 2 replicas: the query pool's (one replica each) and the data pool's, in
     * the same zones (each zone's streaming nodes, which hold its replica's delegators, on its own nodes); none for
     * coord and infra, or with one replica.
     */
    private List<QueryZones.Zone> zoneGroups(NodeRole role, QueryZones queryZones) {
        if (!queryZones.zoned()) {
            return List.of();
        }
        var pool = args.pools().get(role);
        return switch (role) {
            case QUERY -> queryZones.zones();
            case DATA -> queryZones.alongside(pool.min(), args.desiredCounts().get(role), pool.max());
            default -> List.of();
        };
    }

    /** The node label that pins a role's zone group to its zone. */
    static String zoneLabel(NodeRole role) {
        return role == NodeRole.DATA ? QueryZones.DATA_GROUP_LABEL : QueryZones.GROUP_LABEL;
    }

    private Map<String, String> tags(String part) {
        return s.tags(part);
    }

    private String n(String part) {
        return s.n(part);
    }

    /** One per role: the zone groups of the query role share it (same type, disk and user data). */
    private LaunchTemplate launchTemplate(NodeRole role) {
        var pool = args.pools().get(role);
        var part = "nodes-" + role.wire();
        var nodeTags = tags(part);
        nodeTags.put(ROLE_LABEL, role.wire());
        var type = InstanceCatalog.requireEc2(pool.instanceType());
        return new LaunchTemplate(n(part), LaunchTemplateArgs.builder()
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
                .build(), s.options().build());
    }

    /**
     * A managed node group of the role: over every private subnet, or, for a query or data zone group, over that
     * zone's subnet only, with the zone group's counts and label ({@link QueryZones#GROUP_LABEL},
     * {@link QueryZones#DATA_GROUP_LABEL}).
     */
    private NodeGroup nodeGroup(Cluster cluster, NodeRole role, LaunchTemplate template,
                                Optional<QueryZones.Zone> zone, List<Resource> after) {
        var pool = args.pools().get(role);
        var part = "nodes-" + role.wire() + zone.map(z -> "-" + z.zone()).orElse("");
        var nodeTags = tags(part);
        nodeTags.put(ROLE_LABEL, role.wire());
        var labels = new LinkedHashMap<String, String>();
        labels.put(ROLE_LABEL, role.wire());
        zone.ifPresent(z -> {
            labels.put(zoneLabel(role), z.zone());
            nodeTags.put(zoneLabel(role), z.zone());
        });
        var scaling = zone.map(z -> NodeGroupScalingConfigArgs.builder()
                        .minSize(z.min()).desiredSize(z.desired()).maxSize(z.max()).build())
                .orElse(NodeGroupScalingConfigArgs.builder()
                        .minSize(pool.min())
                        .desiredSize(args.desiredCounts().get(role))
                        .maxSize(pool.max())
                        .build());
        // zone r's private subnet: the subnet list is in the order of the configured zones (Network, ExistingVpc)
        var subnets = zone.map(z -> args.privateSubnetIdsByZone().get(z.index()).applyValue(List::of))
                .orElse(args.privateSubnetIds());

        var builder = NodeGroupArgs.builder()
                .clusterName(cluster.name())
                // A prefix, not a name: what still forces a replacement (subnets, node role) can then create the
                // new group before deleting the old one instead of failing on a taken name.
                .nodeGroupNamePrefix(zone.map(z -> nodeGroupNamePrefix(args.naming().clusterName(), role, z.zone()))
                        .orElse(nodeGroupNamePrefix(args.naming().clusterName(), role)))
                .nodeRoleArn(nodeRole.arn())
                .subnetIds(subnets)
                // No instanceTypes, diskSize or remoteAccess: the launch template sets them, and EKS refuses both.
                .amiType(AMI_TYPE)
                // Follows the control plane: a kubernetesVersion bump upgrades the cluster, then rolls each group
                // (in place) onto that version's AMI. Unset, nodes would stay behind until someone upgraded by hand.
                .version(cluster.version())
                .capacityType("ON_DEMAND")
                // the data group's desiredSize is only its start when autoscaled: see autoscaled(..)
                .scalingConfig(scaling)
                .updateConfig(NodeGroupUpdateConfigArgs.builder().maxUnavailable(NodeRoll.MAX_UNAVAILABLE).build())
                .labels(labels)
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
        var options = s.options()
                .customTimeouts(nodeGroupTimeouts(zone.map(QueryZones.Zone::max).orElse(pool.max())))
                .dependsOn(after);
        if (autoscaled(role, args.autoscaledData())) {
            options.ignoreChanges(DESIRED_SIZE);
        }
        return new NodeGroup(n(part), builder.build(), options.build());
    }

    /**
     * Only the data group is autoscaled: its data nodes run index builds and compaction (Milvus 2.6), a load that
     * comes in bursts. The query group holds the loaded segments, sized by the planner; a scale-down there would
     * move segments (a reload) and one that lost a replica's memory would fail searches. Coord and infra run fixed
     * pods (proxies, coordinators, etcd, monitoring) that a bigger group would not use. (Cluster Autoscaler only
     * discovers the data group: autoscaling.AutoscalerValues.)
     *
     * <p>An autoscaled data group starts at its standing count (desiredSize: the planner's or the pinned count);
     * after that Cluster Autoscaler owns desiredSize (ignoreChanges, so a second {@code up} does not undo a build's
     * scale-up: pulumi-eks #1293) and grows it up to {@code max} for builds.
     *
     * <p>Its minSize stays the configured floor {@code nodePools.data.min}, not the standing count: EKS refuses an
     * UpdateNodegroupConfig whose minSize exceeds the group's current desiredSize ("Minimum capacity N can't be
     * greater than desired size M": terraform-aws-modules/terraform-aws-eks #748, #2030, #3306;
     * aws/containers-roadmap #1637), and with desiredSize ignored a larger standing count would hit exactly that
     * on the next {@code up}. The standing count is held by the pods instead: the data-node HPA's minReplicas is
     * the standing count and a data pod takes 55% of a node's memory (MilvusSizing), so no two share a node and
     * Cluster Autoscaler, which only removes nodes whose pods fit elsewhere, keeps the standing nodes. A larger
     * standing count raises minReplicas, the new pods wait Pending and the autoscaler adds their nodes. Raising
     * {@code nodePools.data.min} itself above the group's running count is the one change EKS still refuses: raise
     * it to at most the running count.
     *
     * <p>With R >= 2 replicas the data pool is R zone groups ({@link #zoneGroups}), each autoscaled the same way:
     * Cluster Autoscaler discovers every one (autoscaling.AutoscalerValues) and keeps them even
     * (balance-similar-node-groups); each zone's streaming Deployment, one pod per node of its group, holds that
     * group's standing count, and the data pods (one per node, required anti-affinity) go to any of them.
     */
    static boolean autoscaled(NodeRole role, boolean autoscaling) {
        return autoscaling && role == NodeRole.DATA;
    }

    /**
     * The provider gives a node group 60 min for each operation; rolling 66 query nodes one at a time takes hours
     * and would fail {@code pulumi up} mid-roll. Update is sized to the pool's maximum (a roll replaces every node
     * the group has, at most max): max(60 min, max x 5 min). Create starts nodes in parallel and delete drains them
     * in parallel, so the 60 min floor covers both.
     */
    static CustomTimeouts nodeGroupTimeouts(NodePool pool) {
        return nodeGroupTimeouts(pool.max());
    }

    static CustomTimeouts nodeGroupTimeouts(int maxNodes) {
        var roll = NODE_ROLL_PER_NODE.multipliedBy(maxNodes);
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

    /**
     * A query zone group's prefix, {@code <cluster>-query-<zone>-}: the zone part is kept whole (it tells the groups
     * apart) and the cluster part is cut to fit the same 37 characters.
     */
    static String nodeGroupNamePrefix(String clusterName, NodeRole role, String zone) {
        var tail = "-" + role.wire() + "-" + zone + "-";
        int room = NODE_GROUP_PREFIX_MAX - tail.length();
        if (room < 1) {
            throw new IllegalArgumentException("zone " + zone + " leaves no room for the cluster name in a "
                    + NODE_GROUP_PREFIX_MAX + "-character node group prefix");
        }
        return (clusterName.length() > room ? clusterName.substring(0, room) : clusterName) + tail;
    }
}
