package io.milvuseks.cluster;

import com.pulumi.core.Output;
import io.milvuseks.config.ClusterSettings;
import io.milvuseks.config.NodePool;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.config.StorageSettings;
import io.milvuseks.naming.Naming;
import io.milvuseks.zones.QueryZones;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * @param desiredCounts nodes each group starts with (the capacity planner's count, or the configured one); must
 *                      lie within the pool's min..max
 * @param prod          protects the secrets key and the cluster, keeps volumes of deleted claims
 * @param autoscaledData the data group's size belongs to Cluster Autoscaler after creation (autoscaling.enabled)
 * @param queryZones    with 2+ replicas, one zone-pinned query group per replica instead of one over all zones
 * @param privateSubnetIdsByZone each private subnet id on its own, in zone order (a zone group takes one)
 */
public record EksClusterArgs(Naming naming, String region, boolean prod, ClusterSettings cluster,
                             Map<NodeRole, NodePool> pools, Map<NodeRole, Integer> desiredCounts,
                             StorageSettings storage, Output<String> vpcId, Output<List<String>> privateSubnetIds,
                             boolean autoscaledData, QueryZones queryZones,
                             List<Output<String>> privateSubnetIdsByZone) {

    public EksClusterArgs {
        pools = Collections.unmodifiableMap(new EnumMap<>(pools));
        desiredCounts = Collections.unmodifiableMap(new EnumMap<>(desiredCounts));

        for (var role : NodeRole.values()) {
            var pool = pools.get(role);
            var desired = desiredCounts.get(role);
            if (pool == null || desired == null) {
                throw new IllegalArgumentException("node pool " + role.wire() + " needs a pool and a desired count");
            }
            if (desired < pool.min() || desired > pool.max()) {
                throw new IllegalArgumentException("node pool " + role.wire() + ": desired " + desired
                        + " is outside min..max (" + pool.min() + ".." + pool.max() + ")");
            }
        }
        privateSubnetIdsByZone = List.copyOf(privateSubnetIdsByZone);
        for (var z : queryZones.zones()) {
            if (z.index() >= privateSubnetIdsByZone.size()) {
                throw new IllegalArgumentException("query zone group " + z.zone() + " has no private subnet ("
                        + privateSubnetIdsByZone.size() + " given)");
            }
        }
    }

    /** The counts the stack file pins; the pool minimum where it leaves the count to the planner. */
    public static Map<NodeRole, Integer> configuredCounts(StackSettings settings) {
        var counts = new EnumMap<NodeRole, Integer>(NodeRole.class);
        settings.nodePools().forEach((role, pool) -> counts.put(role, pool.desired().orElse(pool.min())));
        return counts;
    }

    public static EksClusterArgs from(StackSettings settings, Naming naming, Map<NodeRole, Integer> desiredCounts,
                                      Output<String> vpcId, Output<List<String>> privateSubnetIds,
                                      List<Output<String>> privateSubnetIdsByZone) {
        return new EksClusterArgs(naming, settings.region(), settings.prod(), settings.cluster(),
                settings.nodePools(), desiredCounts, settings.storage(), vpcId, privateSubnetIds,
                settings.autoscaling().enabled(), queryZones(settings, desiredCounts.get(NodeRole.QUERY)),
                privateSubnetIdsByZone);
    }

    /** The query placement for the query pool's count (the planner's, or the pinned one). */
    public static QueryZones queryZones(StackSettings settings, int queryNodes) {
        return QueryZones.of(settings, queryNodes);
    }
}
