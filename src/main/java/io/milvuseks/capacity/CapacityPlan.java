package io.milvuseks.capacity;

import io.milvuseks.config.NodeRole;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the collection needs and what the node pools provide, per replica and in total. Bytes are decimal counts
 * of bytes; money is US dollars per month (730 h).
 *
 * @param rawVectorBytes             one copy of the vectors at their element width
 * @param entityBytes                one entity as stored in a segment (vector, scalars, id, system fields)
 * @param segmentsPerReplica         sealed segments of one replica
 * @param indexBytesPerReplica       the vector index of one replica, wherever it lives
 * @param indexMemoryPerReplica      the part of the index held in query-node memory
 * @param indexDiskPerReplica        index (and mmap'd data) on query-node local disk: DiskANN files or mmap
 * @param scalarMemoryPerReplica     scalar fields, id, system fields and the primary-key bloom filter in memory
 * @param memoryNeedPerReplica       index memory + scalar memory of one replica
 * @param growingBytes               growing segments with their interim index (streaming nodes, data pool)
 * @param queryNodeUsableMemory      memory one query node gives Milvus' segments after reserves and threshold
 * @param queryNodeUsableDisk        local disk one query node gives Milvus (NVMe, else the root volume)
 * @param queryNodesPerReplica       query nodes one replica needs (memory and disk)
 * @param buildVcpuHours             vCPU-hours to build every segment's index once
 * @param s3Bytes                    bucket bytes: binlogs, index files and noncurrent versions
 * @param etcdVolumeBytes            etcd volume per member
 * @param queueVolumeBytes           queue volume per broker (MSK) or bookie (Pulsar); 0 for Woodpecker (S3)
 * @param pools                      nodes and cost per pool
 * @param mskUsdPerMonth             MSK brokers and their storage; 0 without MSK
 * @param s3UsdPerMonth              S3 storage
 * @param shortfalls                 pinned counts or bounds below the need
 */
public record CapacityPlan(CapacityInput input, long rawVectorBytes, long entityBytes, long segmentsPerReplica,
                           long indexBytesPerReplica, long indexMemoryPerReplica, long indexDiskPerReplica,
                           long scalarMemoryPerReplica, long memoryNeedPerReplica, long growingBytes,
                           long queryNodeUsableMemory, long queryNodeUsableDisk, int queryNodesPerReplica,
                           double buildVcpuHours, long s3Bytes, long etcdVolumeBytes, long queueVolumeBytes,
                           Map<NodeRole, PoolPlan> pools, double mskUsdPerMonth, double s3UsdPerMonth,
                           List<Shortfall> shortfalls) {

    /**
     * One pool: the count the planner needs, the count the stack will run (pinned, or the need within min..max),
     * and what that costs (instances and their gp3 root volumes).
     */
    public record PoolPlan(String instanceType, int needed, int nodes, double usdPerMonth) {
    }

    /** A pinned count ({@code desired}) or bound ({@code max}) of a pool below the planner's need. */
    public record Shortfall(NodeRole role, String field, int configured, int needed) {
    }

    public CapacityPlan {
        pools = Collections.unmodifiableMap(new EnumMap<>(pools));
        shortfalls = List.copyOf(shortfalls);
    }

    /** Nodes the stack runs in a pool: the pinned count, else the planner's count within min..max. */
    public int nodeCount(NodeRole role) {
        var p = pools.get(role);
        return p == null ? 0 : p.nodes();
    }

    /** Memory limit for one query node pod (one per node): the node's memory after OS and Kubernetes reserves. */
    public long queryNodePodMemory() {
        return CapacityPlanner.podMemory(io.milvuseks.instances.InstanceCatalog.requireEc2(
                input.pool(NodeRole.QUERY).instanceType()));
    }

    public int queryNodesNeeded() {
        return queryNodesPerReplica * input.replicas();
    }

    /** Memory all replicas need on query nodes. */
    public long memoryNeed() {
        return memoryNeedPerReplica * input.replicas();
    }

    /** Memory the query nodes the stack runs give Milvus' segments. */
    public long memoryProvisioned() {
        return queryNodeUsableMemory * nodeCount(NodeRole.QUERY);
    }

    /** Need over provisioned: at most 1.0 when the data fits. */
    public double memoryRatio() {
        long prov = memoryProvisioned();
        return prov == 0 ? Double.POSITIVE_INFINITY : (double) memoryNeed() / prov;
    }

    public double totalUsdPerMonth() {
        return pools.values().stream().mapToDouble(PoolPlan::usdPerMonth).sum() + mskUsdPerMonth + s3UsdPerMonth;
    }
}
