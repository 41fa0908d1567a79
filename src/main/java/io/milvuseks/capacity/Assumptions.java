package io.milvuseks.capacity;

import io.milvuseks.instances.InstanceType;

/**
 * Every number the capacity planner assumes, with where it comes from. Milvus defaults are from milvus.yaml of
 * Milvus 2.6 (the chart's image); a value marked "assumption" is our estimate, not a measured or documented fact:
 * change it here and every plan follows. Per index type, the expected recall and the search rate that size the query
 * pool for the target QPS are in {@link IndexProfile}, each with its benchmark; the managed tiers the report compares
 * against are in {@link ManagedAnchors}.
 */
public final class Assumptions {

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;

    // ---- query node memory -----------------------------------------------------------------------------------

    /**
     * milvus.yaml {@code queryNode.overloadedMemoryThresholdPercentage: 90}: a query node refuses to load segments
     * past 90 % of its memory. Never reached by a plan: {@link #QUERY_SEGMENT_SHARE} keeps segments well below.
     */
    public static final double MILVUS_MEMORY_THRESHOLD = 0.90;

    /**
     * Milvus memory protection (quota_param.go {@code defaultLowWaterLevel 0.85}, {@code defaultHighWaterLevel 0.95};
     * QuotaCenter.getMemoryFactor): above the low water level of a query or data node's memory, DML is throttled
     * linearly; above the high water level it is rejected. Pinned in user.yaml
     * ({@code quotaAndLimits.limitWriting.memProtection.queryNodeMemoryLowWaterLevel} / {@code HighWaterLevel}, and
     * the dataNode pair) so a default change in an image cannot move them under the plan.
     */
    public static final double MEMORY_LOW_WATER_LEVEL = 0.85;
    public static final double MEMORY_HIGH_WATER_LEVEL = 0.95;

    /**
     * The share of a query node pod's memory limit the planner fills with sealed segments (index, scalars, bloom
     * filters), including the one-segment swap headroom. Our choice: with {@link #RUNTIME_OVERHEAD_SHARE} on top it
     * stays 5 points under {@link #MEMORY_LOW_WATER_LEVEL}, so a full collection never throttles ingest.
     */
    public static final double QUERY_SEGMENT_SHARE = 0.70;

