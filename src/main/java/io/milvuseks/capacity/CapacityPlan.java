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
 * @param queryNodesPerReplica       query nodes one replica needs for memory and disk (the QPS need is in query)
 * @param buildVcpuHours             vCPU-hours to build every segment's index once
 * @param s3Bytes                    bucket bytes: binlogs, index files and noncurrent versions
 * @param etcdVolumeBytes            etcd volume per member
 * @param queueVolumeBytes           queue volume per broker (MSK) or bookie (Pulsar); 0 for Woodpecker (S3)
 * @param pools                      nodes and cost per pool
 * @param mskUsdPerMonth             MSK brokers and their storage; 0 without MSK
 * @param s3UsdPerMonth              S3 storage
 * @param shortfalls                 pinned counts or bounds below the need
 * @param segmentMemory              query-node memory of one sealed segment (the swap headroom each node keeps)
 * @param streaming                  growing data on the streaming nodes
 * @param platformUsd                the other billed parts, one line each ({@link PlatformCost})
 * @param query                      what bound the query nodes per replica: memory/disk or the target QPS
 * @param build                      the one-time index build of a streamed load (every row indexed twice: the small
 *                                   segments, then the compacted ones), on the data pool scaled up to its max
 * @param search                     the search rate, recall and parameters the query pool is sized with, the reads a
 *                                   segment search makes on local disk, the segments, and a bulk import's build
 */
