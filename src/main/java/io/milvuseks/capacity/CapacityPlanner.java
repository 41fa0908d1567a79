package io.milvuseks.capacity;

import io.milvuseks.config.IndexType;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.InstanceType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

import static io.milvuseks.capacity.Assumptions.*;

/** Sizes the node pools for a collection and prices them. Pure arithmetic over {@link Assumptions}. */
public final class CapacityPlanner {

    private static final double GB = 1e9;

    private CapacityPlanner() {
    }

    public static CapacityPlan plan(StackSettings settings) {
        return plan(CapacityInput.from(settings));
    }

    public static CapacityPlan plan(CapacityInput in) {
        return plan(in, MeasuredRates.bundled(), 1);
    }

    /**
     * The plan with these measured rates; {@code rateFactor} multiplies the search rate (and divides DiskANN's reads)
     * the plan sizes with: 1 for a real plan, other values only to find what a target would take
     * ({@link IndexComparison#whatItWouldTake}).
     */
    public static CapacityPlan plan(CapacityInput in, MeasuredRates measured, double rateFactor) {
        long n = in.vectors();
        var index = in.index();
        double raw = (double) in.dim() * in.elementType().bytes();
        var fp = IndexFootprint.of(index, in.dim(), in.elementType());

        // Segments: dataCoord seals a segment at maxSize of rows (vector + scalars + id + system fields), and never
        // merges across (shard, partition) pairs (Segments)
        long entity = (long) raw + in.scalarBytesPerEntity() + PRIMARY_KEY_BYTES + SYSTEM_FIELD_BYTES;
        long maxBytes = IndexFootprint.segmentMaxBytes(index.type());
        var seg = Segments.of(n, entity, maxBytes, in.shards(), in.partitions(), sealCap());
        long segments = seg.sealed();
        long rowsPerSegment = seg.rowsPerSegment();

        double indexBytes = n * fp.memoryPerVector() + segments * fp.memoryPerSegment();
        double scalarPayload = (double) n * (in.scalarBytesPerEntity() + PRIMARY_KEY_BYTES + SYSTEM_FIELD_BYTES);
        double bloom = n * BLOOM_BYTES_PER_KEY;
        double indexMemory;
        double indexDisk;
        double scalarMemory;
        if (index.type().onDisk()) {
            indexMemory = indexBytes;
            indexDisk = n * fp.diskPerVector();
            scalarMemory = in.mmap() ? scalarPayload * MMAP_RESIDENT_FRACTION + bloom : scalarPayload + bloom;
            indexDisk += in.mmap() ? scalarPayload : 0;
        } else if (in.mmap()) {
            // mmap: index files and scalar fields live on local disk; the hot part stays in the page cache
            indexMemory = indexBytes * MMAP_RESIDENT_FRACTION;
            indexDisk = indexBytes + scalarPayload;
            scalarMemory = scalarPayload * MMAP_RESIDENT_FRACTION + bloom;
        } else {
            indexMemory = indexBytes;
            indexDisk = 0;
            scalarMemory = scalarPayload + bloom;
        }
        long memoryPerReplica = ceil(indexMemory) + ceil(scalarMemory);
        // one full sealed segment's memory (its rows' share of the index and scalars, plus its own centroids): the
        // swap headroom every query node keeps for a segment in flight; grows with n up to one full segment
        double indexResident = indexBytes == 0 ? 0 : indexMemory / indexBytes;
        long fullRows = Math.min(n, rowsPerSegment);
        long segmentMemory = ceil(indexResident * (fullRows * fp.memoryPerVector() + fp.memoryPerSegment())
                + scalarMemory / n * fullRows);

        var queryPool = in.pool(NodeRole.QUERY);
        var queryType = InstanceCatalog.requireEc2(queryPool.instanceType());
        long usableMemory = usableMemory(queryType, segmentMemory);
        long usableDisk = usableDisk(queryType, queryPool.diskGiB());
        // Each replica is its own node group in Milvus (replicas never share a query node), so round per replica
        // A node whose share cannot even hold one segment in flight gives nothing: no count helps, and it must be
        // reported (as beyond the node cap), never planned as MAX nodes of zero memory.
        long byMem = usableMemory == 0 ? MAX_NODES_PER_REPLICA + 1 : ceilDiv(memoryPerReplica, usableMemory);
        // A sealed segment loads whole on one query node: the fullest node holds ceil(segments / nodes) of them, so
        // the count must also fit that many full segments in a node's usable memory (410 segments on 44 nodes put
        // 10 on some, 43 GB against 40 GB usable: 46 nodes hold at most 9 each).
        // (The replica's need caps the fullest node: one node holds all of it, partial last segment included.)
        if (usableMemory > 0 && segmentMemory > 0 && byMem <= MAX_NODES_PER_REPLICA
                && Math.min(ceilDiv(segments, byMem) * segmentMemory, memoryPerReplica) > usableMemory) {
            long perNode = usableMemory / segmentMemory;
            byMem = perNode == 0 ? MAX_NODES_PER_REPLICA + 1 : Math.max(byMem, ceilDiv(segments, perNode));
        }
        var shortfalls = new ArrayList<CapacityPlan.Shortfall>();
        long byDisk = 0;
        if (indexDisk > 0 && usableDisk == 0) {
            // no local disk at all: no node count helps, the root volume (or the type) must change
            shortfalls.add(new CapacityPlan.Shortfall(NodeRole.QUERY, "diskGiB", queryPool.diskGiB(),
                    (int) (ROOT_VOLUME_RESERVED_BYTES / GIB) + 1));
        } else if (indexDisk > 0) {
            byDisk = ceilDiv(ceil(indexDisk), usableDisk);
        }
        long uncapped = Math.max(1, Math.max(byMem, byDisk));
        if (uncapped > MAX_NODES_PER_REPLICA && queryPool.max() >= MAX_NODES_PER_REPLICA) {
            // beyond any node group AWS allows (a bounded pool reports its own max below): the node type, or
            // its disk, is far too small for this data
            shortfalls.add(new CapacityPlan.Shortfall(NodeRole.QUERY, "max", (int) MAX_NODES_PER_REPLICA,
                    (int) Math.min(Integer.MAX_VALUE, uncapped)));
        }
        int byMemory = (int) Math.min(MAX_NODES_PER_REPLICA, uncapped);
        // QPS: a query searches every segment of one replica; the proxy sends each query to the least busy replica
        // (proxy.replicaSelectionPolicy look_aside, Milvus' default), so the pool's search capacity is the sum over
        // its nodes, however Milvus spreads them over the replicas. Two ceilings per node: its vCPUs x the search
        // rate, and its local disk's random reads / the reads one segment search makes (DiskANN; mmap'd indexes)
        var searchRate = SearchRate.of(index, Math.min(n, rowsPerSegment), in.dim(), in.minRecall(), measured);
        double rate = searchRate.rate() * rateFactor;
        double reads = searchRate.readsPerSegmentSearch(index, in.mmap(), Math.min(n, rowsPerSegment), fp)
                / rateFactor;
        int nodeIops = queryType.hasLocalNvme() ? queryType.randomReadIops() : GP3_ROOT_IOPS;
        double searchesPerNode = Math.min(queryType.vcpu() * rate,
                reads <= 0 ? Double.POSITIVE_INFINITY : nodeIops * IOPS_SHARE / reads);
        long byCpuLong = in.targetQps() == 0 ? 0 : (long) Math.ceil((double) in.targetQps() * segments
                / (queryType.vcpu() * rate));
        long byIopsLong = in.targetQps() == 0 || reads <= 0 ? 0 : (long) Math.ceil((double) in.targetQps() * segments
                * reads / (nodeIops * IOPS_SHARE));
        // every replica gets the same nodes (one zone group and one resource group each, QueryZones), so the QPS
        // need is rounded up to a multiple of the replicas
        int byCpu = roundToReplicas(byCpuLong, in.replicas());
        int byIops = roundToReplicas(byIopsLong, in.replicas());
        int byQps = Math.max(byCpu, byIops);

        double buildVcpuHours = n / 1e6 * (in.dim() / 128.0) * buildSecondsPerMillion128(index.type()) / 3600;

        // S3: insert binlogs and index files once (replicas load the same objects), plus noncurrent versions
        double current = n * entity * BINLOG_RATIO + indexBytes + n * fp.diskPerVector();
        double versions = current * Math.min(1.0, DAILY_REWRITE_FRACTION * in.noncurrentVersionDays());
        long s3 = ceil(current + versions);
        long etcd = Math.max(ETCD_VOLUME_FLOOR_BYTES, segments * ETCD_BYTES_PER_SEGMENT * ETCD_REVISION_FACTOR);
        long queue = queueVolume(in, (double) n * entity);

        var pools = new EnumMap<NodeRole, CapacityPlan.PoolPlan>(NodeRole.class);
        // memory and disk are hard needs (a pinned or max count below them is refused); the QPS need only raises an
        // unpinned pool's count, within its max
        var memoryPool = pool(NodeRole.QUERY, queryPool, byMemory * in.replicas(), shortfalls);
        int queryNodes = memoryPool.nodes();
        if (queryPool.desired().isEmpty() && byQps > queryNodes) {
            // within max, and still a multiple of the replicas (never below the memory count, itself a multiple)
            queryNodes = Math.max(queryNodes, Math.min(queryPool.max(), byQps) / in.replicas() * in.replicas());
        }
        pools.put(NodeRole.QUERY, new CapacityPlan.PoolPlan(queryPool.instanceType(),
                Math.max(memoryPool.needed(), byQps), queryNodes, queryNodes * queryType.usdPerMonth(),
                queryPool.diskGiB()));
        double qpsServed = (double) queryNodes * searchesPerNode / segments;
        var query = new CapacityPlan.QuerySizing(byMemory, byCpu, byIops, qpsServed,
                Math.max(byCpuLong, byIopsLong) > queryNodes);

        var dataPool = in.pool(NodeRole.DATA);
        var streaming = new CapacityPlan.Streaming(0, 0, growingDemand(in), 0, 0, sealCap());
        var build = new CapacityPlan.Build(0, 0, 0, false);
        var bulkBuild = build;
        if (dataPool != null) {
            var dataType = InstanceCatalog.requireEc2(dataPool.instanceType());
            long streamingPod = streamingPodMemory(dataType);
            long cap = (long) Math.floor(streamingPod * STREAMING_GROWING_HWM);
            // enough streaming nodes that growing segments reach the seal cap, but no more than shards: a shard's
            // growing segments all live on one streaming node
            long streamingNodes = Math.min(in.shards(), cap == 0 ? in.shards() : ceilDiv(streaming.demand(), cap));
            // the standing pool: streaming (and the steady ingest's flushes, compaction and index builds that run
            // beside it); a bulk load's index build scales the pool up and back (below), never holds it up
            int dataNeeded = (int) Math.min(Integer.MAX_VALUE, Math.max(1, streamingNodes));
            if (dataPool.desired().isEmpty()) {
                dataNeeded = evenlySpread(dataNeeded, in.shards(), dataPool.max());
            }
            var dataPlan = pool(NodeRole.DATA, dataPool, dataNeeded, new ArrayList<>());
            pools.put(NodeRole.DATA, dataPlan);
            streaming = streaming(in, streamingPod, cap, dataPlan.nodes());
            // a streamed load indexes every row twice (small segments, then the compacted ones); a bulk import once
            build = build(buildVcpuHours * STREAMED_LOAD_INDEX_PASSES, dataType, dataPlan.nodes(), dataPool.max());
            bulkBuild = build(buildVcpuHours, dataType, dataPlan.nodes(), dataPool.max());
        }
        // the small segments a streamed load seals, where its growing segments seal
        seg = Segments.of(n, entity, maxBytes, in.shards(), in.partitions(), Math.max(1, streaming.sealBytes()));
        for (var role : List.of(NodeRole.COORD, NodeRole.INFRA)) {
            var p = in.pool(role);
            if (p != null) {
                // not sized by the planner (coordinators, etcd, queue): needed 0, runs desired or min
                pools.put(role, pool(role, p, 0, new ArrayList<>()));
            }
        }
        double msk = in.msk().map(m -> InstanceCatalog.msk(m.brokerInstanceType())
                .map(t -> m.brokerCount() * (t.usdPerMonth() + m.volumeGiB() * MSK_STORAGE_USD_PER_GB_MONTH))
                .orElse(0.0)).orElse(0.0);
        double s3Usd = s3 / GB * S3_USD_PER_GB_MONTH;
        long rootGiB = pools.values().stream().mapToLong(p -> (long) p.nodes() * p.diskGiB()).sum();
        long growing = streaming.nodes() == 0 ? streaming.demand() * GROWING_COPIES
                : streaming.perNode() * streaming.nodes() * GROWING_COPIES;
        return new CapacityPlan(in, ceil(n * raw), entity, segments, ceil(indexBytes), ceil(indexMemory),
                ceil(indexDisk), ceil(scalarMemory), memoryPerReplica, growing, usableMemory, usableDisk, byMemory,
                buildVcpuHours, s3, etcd, queue, pools, msk, s3Usd, shortfalls, segmentMemory, streaming,
                PlatformCost.lines(in.platform(), rootGiB), query, build,
                new CapacityPlan.SearchSizing(searchRate, rateFactor, reads, nodeIops, seg, bulkBuild,
                        measured.describe()));
    }

