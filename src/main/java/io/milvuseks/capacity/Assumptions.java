package io.milvuseks.capacity;

/**
 * Every number the capacity planner assumes, with where it comes from. Milvus defaults are from milvus.yaml of
 * Milvus 2.6 (the chart's image); a value marked "assumption" is our estimate, not a measured or documented fact:
 * change it here and every plan follows.
 */
public final class Assumptions {

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;

    // ---- query node memory -----------------------------------------------------------------------------------

    /**
     * milvus.yaml {@code queryNode.overloadedMemoryThresholdPercentage: 90}: a query node refuses to load segments
     * once they would take more than 90 % of its memory, so only 90 % of the pod's memory holds data.
     */
    public static final double MILVUS_MEMORY_THRESHOLD = 0.90;

    /**
     * Assumption: memory the kernel keeps before user space (MemTotal is below the nominal GiB of the instance
     * type; page tables, slab and the crash kernel take more). 3 % of nominal.
     */
    public static final double KERNEL_RESERVED_FRACTION = 0.03;

    /**
     * amazon-eks-ami bootstrap ({@code get_memory_mebibytes_to_reserve}): kube-reserved memory is
     * 255 MiB + 11 MiB per pod the node may run.
     */
    public static final long KUBE_RESERVED_BASE_MIB = 255;
    public static final long KUBE_RESERVED_PER_POD_MIB = 11;

    /**
     * Pods one node may run. Not left to the AMI: nodeadm (AL2023) would take the ENI limit (234 on m6in.4xlarge)
     * and reserve kube-reserved memory for that many pods. Every launch template sets this value as kubelet
     * {@code maxPods}, and the matching kube-reserved, in its nodeadm NodeConfig ({@code cluster.NodeUserData}).
     */
    public static final int MAX_PODS = 110;

    /** kube-reserved memory for {@link #MAX_PODS} pods: what the launch templates pin and what sizing subtracts. */
    public static final long KUBE_RESERVED_MIB = KUBE_RESERVED_BASE_MIB + KUBE_RESERVED_PER_POD_MIB * MAX_PODS;

    /** amazon-eks-ami kubelet config: {@code evictionHard: memory.available: 100Mi}. */
    public static final long EVICTION_HARD_MIB = 100;

    /**
     * Assumption: memory requests of the per-node daemonsets (aws-node, kube-proxy, ebs-csi-node,
     * eks-pod-identity-agent, a metrics and a log agent). 1 GiB.
     */
    public static final long DAEMONSETS_MIB = 1024;

    /**
     * Saturation point of the node count (no real cluster comes near it: Kubernetes documents 5,000 nodes per
     * cluster), so absurd what-if inputs give a huge number instead of an overflow.
     */
    public static final long MAX_NODES_PER_REPLICA = 1_000_000;

    // ---- segments ---------------------------------------------------------------------------------------------

    /** milvus.yaml {@code dataCoord.segment.maxSize: 1024} (MB): a sealed segment holds at most 1 GiB of rows. */
    public static final long SEGMENT_MAX_BYTES = 1024 * MIB;

    /** milvus.yaml {@code dataCoord.segment.diskSegmentMaxSize: 2048} (MB): sealed segments with a DiskANN index. */
    public static final long DISK_SEGMENT_MAX_BYTES = 2048 * MIB;

    /**
     * milvus.yaml {@code dataCoord.segment.sealProportion: 0.12}: a growing segment is sealed once it reaches 12 % of
     * maxSize, so one growing segment holds at most ~123 MiB of rows.
     */
    public static final double SEAL_PROPORTION = 0.12;

    /**
     * Milvus docs (growing segments get an interim index, {@code queryNode.segcore.interimIndex}, IVF_FLAT_CC) and
     * knowhere (IVF_FLAT_CC keeps its own copy of the vectors): a growing segment holds its rows twice.
     */
    public static final int GROWING_COPIES = 2;

    /**
     * Headroom each query node keeps for one extra sealed segment: while compaction or the balancer moves a
     * segment, the new copy is loaded before the old one is released (Milvus docs, "Load balancing" / compaction).
     * One segment of 1 GiB of rows whose index may be twice its row size (float16 input held as float32): 2 GiB.
     */
    public static final long SWAP_HEADROOM_BYTES = 2 * SEGMENT_MAX_BYTES;

    /** Assumption: root-volume space a node keeps for the OS, container images and logs (not for Milvus). */
    public static final long ROOT_VOLUME_RESERVED_BYTES = 30 * GIB;

    // ---- per-entity overhead ------------------------------------------------------------------------------------

    /** INT64 primary key {@code id}. */
    public static final int PRIMARY_KEY_BYTES = 8;

    /** Milvus system fields loaded with every segment: RowID (INT64) and Timestamp (INT64). */
    public static final int SYSTEM_FIELD_BYTES = 16;

    /**
     * Primary-key bloom filter in memory: milvus.yaml {@code common.maxBloomFalsePositive: 0.001} needs
     * -ln(0.001) / ln(2)^2 = 14.4 bits = 1.8 bytes per key (standard bloom filter sizing).
     */
    public static final double BLOOM_BYTES_PER_KEY = 14.4 / 8;

    // ---- vector indexes (knowhere) -------------------------------------------------------------------------------

    /** knowhere/faiss IVF inverted lists store an idx_t (8 bytes) id per vector. */
    public static final int IVF_ID_BYTES = 8;

    /** knowhere IVF centroids are float32: nlist × dim × 4 bytes per segment. */
    public static final int CENTROID_ELEMENT_BYTES = 4;

