package io.milvuseks.milvus;

import java.util.Arrays;

/**
 * When a hard zone spread (maxSkew 1, DoNotSchedule) of pods that each need a whole node can be met.
 *
 * <p>Kubernetes counts every zone that has a matching node as a domain, full or not, and admits a pod to a zone
 * only while that zone's count stays within maxSkew of the smallest count. With one pod per node a zone can never
 * hold more pods than it has nodes, so 66 pods over zones of 20/23/23 nodes stall at 20/21/21 (the full 20-node
 * zone caps the others at 21) and four stay Pending: the autoscaling group balances its zones on a best-effort basis only (it launches
 * where capacity exists and rebalances later), so nothing guarantees 22/22/22. {@link #split} is a layout that is
 * satisfiable by construction — per-zone node groups with these desired sizes; {@link #placeable} checks any
 * layout.
 */
public final class ZoneSpread {

    private ZoneSpread() {
    }

    /** {@code nodes} over {@code zones} as evenly as possible (the first zones get the remainder). */
    public static int[] split(int nodes, int zones) {
        if (nodes < 0 || zones < 1) {
            throw new IllegalArgumentException("nodes >= 0 and zones >= 1: " + nodes + ", " + zones);
        }
        var out = new int[zones];
        for (int z = 0; z < zones; z++) {
            out[z] = nodes / zones + (z < nodes % zones ? 1 : 0);
        }
        return out;
    }

    /**
     * How many of {@code pods} (one per node) the scheduler can place under a hard spread with {@code maxSkew}, on
     * zones with {@code nodesPerZone} nodes: each pod goes to the emptiest zone that has a free node, if that keeps
     * the skew against the emptiest zone (full ones included) within maxSkew. Greedy on the emptiest zone places as
     * many as any order can.
     */
    public static int placeable(int[] nodesPerZone, int pods, int maxSkew) {
        var count = new int[nodesPerZone.length];
        int placed = 0;
        for (int p = 0; p < pods; p++) {
            int min = Arrays.stream(count).min().orElse(0);
            int best = -1;
            for (int z = 0; z < count.length; z++) {
                if (count[z] < nodesPerZone[z] && count[z] + 1 - min <= maxSkew
                        && (best < 0 || count[z] < count[best])) {
                    best = z;
                }
            }
            if (best < 0) {
                break;
            }
            count[best]++;
            placed++;
        }
        return placed;
    }
}
