package io.milvuseks.milvus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chart's HorizontalPodAutoscaler on the data nodes ({@code dataNode.hpa}, template datanode-hpa.yaml:
 * autoscaling/v2, CPU utilization). In Milvus 2.6 the data node runs index builds and compaction (the index node
 * was merged into it: Milvus blog "How to safely upgrade from Milvus 2.5.x to 2.6.x"), so more data pods build more
 * segments' indexes at once; Cluster Autoscaler adds the data nodes they need.
 *
 * @param minReplicas    the standing count: steady ingest, compaction and the streaming nodes' pool
 * @param maxReplicas    {@code nodePools.data.max}: one data pod per node (each takes 55% of a node's memory)
 * @param cpuUtilization average CPU use over the data pods' request, in percent, that the HPA holds
 */
public record DataNodeHpa(int minReplicas, int maxReplicas, int cpuUtilization) {

    /**
     * Assumption (not measured): an index build is CPU-bound and runs its pod at its CPU limit, 0.9 of a node against
     * a request of 0.5 (MilvusSizing), i.e. 180% of the request; compaction and the steady trickle of sealed segments
     * stay well under 60%. At 60 a bulk load's builds take the HPA to its maximum in one step
     * (ceil(n x 180 / 60) = 3n), and it returns to the standing count once the builds are done (the HPA's default
     * 5-minute scale-down stabilization).
     */
    public static final int CPU_UTILIZATION = 60;

    public DataNodeHpa {
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("data node HPA needs 1 <= min <= max, got " + minReplicas + ".."
                    + maxReplicas);
        }
        if (cpuUtilization < 1 || cpuUtilization > 100) {
            throw new IllegalArgumentException("cpuUtilization must be 1..100, got " + cpuUtilization);
        }
    }

    /**
     * The dataNode values this overrides: replicas -1 drops the Deployment's replicas field (the chart renders it
     * only when {@code ge (int .Values.dataNode.replicas) 0}), so a Helm upgrade never resets what the HPA scaled.
     */
    Map<String, Object> overlay() {
        var hpa = new LinkedHashMap<String, Object>();
        hpa.put("enabled", true);
        hpa.put("minReplicas", minReplicas);
        hpa.put("maxReplicas", maxReplicas);
        hpa.put("cpuUtilization", cpuUtilization);
        var m = new LinkedHashMap<String, Object>();
        m.put("replicas", -1);
        m.put("hpa", hpa);
        return m;
    }
}