    private static int roundToReplicas(long nodes, int replicas) {
        return (int) Math.min(MAX_NODES_PER_REPLICA * replicas, ceilDiv(nodes, replicas) * replicas);
    }

    /**
     * The one-time build on data nodes of the pool's type: as many as finish it within the build window, at least the
     * standing count (they build too), at most the pool's max; over the window at max, it just takes longer.
     */
    static CapacityPlan.Build build(double vcpuHours, InstanceType type, int standing, int max) {
        double perNodeHour = type.vcpu() * BUILD_THREAD_RATIO;
        long forWindow = (long) Math.ceil(vcpuHours / (BUILD_WINDOW_HOURS * perNodeHour));
        int nodes = (int) Math.max(Math.max(1, standing), Math.min(max, forWindow));
        double hours = vcpuHours / (nodes * perNodeHour);
        return new CapacityPlan.Build(nodes, hours, nodes * hours * type.usdPerHour(),
                hours > BUILD_WINDOW_HOURS + 1e-9);
    }

    /** Growing bytes (rows, before the interim index) when every shard x partition fills a segment to the cap. */
    static long growingDemand(CapacityInput in) {
        return (long) in.shards() * Math.max(1, in.partitions()) * sealCap();
    }

    /** dataCoord.segment.sealProportion x maxSize: the most one growing segment holds. */
    static long sealCap() {
        return (long) (SEGMENT_MAX_BYTES * SEAL_PROPORTION);
    }

