package io.milvuseks.preflight;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodePool;
import io.milvuseks.config.StackSettings;
import io.milvuseks.milvus.MilvusRelease;

import java.time.Duration;

/**
 * How long one `pulumi up` may hold the deploy role's session: the longer of a first apply and the slowest node-group
 * roll. The first-apply parts are estimates (what these resources usually take, with margin), not AWS figures; the
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

    public static Duration expected(StackSettings s) {
        var first = firstApply(s);
        var roll = longestRoll(s);
        return first.compareTo(roll) > 0 ? first : roll;
    }

    /** "10 h", "1 h 35 min". */
    public static String text(Duration d) {
        long h = d.toHours();
        long m = d.toMinutesPart();
        return h == 0 ? m + " min" : (m == 0 ? h + " h" : h + " h " + m + " min");
    }
}