public record CapacityPlan(CapacityInput input, long rawVectorBytes, long entityBytes, long segmentsPerReplica,
                           long indexBytesPerReplica, long indexMemoryPerReplica, long indexDiskPerReplica,
                           long scalarMemoryPerReplica, long memoryNeedPerReplica, long growingBytes,
                           long queryNodeUsableMemory, long queryNodeUsableDisk, int queryNodesPerReplica,
                           double buildVcpuHours, long s3Bytes, long etcdVolumeBytes, long queueVolumeBytes,
                           Map<NodeRole, PoolPlan> pools, double mskUsdPerMonth, double s3UsdPerMonth,
                           List<Shortfall> shortfalls, long segmentMemory, Streaming streaming,
                           Map<String, Double> platformUsd, QuerySizing query, Build build, SearchSizing search) {

    /**
     * Query nodes by each need, and which one the plan follows: the count is max(memory, CPU, IOPS).
     *
     * @param byMemory     nodes one replica needs to hold its segments (memory, and local disk for DiskANN/mmap)
     * @param byCpu        nodes the whole pool needs for the target QPS at the search rate ({@link SearchRate}): each
     *                     query searches one replica's segments, and the proxy sends it to the least busy replica
     * @param byIops       nodes the whole pool needs for the target QPS at the reads a segment search makes on local
     *                     disk (DiskANN; mmap'd indexes), against the type's published random-read IOPS
     * @param qpsServed    QPS the nodes the stack runs serve (the lower of their CPU and IOPS ceilings)
     * @param qpsShortfall the pool cannot run the nodes the QPS needs (pinned or max)
     */
    public record QuerySizing(int byMemory, int byCpu, int byIops, double qpsServed, boolean qpsShortfall) {
        /** Nodes the target QPS needs: the larger of its CPU and IOPS needs. */
        public int byQps() {
            return Math.max(byCpu, byIops);
        }
    }

    /**
     * How the query pool's QPS need was computed, and the parts of the plan that come with it.
     *
     * @param rate           the search rate, recall and search parameters, with their sources ({@link SearchRate})
     * @param rateFactor     1 in a real plan (other values only to find what a target would take)
     * @param reads          4 KiB reads from local disk per segment search (0 for an index held in memory)
     * @param nodeIops       the query type's published random-read IOPS (instance store; a gp3 root volume's 3,000
     *                       without one)
     * @param segments       sealed segments, and the small ones a streamed load seals first ({@link Segments})
     * @param bulkBuild      the build of a bulk import (import v2 writes full segments: each row indexed once)
     * @param measured       which measured rates the planner read ({@link MeasuredRates#describe()})
     */
    public record SearchSizing(SearchRate rate, double rateFactor, double reads, int nodeIops, Segments segments,
                               Build bulkBuild, String measured) {
    }

    /**
     * The index build of a bulk load (every segment once), on the data pool scaled up for it (Cluster Autoscaler and
     * the data node HPA) and back down to the standing count after: billed once, never monthly.
     *
     * @param nodes      data nodes the build runs on: enough to finish within the window, at most the pool's max
     * @param hours      hours the build takes on them
     * @param usd        those node-hours at the data node type's price
     * @param overWindow the build at max nodes takes longer than {@link Assumptions#BUILD_WINDOW_HOURS}
     */
    public record Build(int nodes, double hours, double usd, boolean overWindow) {
    }

    /**
     * Growing segments on the streaming nodes (one streaming pod per data node).
     *
     * @param podMemory      the streaming pod's memory limit
     * @param capPerNode     growing bytes a streaming node holds before Milvus seals early (HWM share of the pod)
     * @param demand         growing bytes if every shard x partition filled its segment to the seal cap
     * @param nodes          streaming nodes (the data pool's node count); 0 without a data pool
     * @param perNode        growing bytes each streaming node holds: its share of the demand, at most the cap
     * @param sealBytes      size at which growing segments seal: the per-shard cap, or less when the HWM bites
     */
    public record Streaming(long podMemory, long capPerNode, long demand, int nodes, long perNode, long sealBytes) {
        public boolean earlySeal() {
            return sealBytes < (long) (Assumptions.SEGMENT_MAX_BYTES * Assumptions.SEAL_PROPORTION);
        }

        /** Growing data with its interim index over the streaming pod's memory. */
        public double memoryShare() {
            return podMemory == 0 ? 0 : (double) perNode * Assumptions.GROWING_COPIES / podMemory;
        }
    }

    /**
     * One pool: the count the planner needs, the count the stack will run (pinned, or the need within min..max),
     * and what the instances cost (their gp3 root volumes are on the EBS line, with the root volume size here).
     */
    public record PoolPlan(String instanceType, int needed, int nodes, double usdPerMonth, int diskGiB) {
    }

    /** A pinned count ({@code desired}) or bound ({@code max}) of a pool below the planner's need. */
    public record Shortfall(NodeRole role, String field, int configured, int needed) {
    }

    public CapacityPlan {
        pools = Collections.unmodifiableMap(new EnumMap<>(pools));
        shortfalls = List.copyOf(shortfalls);
        platformUsd = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(platformUsd));
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

    /** Query nodes the planner needs: every replica's memory need, or the QPS need when it is larger. */
    public int queryNodesNeeded() {
        return Math.max(queryNodesPerReplica * input.replicas(), query.byQps());
    }

    /** What bound the query pool: "memory" (and disk), "cpu" (the search rate) or "iops" (local disk reads). */
    public String queryBound() {
        if (query.byQps() <= queryNodesPerReplica * input.replicas()) {
            return "memory";
        }
        return query.byIops() > query.byCpu() ? "iops" : "cpu";
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

    /**
     * The peak share of a query pod's memory limit held by sealed segments: the fullest node's segments (whole
     * segments: ceil(segments / nodes) of them, at most the replica's need) plus one segment in flight (balance,
     * compaction). Runtime overhead comes on top; see {@link Assumptions}.
     */
    public double querySegmentShare() {
        long pod = queryNodePodMemory();
        if (pod == 0 || queryNodesPerReplica == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double average = (double) memoryNeedPerReplica / queryNodesPerReplica;
        double fullest = Math.min((double) memoryNeedPerReplica,
                (double) CapacityPlanner.ceilDiv(segmentsPerReplica, queryNodesPerReplica) * segmentMemory);
        return (Math.max(average, fullest) + Assumptions.SWAP_HEADROOM_SEGMENTS * segmentMemory) / pod;
    }

    public double platformUsdPerMonth() {
        return platformUsd.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Every standing monthly cost the plan prices (the build is one-time and apart). */
    public double totalUsdPerMonth() {
        return pools.values().stream().mapToDouble(PoolPlan::usdPerMonth).sum() + mskUsdPerMonth + s3UsdPerMonth
                + platformUsdPerMonth();
    }

    /** The EC2 instances of every pool, per month: what a Compute Savings Plan discounts. */
    public double instancesUsdPerMonth() {
        return pools.values().stream().mapToDouble(PoolPlan::usdPerMonth).sum();
    }

    /**
     * The standing cost with a 1-year no-upfront Compute Savings Plan covering the instances (an estimate:
     * {@link Assumptions#SAVINGS_PLAN_1Y_NO_UPFRONT_DISCOUNT}); EBS, MSK, S3 and the platform stay on demand.
     */
    public double totalUsdPerMonthWithSavingsPlan() {
        return totalUsdPerMonth() - instancesUsdPerMonth() * Assumptions.SAVINGS_PLAN_1Y_NO_UPFRONT_DISCOUNT;
    }

    /** A monthly cost per million vectors per replica: what the managed tiers quote ({@link ManagedAnchors}). */
    public double perMillionPerReplica(double usdPerMonth) {
        return usdPerMonth / (input.vectors() / 1e6) / input.replicas();
    }
}