    /** The streaming pod's memory limit on a data node: its share, in whole 64 MiB, as MilvusSizing sets it. */
    public static long streamingPodMemory(InstanceType dataType) {
        return (long) (podMemory(dataType) / MIB * STREAMING_POD_SHARE) / 64 * 64 * MIB;
    }

    private static CapacityPlan.Streaming streaming(CapacityInput in, long pod, long cap, int nodes) {
        long demand = growingDemand(in);
        long perNode = Math.min(cap, ceilDiv(demand, nodes));
        // a node carries its shards' growing segments; when the HWM bites they seal at the cap's share each
        long segmentsPerNode = ceilDiv((long) in.shards() * Math.max(1, in.partitions()), nodes);
        long seal = Math.min(sealCap(), perNode / Math.max(1, segmentsPerNode));
        return new CapacityPlan.Streaming(pod, cap, demand, nodes, perNode, seal);
    }

    /**
     * The smallest node count from {@code needed} up that spreads the shards evenly (shards a multiple of it),
     * within {@code max}; {@code needed} itself when none does (CapacityCheck then names the mismatch).
     */
    static int evenlySpread(int needed, int shards, int max) {
        for (int n = needed; n <= Math.min(shards, max); n++) {
            if (shards % n == 0) {
                return n;
            }
        }
        return needed;
    }

