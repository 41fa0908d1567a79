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
 * The Milvus resource groups of the zone groups ({@link QueryZones}): one per zone, requests = the zone group's
 * query nodes (its replica's share), limits = the most nodes that zone group can run (its node group's max), and a
 * node filter on the session label its query pods carry ({@code MILVUS_SERVER_LABEL_RESOURCE_GROUP}), so Milvus puts
 * a query node only in its own zone's group (querycoordv2 ResourceGroup.AcceptNode matches the filter's labels
 * against the node's session labels). Loading with one replica per group then keeps each replica inside one zone.
 *
 * <p>Why limits = the group's max and not its current count: the query coordinator puts an incoming query node into
 * a group that is short of its requests, else into one below its limits, else into the default group, each time
 * only where the group's filter accepts it (internal/querycoordv2/meta/resource_manager.go,
 * mustSelectAssignIncomingNodeTargetRG). With requests = limits = the count bootstrap saw, a query pod the stack
 * adds later (a larger planner count, a raised desired) would land in {@code __default_resource_group}, idle and
 * billed, until bootstrap ran again (issue 23, item 5). With limits = max every pod of a zone's Deployment, which can
 * never outnumber its node group's max, joins its zone's group the moment it registers, whatever the count; and
 * bootstrap, which the deploy workflow runs after each {@code up}, sets requests to the new count.
 *
 * @param groups empty with one replica: the collection loads into the default resource group, as before
 */
public record ResourceGroups(List<Group> groups) {

    /**
     * One resource group: the query nodes its zone group runs, and the most it can run.
     *
     * @param nodes requests: the replica's share of the query pool
     * @param max   limits: the zone node group's max ({@code nodePools.query.max} / R, rounded up)
     */
    public record Group(String name, int nodes, int max) {
        public Group {
            if (nodes < 0 || max < nodes) {
                throw new IllegalArgumentException("resource group " + name + " needs 0 <= nodes <= max, got "
                        + nodes + ", " + max);
            }
        }
    }

    public ResourceGroups {
        groups = List.copyOf(groups);
    }

    public static ResourceGroups of(QueryZones zones) {
        return new ResourceGroups(zones.zones().stream()
                .map(z -> new Group(z.resourceGroup(), z.desired(), Math.max(z.desired(), z.max()))).toList());
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

    /** requests = the group's nodes, limits = its max, only query nodes labelled for this group. */
    public static ResourceGroupConfig config(Group g) {
        return ResourceGroupConfig.newBuilder()
                .withRequests(new ResourceGroupLimit(g.nodes()))
                .withLimits(new ResourceGroupLimit(g.max()))
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
