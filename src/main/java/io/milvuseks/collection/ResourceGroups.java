package io.milvuseks.collection;

import io.milvus.common.resourcegroup.ResourceGroupConfig;
import io.milvus.common.resourcegroup.ResourceGroupLimit;
import io.milvus.common.resourcegroup.ResourceGroupNodeFilter;
import io.milvus.v2.service.resourcegroup.request.CreateResourceGroupReq;
import io.milvus.v2.service.resourcegroup.request.UpdateResourceGroupsReq;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.zones.QueryZones;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Milvus resource groups of the zone groups ({@link QueryZones}): one per zone, requests = limits = the zone
 * group's query nodes, and a node filter on the session label its query pods carry
 * ({@code MILVUS_SERVER_LABEL_RESOURCE_GROUP}), so Milvus puts a query node only in its own zone's group
 * (querycoordv2 ResourceGroup.AcceptNode matches the filter's labels against the node's session labels). Loading
 * with one replica per group then keeps each replica inside one zone.
 *
 * @param groups empty with one replica: the collection loads into the default resource group, as before
 */
public record ResourceGroups(List<Group> groups) {

    /** One resource group and the query nodes its zone group runs. */
    public record Group(String name, int nodes) {
    }

    public ResourceGroups {
        groups = List.copyOf(groups);
    }

    public static ResourceGroups of(QueryZones zones) {
        return new ResourceGroups(zones.zones().stream().map(z -> new Group(z.resourceGroup(), z.desired())).toList());
    }

    /** The groups {@code pulumi up} laid out for this stack file: the planner's query count over its zones. */
    public static ResourceGroups forStack(StackSettings settings) {
        return of(QueryZones.of(settings, CapacityPlanner.plan(settings).nodeCount(NodeRole.QUERY)));
    }

    public static ResourceGroups none() {
        return new ResourceGroups(List.of());
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public List<String> names() {
        return groups.stream().map(Group::name).toList();
    }

    /** requests = limits = the group's nodes, only query nodes labelled for this group. */
    public static ResourceGroupConfig config(Group g) {
        return ResourceGroupConfig.newBuilder()
                .withRequests(new ResourceGroupLimit(g.nodes()))
                .withLimits(new ResourceGroupLimit(g.nodes()))
                .withNodeFilter(ResourceGroupNodeFilter.newBuilder()
                        .withNodeLabel(QueryZones.SESSION_LABEL, g.name()).build())
                .build();
    }

    public static CreateResourceGroupReq create(Group g) {
        return CreateResourceGroupReq.builder().groupName(g.name()).config(config(g)).build();
    }

    public static UpdateResourceGroupsReq update(Group g) {
        return UpdateResourceGroupsReq.builder().resourceGroups(Map.of(g.name(), config(g))).build();
    }

    /** Whether the server's config of a group is the one {@link #config} asks for (requests, limits, filter). */
    public static boolean sameConfig(ResourceGroupConfig server, Group g) {
        if (server == null) {
            return false;
        }
        var want = config(g);
        return nodes(server.getRequests()) == nodes(want.getRequests())
                && nodes(server.getLimits()) == nodes(want.getLimits())
                && Objects.equals(labels(server.getNodeFilter()), labels(want.getNodeFilter()));
    }

    private static int nodes(ResourceGroupLimit l) {
        return l == null || l.getNodeNum() == null ? 0 : l.getNodeNum();
    }

    private static Map<String, String> labels(ResourceGroupNodeFilter f) {
        return f == null || f.getNodeLabels() == null ? Map.of() : f.getNodeLabels();
    }

    /**
     * What is wrong with where the loaded replicas sit, one line each; empty when each replica is in a different one
     * of these groups and every group holds one.
     *
     * @param replicaGroups the resource group of each loaded replica (describeReplicas)
     */
    public List<String> placementProblems(Collection<String> replicaGroups) {
        var out = new ArrayList<String>();
        if (replicaGroups.size() != groups.size()) {
            out.add(replicaGroups.size() + " replica(s) loaded, " + groups.size() + " zone resource groups planned");
        }
        var seen = new HashSet<String>();
        for (var rg : replicaGroups) {
            if (!names().contains(rg)) {
                out.add("a replica sits in resource group " + rg + ", not in a zone group (" + names() + ")");
            } else if (!seen.add(rg)) {
                out.add("two replicas share resource group " + rg + ": losing its zone takes both");
            }
        }
        return out;
    }
}
