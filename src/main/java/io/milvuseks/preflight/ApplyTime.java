package io.milvuseks.preflight;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodePool;
import io.milvuseks.config.StackSettings;
import io.milvuseks.milvus.MilvusRelease;

import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.config.NodeRole;
import io.milvuseks.milvus.MilvusSizing;
import io.milvuseks.milvus.QueryZoneDeployments;
import io.milvuseks.zones.QueryZones;

import java.time.Duration;
import java.util.EnumMap;
import java.util.stream.Stream;

/**
 * How long one `pulumi up` may hold the deploy role's session: the longest of a first apply, the slowest node-group
 * roll and a roll of the query zone Deployments one after the other. The first-apply parts are estimates (what these resources usually take, with margin), not AWS figures; the
 * roll is the node-group update timeout the stack sets (EksCluster: max(60 min, pool max × 5 min), one node at a
 * time), which is the longest Pulumi waits.
 */
public final class ApplyTime {

    static final Duration EKS_CLUSTER = Duration.ofMinutes(20);
    static final Duration NODE_GROUPS = Duration.ofMinutes(15);
    static final Duration MSK_CLUSTER = Duration.ofMinutes(45);
    /** The Helm release's own timeout. */
    static final Duration HELM_WAIT = Duration.ofSeconds(MilvusRelease.TIMEOUT_SECONDS);
    /** Mirrors EksCluster.NODE_GROUP_MIN_TIMEOUT and NODE_ROLL_PER_NODE. */
    static final Duration ROLL_FLOOR = Duration.ofMinutes(60);
    static final Duration ROLL_PER_NODE = Duration.ofMinutes(5);

    private ApplyTime() {
    }

    public static Duration firstApply(StackSettings s) {
        var t = EKS_CLUSTER.plus(NODE_GROUPS).plus(HELM_WAIT);
        return s.messageQueue() == MessageQueue.MSK ? t.plus(MSK_CLUSTER) : t;
    }

    public static Duration roll(NodePool pool) {
        var perNode = ROLL_PER_NODE.multipliedBy(pool.max());
        return perNode.compareTo(ROLL_FLOOR) > 0 ? perNode : ROLL_FLOOR;
    }

    public static Duration longestRoll(StackSettings s) {
        return s.nodePools().values().stream().map(ApplyTime::roll).max(Duration::compareTo).orElse(ROLL_FLOOR);
    }

    /**
     * The query zone Deployments rolled one after the other (a Milvus upgrade), as long as Pulumi waits for them
     * ({@link QueryZoneDeployments#chainedRoll}); zero without the Kubernetes layer or with one replica.
     */
    public static Duration milvusRoll(StackSettings s) {
        if (!s.cluster().kubernetesLayer() || s.collection().replicas() < 2) {
            return Duration.ZERO;
        }
        var capacity = CapacityPlanner.plan(s);
        var counts = new EnumMap<NodeRole, Integer>(NodeRole.class);
        for (var role : NodeRole.values()) {
            counts.put(role, capacity.nodeCount(role));
        }
        var segmentMiB = MilvusRelease.querySegmentMiB(MilvusSizing.plan(s, counts));
        return QueryZoneDeployments.chainedRoll(QueryZones.of(s, counts.get(NodeRole.QUERY)), segmentMiB);
    }

    public static Duration expected(StackSettings s) {
        return Stream.of(firstApply(s), longestRoll(s), milvusRoll(s)).max(Duration::compareTo).orElseThrow();
    }

    /** "10 h", "1 h 35 min". */
    public static String text(Duration d) {
        long h = d.toHours();
        long m = d.toMinutesPart();
        return h == 0 ? m + " min" : (m == 0 ? h + " h" : h + " h " + m + " min");
    }
}
