package io.milvuseks.cluster;

import com.pulumi.core.Output;
import io.milvuseks.config.ClusterSettings;
import io.milvuseks.config.NodePool;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.config.StorageSettings;
import io.milvuseks.naming.Naming;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * @param desiredCounts nodes each group starts with (the capacity planner's count, or the configured one); must
 *                      lie within the pool's min..max
 * @param prod          protects the secrets key and the cluster, keeps volumes of deleted claims
 * @param autoscaledData the data group's size belongs to Cluster Autoscaler after creation (autoscaling.enabled)
 */
public record EksClusterArgs(Naming naming, String region, boolean prod, ClusterSettings cluster,
                             Map<NodeRole, NodePool> pools, Map<NodeRole, Integer> desiredCounts,
                             StorageSettings storage, Output<String> vpcId, Output<List<String>> privateSubnetIds,
                             boolean autoscaledData) {

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
    }

    /** The counts the stack file pins; the pool minimum where it leaves the count to the planner. */
    public static Map<NodeRole, Integer> configuredCounts(StackSettings settings) {
        var counts = new EnumMap<NodeRole, Integer>(NodeRole.class);
        settings.nodePools().forEach((role, pool) -> counts.put(role, pool.desired().orElse(pool.min())));
        return counts;
    }

    public static EksClusterArgs from(StackSettings settings, Naming naming, Map<NodeRole, Integer> desiredCounts,
                                      Output<String> vpcId, Output<List<String>> privateSubnetIds) {
        return new EksClusterArgs(naming, settings.region(), settings.prod(), settings.cluster(),
                settings.nodePools(), desiredCounts, settings.storage(), vpcId, privateSubnetIds,
                settings.autoscaling().enabled());
    }
}