    /**
     * Memory one query node gives sealed segments at rest: {@link Assumptions#QUERY_SEGMENT_SHARE} of the pod's
     * memory ({@link #podMemory}) less one segment of swap headroom, so segments in flight stay inside the share
     * and, with the runtime overhead, under Milvus' low water level.
     */
    public static long usableMemory(InstanceType type, long segmentMemory) {
        return Math.max(0, (long) Math.floor(podMemory(type) * QUERY_SEGMENT_SHARE)
                - SWAP_HEADROOM_SEGMENTS * segmentMemory);
    }

    /**
     * Memory left for the Milvus pod on a node of this type (its memory limit; Milvus reads its size from the
     * cgroup): the node's allocatable ({@link #allocatableMemory}) less the daemonsets and a margin of
     * {@link Assumptions#ALLOCATABLE_MARGIN_FRACTION} of the nominal memory, so the pods still fit a node whose
     * kernel keeps a little more than modelled (issue 21 finding 6). Whole MiB, because the Helm values
     * (MilvusSizing) set exactly this as the query node's limit in Mi.
     */
    public static long podMemory(InstanceType type) {
        double nominal = type.memoryGiB() * (double) GIB;
        long bytes = Math.max(0, (long) Math.floor(allocatableMemory(type) - nominal * ALLOCATABLE_MARGIN_FRACTION
                - DAEMONSETS_MIB * (double) MIB));
        return bytes / MIB * MIB; // whole MiB, so the Helm query-node limit (in Mi) is exactly this number
    }

