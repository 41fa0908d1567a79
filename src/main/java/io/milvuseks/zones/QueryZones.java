package io.milvuseks.zones;

import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the query replicas live: with {@code replicas} R >= 2, one query node group per replica, each pinned to one
 * zone's private subnet (group r in zone r), each holding a whole replica, and one Milvus resource group per zone
 * group whose query nodes carry that group's label. Losing one zone then takes exactly one replica; the others keep
 * all their nodes. R = 1 keeps one query group over every zone (there is no second replica to keep).
 *
 * <p>Counts of a zone group, from the query pool's (min, desired, max): each is the pool's value divided by R,
 * rounded up, so a group never holds less than a replica's share and min <= desired <= max still holds (ceil is
 * monotonic); the total may exceed the pool's value by at most R - 1 nodes. The planner's desired count is
 * {@code queryNodesPerReplica x R}, so its share is exactly {@code queryNodesPerReplica}.
 *
 * <p>Pinning uses {@link #GROUP_LABEL}, not {@code topology.kubernetes.io/zone}: that label carries zone
 * <em>names</em>, which map to different physical zones per account, while the config may list zone ids.
 *
 * <p>Delegators and WAL. In Milvus 2.6 a replica's shard leaders (delegators) run in the streaming nodes' embedded
 * query nodes, the replica's "streaming query nodes", and each pchannel's WAL is written by exactly one streaming
 * node. So with R >= 2 the data pool is split over the same zones ({@link #alongside}, label
 * {@link #DATA_GROUP_LABEL}), each zone runs its own streaming Deployment whose pods carry the zone's resource group
 * ({@link #SESSION_LABEL_ENV}, as chart 5.0.19 streamingnode-deployment.yaml does for a replicaResourceGroups entry),
 * and {@link #streamingConfig} turns strict isolation on, so each replica's delegators run only in its own zone.
 * What a zone loss then does is in docs/zones.md ("What losing a zone does"), per setting, with the sources.
 *
 * @param zones one per replica, in the order of the configured zones; empty when {@link #zoned()} is false
 */
public record QueryZones(int replicas, List<Zone> zones) {

    /** Node label of a zone-pinned query group; the value is the configured zone (id or name). */
    public static final String GROUP_LABEL = "milvus.io/query-group";
    /**
     * Node label of a zone-pinned data group (R >= 2): the data pool is split over the same zones, so each zone's
     * streaming nodes (the replica's delegators) run on nodes of that zone only.
     */
    public static final String DATA_GROUP_LABEL = "milvus.io/data-group";
    /**
     * The milvus-helm chart the zone pods are copied from (querynode- and streamingnode-deployment.yaml): the stack
     * refuses {@code collection.replicas >= 2} with any other chart version, and QueryZoneChartIT renders this chart
     * with Helm and compares its pods with the zone pods field by field.
     */
    public static final String POD_CHART_VERSION = "5.0.19";
    /**
     * The Milvus session label a query node gets from env {@code MILVUS_SERVER_LABEL_RESOURCE_GROUP} (2.6
     * sessionutil: the prefix is cut, the rest is the label key), which the resource group's node filter matches.
     */
    public static final String SESSION_LABEL = "RESOURCE_GROUP";
    public static final String SESSION_LABEL_ENV = "MILVUS_SERVER_LABEL_" + SESSION_LABEL;

    /**
     * One zone group.
     *
     * @param index         its position in the configured zones (and in the private subnet list)
     * @param zone          the configured zone (id such as use1-az1, or name)
     * @param resourceGroup the Milvus resource group of its query nodes
     */
    public record Zone(int index, String zone, String resourceGroup, int min, int desired, int max) {
    }

    public QueryZones {
        zones = List.copyOf(zones);
    }

    /** Whether the query pool is split into zone groups (R >= 2). */
    public boolean zoned() {
        return !zones.isEmpty();
    }

    /** The resource groups to load the replicas into, in zone order; empty when not zoned. */
    public List<String> resourceGroups() {
        return zones.stream().map(Zone::resourceGroup).toList();
    }

    /**
     * The layout for {@code replicas} over {@code configuredZones}, from the query pool's counts.
     *
     * @throws IllegalArgumentException when R exceeds the zones (the parser reports it as a config error first)
     */
    public static QueryZones of(int replicas, List<String> configuredZones, int poolMin, int poolDesired,
                                int poolMax) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1: " + replicas);
        }
        if (replicas > configuredZones.size()) {
            throw new IllegalArgumentException(replicas + " replicas need as many zones; " + configuredZones.size()
                    + " configured");
        }
        if (replicas == 1) {
            return new QueryZones(1, List.of());
        }
        var out = new ArrayList<Zone>();
        for (int r = 0; r < replicas; r++) {
            var zone = configuredZones.get(r);
            out.add(new Zone(r, zone, resourceGroupName(zone), share(poolMin, replicas), share(poolDesired, replicas),
                    share(poolMax, replicas)));
        }
        return new QueryZones(replicas, out);
    }

    /** The layout of a stack whose query pool runs {@code queryNodes} (the planner's count, or the pinned one). */
    public static QueryZones of(StackSettings settings, int queryNodes) {
        var pool = settings.nodePools().get(NodeRole.QUERY);
        return of(settings.collection().replicas(), settings.network().availabilityZones(), pool.min(), queryNodes,
                pool.max());
    }

    /**
     * Another pool laid over the same zone groups (the data pool: each zone's streaming nodes beside its query
     * nodes), each group the pool's (min, desired, max) divided by R, rounded up, in the same zones and resource
     * groups as the query groups. Empty when not zoned.
     */
    public List<Zone> alongside(int poolMin, int poolDesired, int poolMax) {
        return zones.stream().map(z -> new Zone(z.index(), z.zone(), z.resourceGroup(), share(poolMin, replicas),
                share(poolDesired, replicas), share(poolMax, replicas))).toList();
    }

    /**
     * The {@code streaming} keys of user.yaml with 2+ replicas (milvus configs/milvus.yaml 2.6;
     * pkg/util/paramtable/component_param.go StreamingCfg):
     * <ul>
     *   <li>{@code strictResourceGroupIsolation.enabled: true}: a replica gets streaming query nodes (its delegators)
     *       only from streaming nodes whose resource group is its own. Off, as soon as one replica's group has no
     *       streaming node of its own, every replica draws from one pool of all streaming nodes ("flat allocation":
     *       internal/querycoordv2/meta/replica_manager.go, buildSQNodeAssignmentHelpers), so a zone's loss can take
     *       delegators of every replica. Chart 5.0.19 config.tpl sets it for the same reason with
     *       replicaResourceGroups.</li>
     *   <li>{@code primaryResourceGroup}: left unset on purpose. Set, the WAL balancer only considers that group's
     *       streaming nodes (internal/streamingcoord/server/balancer/balancer_impl.go, balance():
     *       CollectAllStatus(ctx, primaryResourceGroup)), so every pchannel's WAL lives in one zone: losing that
     *       zone stalls writes on every pchannel, and the surviving replicas' delegators stop receiving new data,
     *       until the WAL is placed again; losing any other zone leaves writes alone. It also puts all write
     *       buffers on that zone's D/R streaming nodes, which the capacity plan sizes for D. Unset, the balancer
     *       spreads the pchannels over every zone's streaming nodes: a zone's loss stalls writes (and fresh data
     *       for searches) only on the pchannels it owned, about 1/R of them, until the streaming coordinator
     *       reassigns them to the surviving nodes.</li>
     * </ul>
     */
    public static Map<String, Object> streamingConfig() {
        return Map.of("strictResourceGroupIsolation", Map.of("enabled", true));
    }

    /** {@code value / parts} rounded up. */
    static int share(int value, int parts) {
        return (value + parts - 1) / parts;
    }

    /**
     * Milvus resource group names take letters, digits and underscores, not starting with a digit (proxy
     * validateResourceGroupName); zone ids and names have hyphens: {@code use1-az1} becomes {@code zone_use1_az1}.
     */
    public static String resourceGroupName(String zone) {
        return "zone_" + zone.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /**
     * Whether losing {@code lostZone} leaves at least one replica with all its nodes, given which zone each query
     * node of each replica is in ({@code nodeZones[r][i]}: zone index of node i of replica r).
     */
    public static boolean wholeReplicaSurvives(int[][] nodeZones, int lostZone) {
        for (var replica : nodeZones) {
            boolean whole = true;
            for (int z : replica) {
                if (z == lostZone) {
                    whole = false;
                    break;
                }
            }
            if (whole) {
                return true;
            }
        }
        return false;
    }
}