    /**
     * Assumption: memory a Milvus node uses besides its segments: Go heap and gRPC buffers, segcore allocator
     * slack, search and reduce buffers for concurrent queries. 10 % of the pod.
     */
    public static final double RUNTIME_OVERHEAD_SHARE = 0.10;

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
     * kube-reserved memory for the pods a node of this type runs: {@link InstanceType#maxPods()}, the value the EKS
     * managed node group's own NodeConfig sets (it wins over ours). nodeadm would reserve for the ENI limit
     * instead, so every launch template pins this value ({@code cluster.NodeUserData}).
     */
    public static long kubeReservedMib(InstanceType type) {
        return KUBE_RESERVED_BASE_MIB + KUBE_RESERVED_PER_POD_MIB * type.maxPods();
    }

    /** amazon-eks-ami kubelet config: {@code evictionHard: memory.available: 100Mi}. */
    public static final long EVICTION_HARD_MIB = 100;

    /**
     * Our margin (issue 21 finding 6): the kernel's share is an estimate, and a node whose MemTotal is a little lower
     * than it (4.5 % of 64 GiB kept instead of 4.4 %) left every query pod Pending when the pod took all the
     * allocatable the model predicted. Every pod sized from a node leaves 3 % of the node's nominal memory
     * unrequested, so pods and DaemonSets still fit when the node's allocatable (or its memory) is 3 % lower than
     * modelled ({@code milvus.MilvusSizingMarginTest} checks it for every catalog type).
     */
    public static final double ALLOCATABLE_MARGIN_FRACTION = 0.03;

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

    /**
     * Sealed segment size, set in user.yaml as {@code dataCoord.segment.maxSize} (Milvus default 1024 MB). Our
     * choice, 4096 MB: at 1 B x 384-d, 1 GB segments make 1,640 per replica, each with its own 4,096 IVF centroids
     * (10 GB of centroids per replica and 1,640 segment searches per query); 4 GB makes 410. Maintainers size segments
     * against query-node memory ("with 12GB memory, 2/4GB segment size is what we recommended", milvus#33808;
     * milvus#25570); our query nodes have 60 GiB. The cost is a larger swap headroom (one segment). DiskANN segments use the same size ({@code dataCoord.segment.diskSegmentMaxSize}, default 2048).
     */
    public static final long SEGMENT_MAX_MB = 4096;
    public static final long SEGMENT_MAX_BYTES = SEGMENT_MAX_MB * MIB;
    public static final long DISK_SEGMENT_MAX_BYTES = SEGMENT_MAX_BYTES;

    /**
     * milvus.yaml {@code dataCoord.segment.sealProportion: 0.12}: the streaming node seals a growing segment at 12 %
     * of maxSize (the per-shard seal cap, milvus#52895), so one growing segment holds at most ~491 MiB of rows.
     */
    public static final double SEAL_PROPORTION = 0.12;

    /**
     * Milvus 2.6 {@code streaming.flush.growingSegmentBytesHwmThreshold: 0.2}: when the growing segments on a
     * streaming node pass 20 % of its memory, the largest is sealed early (seal policy growing_bytes_hwm). Growing
     * data per streaming node never exceeds this share; beyond it segments seal small and compaction merges them.
     */
    public static final double STREAMING_GROWING_HWM = 0.20;

    /** The streaming node pod's share of a data node's allocatable memory (milvus.MilvusSizing). */
    public static final double STREAMING_POD_SHARE = 0.35;

    /**
     * Milvus docs (growing segments get an interim index, {@code queryNode.segcore.interimIndex}, IVF_FLAT_CC) and
     * knowhere (IVF_FLAT_CC keeps its own copy of the vectors): a growing segment holds its rows twice.
     */
    public static final int GROWING_COPIES = 2;

    /**
     * Headroom each query node keeps for one extra sealed segment: while compaction or the balancer moves a
     * segment, the new copy is loaded before the old one is released (Milvus docs, "Load balancing" / compaction).
     * The planner reserves one segment's memory (the plan's memory per segment) inside {@link #QUERY_SEGMENT_SHARE}.
     */
    public static final int SWAP_HEADROOM_SEGMENTS = 1;

    /**
     * The build cost of a streamed load: its rows are indexed twice, once in the small segments that seal at the
     * growing-segment cap ({@link #SEAL_PROPORTION}, or earlier), and again when compaction merges them into full
     * segments and the merged segments are indexed (Milvus: an index is built per sealed segment; mix compaction
     * writes new segments, whose index is built anew). A bulk import (import v2) writes full sealed segments directly
     * (internal/datacoord/import_util.go AssignSegments: segments of up to dataCoord.segment.maxSize per vchannel and
     * partition) and is indexed once.
     */
    public static final int STREAMED_LOAD_INDEX_PASSES = 2;

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

    // ---- local disk I/O (DiskANN, mmap) -------------------------------------------------------------------------

    /**
     * Published: DiskANN reads about 0.77 4 KiB sectors per unit of search_list: microsoft/DiskANN
     * workflows/SSD_index.md, search_disk_index on SIFT (100 K vectors, R=32, beam width 2, 10 % of the nodes cached,
     * as Milvus caches {@link #DISKANN_CACHE_RATIO} of the vectors): "Mean IOs" 76.59 at L=100, 38.35 at L=50,
     * 15.93 at L=20. Milvus' search_list is that L; a larger beam (Milvus' common.DiskIndex.BeamWidthRatio) issues the
     * reads in fewer round trips, not fewer reads. A measured readsPerSearch (bench/search-rates) replaces it.
     */
    public static final double DISKANN_READS_PER_SEARCH_LIST = 76.59 / 100;
    public static final String DISKANN_READS_SOURCE = "microsoft/DiskANN workflows/SSD_index.md: 76.59 mean 4 KiB "
            + "reads at L=100 (SIFT 100 K, beam width 2, 10 % of the nodes cached)";

    /**
     * Assumption: the share of a disk's published random-read IOPS (measured at queue depth saturation) a query node
     * is planned to use: past about 80 % of saturation the queue, and with it each read's latency, grows fast.
     */
    public static final double IOPS_SHARE = 0.8;

    /** The 4 KiB page a random read fetches (the instance-store IOPS figures are for 4,096-byte blocks). */
    public static final int PAGE_BYTES = 4096;

    /**
     * Assumption: a gp3 root volume's baseline IOPS (3,000, what the node groups' gp3 root volumes get without
     * provisioned IOPS): what an mmap'd index on a type without instance store reads from.
     */
    public static final int GP3_ROOT_IOPS = 3000;

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

    /**
     * Our bound: a bulk load's index build (every segment once) should finish within 24 hours on the data pool
     * scaled up for it (at most its max). Longer is reported, not refused: the load is just slower to become
     * searchable with its final index. The standing pool is not sized for it.
     */
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

    /**
     * Estimate: a 1-year no-upfront Compute Savings Plan takes about 27 % off the on-demand EC2 instance rate of the
     * m/r/c/i families (typical of AWS' published per-type rates, aws.amazon.com/savingsplans/compute-pricing; the
     * plan covers EC2 instances of any family and region, not EBS, NAT, MSK, S3 or the EKS fee). Check the per-type
     * rate before committing: the report labels the column an estimate.
     */
    public static final double SAVINGS_PLAN_1Y_NO_UPFRONT_DISCOUNT = 0.27;

    /** AWS price list: gp3 volume storage, $/GB-month. */
    public static final double GP3_USD_PER_GB_MONTH = 0.08;
    /** AWS price list: S3 Standard first 50 TB, $/GB-month. */
    public static final double S3_USD_PER_GB_MONTH = 0.023;
    /** AWS price list: MSK broker storage, $/GB-month. */
    public static final double MSK_STORAGE_USD_PER_GB_MONTH = 0.10;

    /**
     * AWS pricing pages, us-east-1, 2025 (aws.amazon.com/eks/pricing, /vpc/pricing, /privatelink/pricing,
     * /elasticloadbalancing/pricing, /ebs/pricing, /kms/pricing, /cloudwatch/pricing).
     */
    public static final double EKS_CONTROL_PLANE_USD_PER_HOUR = 0.10; // standard support
    /** A cluster on a version in extended support (aws.amazon.com/eks/pricing: $0.60 per cluster-hour). */
    public static final double EKS_EXTENDED_SUPPORT_USD_PER_HOUR = 0.60;
    public static final double NAT_GATEWAY_USD_PER_HOUR = 0.045;
    public static final double NAT_USD_PER_GB = 0.045; // data processed
    public static final double INTERFACE_ENDPOINT_USD_PER_HOUR = 0.01; // per endpoint per AZ
    public static final double NLB_USD_PER_HOUR = 0.0225;
    public static final double NLB_USD_PER_LCU_HOUR = 0.006;
    public static final double GP3_USD_PER_IOPS_MONTH = 0.005; // above 3,000
    public static final double GP3_USD_PER_MIBPS_MONTH = 0.04; // above 125 MiB/s
    public static final int GP3_FREE_IOPS = 3000;
    public static final int GP3_FREE_MIBPS = 125;
    public static final double KMS_USD_PER_KEY_MONTH = 1.0;
    public static final double LOGS_USD_PER_GB_INGESTED = 0.50;
    public static final double LOGS_USD_PER_GB_MONTH_STORED = 0.03;

    /** The stack's interface endpoints (network.Network, prod only), one ENI per zone each. */
    public static final int INTERFACE_ENDPOINTS = io.milvuseks.network.Network.INTERFACE_ENDPOINT_SERVICES.size();
    /** The stack's customer-managed KMS keys: EKS secrets and the bucket/MSK data key. */
    public static final int KMS_KEYS = 2;

    /**
     * Assumptions: traffic and log volumes. S3 goes through the gateway endpoint (free), so NAT carries image pulls
     * from public registries and AWS APIs without an endpoint: 100 GB/month in prod (ECR, STS, EC2 and logs have
     * interface endpoints), 200 GB in staging (none). One NLB capacity unit. Control-plane logs (api, audit,
     * authenticator, controllerManager, scheduler) 30 GB/month; VPC flow logs 50 GB/month (prod); kept ~3 months.
     */
    public static final double NAT_DATA_GB_PER_MONTH_PROD = 100;
    public static final double NAT_DATA_GB_PER_MONTH_STAGING = 200;
    public static final double NLB_LCUS = 1;
    public static final double CONTROL_PLANE_LOG_GB_PER_MONTH = 30;
    public static final double FLOW_LOG_GB_PER_MONTH = 50;
    public static final double LOG_MONTHS_KEPT = 3;

    private Assumptions() {
    }
}