    /**
     * The model of a node's allocatable memory (what the kubelet offers pods): nominal memory less the kernel's share
     * ({@link Assumptions#KERNEL_RESERVED_FRACTION}), kube-reserved and the eviction threshold.
     */
    public static double allocatableMemory(InstanceType type) {
        double nominal = type.memoryGiB() * (double) GIB;
        return Math.max(0, nominal * (1 - KERNEL_RESERVED_FRACTION)
                - (kubeReservedMib(type) + EVICTION_HARD_MIB) * (double) MIB);
    }

    /** Local disk one node gives Milvus: instance-store NVMe when present, else the root volume less the OS share. */
    public static long usableDisk(InstanceType type, int rootDiskGiB) {
        double bytes = type.hasLocalNvme() ? type.nvmeGB() * GB
                : Math.max(0, rootDiskGiB * (double) GIB - ROOT_VOLUME_RESERVED_BYTES);
        return (long) Math.floor(bytes * MILVUS_DISK_THRESHOLD);
    }

    private static double buildSecondsPerMillion128(IndexType type) {
        return switch (type) {
            case FLAT -> BUILD_VCPU_SECONDS_PER_M_128D_FLAT;
            case IVF_FLAT, IVF_SQ8, IVF_PQ, IVF_RABITQ -> BUILD_VCPU_SECONDS_PER_M_128D_IVF;
            case HNSW, HNSW_SQ -> BUILD_VCPU_SECONDS_PER_M_128D_HNSW;
            case DISKANN -> BUILD_VCPU_SECONDS_PER_M_128D_DISKANN;
        };
    }

    private static long queueVolume(CapacityInput in, double entityBytes) {
        return switch (in.queue()) {
            case MSK -> ceil(entityBytes * KAFKA_REPLICATION / in.msk().map(CapacityInput.Msk::brokerCount).orElse(3)
                    * (1 + QUEUE_FREE_SPACE));
            case PULSAR -> ceil(entityBytes * PULSAR_WRITE_QUORUM / PULSAR_BOOKIES * (1 + QUEUE_FREE_SPACE));
            case WOODPECKER -> 0;
        };
    }

    /** Only the query pool's shortfalls are kept: data, coord and infra nodes slow things down, never lose data. */
    private static CapacityPlan.PoolPlan pool(NodeRole role, PoolSpec spec, int needed,
                                              List<CapacityPlan.Shortfall> shortfalls) {
        int nodes;
        if (spec.desired().isPresent()) {
            nodes = spec.desired().getAsInt();
            if (nodes < needed) {
                shortfalls.add(new CapacityPlan.Shortfall(role, "desired", nodes, needed));
            }
        } else {
            nodes = Math.max(spec.min(), needed);
        }
        if (spec.max() < needed) {
            shortfalls.add(new CapacityPlan.Shortfall(role, "max", spec.max(), needed));
        }
        // Over max only with allowUndersized (else load() refuses the stack): the group cannot exceed its max
        nodes = Math.min(nodes, spec.max());
        var type = InstanceCatalog.requireEc2(spec.instanceType());
        // instances only: the root volumes are billed on the platform's EBS line
        return new CapacityPlan.PoolPlan(spec.instanceType(), needed, nodes, nodes * type.usdPerMonth(),
                spec.diskGiB());
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long ceil(double d) {
        return (long) Math.ceil(d);
    }
}