    /**
     * Conservative: knowhere converts float16/bfloat16 input to float32 for the faiss FLAT/IVF_FLAT family, so those
     * indexes are sized at 4 bytes per element whatever the element type.
     */
    public static final int FAISS_FLOAT_BYTES = 4;

    /** HNSW_SQ default {@code sq_type: SQ8} (Milvus docs, HNSW_SQ): one byte per dimension. */
    public static final int SQ8_BYTES_PER_DIM = 1;

    /**
     * hnswlib/knowhere HNSW layout per vector: level-0 link list of 2·M neighbour ids (4 bytes) plus a 4-byte count,
     * an 8-byte label, an 8-byte pointer to the upper levels, and upper levels of M ids + count reached with
     * probability 1/M each (expected (4M+4)/(M-1) bytes). Milvus docs size HNSW as N × (dim×4 + M×2×4).
     */
    public static final int HNSW_LABEL_BYTES = 8;
    public static final int HNSW_LEVEL_POINTER_BYTES = 8;

    /** faiss IndexIVFRaBitQ: dim bits of sign code plus two float32 factors per vector. */
    public static final int RABITQ_FACTOR_BYTES = 8;

    /** milvus.yaml {@code common.DiskIndex.PQCodeBudgetGBRatio: 0.125}: DiskANN PQ codes in memory. */
    public static final double DISKANN_PQ_RATIO = 0.125;
    /** milvus.yaml {@code common.DiskIndex.SearchCacheBudgetGBRatio: 0.1}: DiskANN cached graph nodes in memory. */
    public static final double DISKANN_CACHE_RATIO = 0.10;
    /** milvus.yaml {@code common.DiskIndex.MaxDegree: 56}: neighbours stored per DiskANN node on disk. */
    public static final int DISKANN_MAX_DEGREE = 56;
    /** DiskANN disk layout (diskann disk_utils create_disk_layout): nodes packed into 4 KiB sectors. */
    public static final int DISKANN_SECTOR_BYTES = 4096;

    /**
     * Assumption: with mmap on, this fraction of the index (the hot inverted lists / graph neighbourhood) must stay
     * in the page cache to keep search latency; the rest is read from local disk on demand.
     */
    public static final double MMAP_RESIDENT_FRACTION = 0.30;

    /** milvus.yaml {@code queryNode.maxDiskUsagePercentage: 95}: local disk Milvus may fill (DiskANN, mmap). */
    public static final double MILVUS_DISK_THRESHOLD = 0.95;

    /** Assumption: brute-force FLAT beyond 10 M vectors per replica cannot answer at interactive latency. */
    public static final long FLAT_MAX_VECTORS = 10_000_000L;

    // ---- data nodes: index builds, streaming ------------------------------------------------------------------

    /**
     * Assumption (knowhere build benchmarks, order of magnitude): vCPU-seconds to build the index for one million
     * 128-d vectors; scaled linearly by dim/128.
     */
    public static final double BUILD_VCPU_SECONDS_PER_M_128D_IVF = 60;
    public static final double BUILD_VCPU_SECONDS_PER_M_128D_HNSW = 3_600;
    public static final double BUILD_VCPU_SECONDS_PER_M_128D_DISKANN = 7_200;
    public static final double BUILD_VCPU_SECONDS_PER_M_128D_FLAT = 1;

    /** Assumption: a full (re)build of every segment's index must finish within 24 hours. */
    public static final double BUILD_WINDOW_HOURS = 24;

    /** milvus.yaml {@code common.buildIndexThreadPoolRatio: 0.75}: share of a data node's vCPUs used for builds. */
    public static final double BUILD_THREAD_RATIO = 0.75;

    // ---- object storage, etcd, queue ---------------------------------------------------------------------------

    /**
     * Assumption: compaction rewrites about 2 % of the segments a day; with bucket versioning every rewritten
     * object is kept as a noncurrent version for bucketNoncurrentVersionDays.
     */
    public static final double DAILY_REWRITE_FRACTION = 0.02;

    /** Assumption: insert binlogs in Milvus' storage format (parquet) are stored uncompressed for float vectors. */
    public static final double BINLOG_RATIO = 1.0;

    /**
     * Assumption: etcd meta per sealed segment (segment info, binlog paths, index meta), about 16 KiB; etcd keeps
     * revisions until compaction, so ×4.
     */
    public static final long ETCD_BYTES_PER_SEGMENT = 16 * 1024;
    public static final int ETCD_REVISION_FACTOR = 4;
    /** Milvus Helm chart: {@code etcd.persistence.size: 10Gi}, the floor for the etcd volume. */
    public static final long ETCD_VOLUME_FLOOR_BYTES = 10 * GIB;

    /**
     * Assumption: the queue must hold the whole initial load of the collection (all entities inserted within the
     * retention window), written with Kafka replication factor 3 (MSK default for 3 AZs) or Pulsar write quorum 2
     * (chart pulsarv3 default); 20 % free space on top.
     */
    public static final int KAFKA_REPLICATION = 3;
    public static final int PULSAR_WRITE_QUORUM = 2;
    /** Milvus Helm chart pulsarv3: 3 bookies. */
    public static final int PULSAR_BOOKIES = 3;
    public static final double QUEUE_FREE_SPACE = 0.20;

    // ---- prices (us-east-1, on demand, 2025) ------------------------------------------------------------------

    /** AWS price list: gp3 volume storage, $/GB-month. */
    public static final double GP3_USD_PER_GB_MONTH = 0.08;
    /** AWS price list: S3 Standard first 50 TB, $/GB-month. */
    public static final double S3_USD_PER_GB_MONTH = 0.023;
    /** AWS price list: MSK broker storage, $/GB-month. */
    public static final double MSK_STORAGE_USD_PER_GB_MONTH = 0.10;

    private Assumptions() {
    }
}
