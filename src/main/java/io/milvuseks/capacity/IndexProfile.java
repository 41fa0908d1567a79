package io.milvuseks.capacity;

import io.milvuseks.config.IndexType;

/**
 * What an index type answers with at its default search parameters: expected recall, and how many segment searches a
 * vCPU runs a second. Each figure names where it comes from; "assumption" marks our own estimate.
 *
 * <p>Search rate: Milvus searches every sealed segment of a replica for every query and merges the results, so a
 * query costs one search per segment. A benchmark's QPS x the segments its collection had / its vCPUs is that rate
 * (segments from the benchmark's collection size and the Milvus version's default segment size). The query pool
 * then serves {@code nodes x vCPU x rate / segments per replica} QPS. IVF and FLAT rates are scaled by rows x dim per
 * segment ({@link #searchesPerVcpu(long, int)}); graph rates measured at 768-d are used for any dimension unscaled (a
 * narrower vector searches faster, so this errs toward more nodes), and their log growth with rows is not modelled.
 *
 * @param recall          expected recall@k at the default search parameters
 * @param recallSource    where the recall comes from
 * @param searchesPerVcpu segment searches per vCPU-second
 * @param rateSource      where the rate comes from
 * @param benchRowDims    rows x dim of one benchmark segment, for an index whose search scans a share of its
 *                        segment (IVF, FLAT); 0 for graphs
 */
public record IndexProfile(double recall, String recallSource, double searchesPerVcpu, String rateSource,
                           double benchRowDims) {

    /** A profile whose segment search costs about the same whatever the segment's rows (graphs: log growth). */
    IndexProfile(double recall, String recallSource, double searchesPerVcpu, String rateSource) {
        this(recall, recallSource, searchesPerVcpu, rateSource, 0);
    }

    /**
     * Segment searches per vCPU-second on segments of {@code rows} rows of {@code dim}: an IVF search scans a fixed
     * share of a segment's lists (nprobe of nlist), so its cost grows with rows x dim and the benchmark's rate is
     * scaled by the benchmark's rows x dim per segment over ours; a graph search's cost grows with the log of the rows
     * (not modelled) and is used as measured.
     */
    public double searchesPerVcpu(long rows, int dim) {
        return benchRowDims == 0 ? searchesPerVcpu : searchesPerVcpu * benchRowDims / ((double) rows * dim);
    }

    /** zilliztech/VectorDBBench vectordb_bench/results/Milvus/, Cohere 10M x 768-d (case 4) unless stated. */
    static final String VDBB = "VectorDBBench results/Milvus/";

    /**
     * HNSW: Milvus 2.2.12 on 16 vCPU / 64 GB, M=30, ef=100: 179 QPS at recall 0.9843 (result_20230727). 10M x 768-d
     * in 512 MB segments (the 2.2 default) is 58 segments: 179 x 58 / 16 = 649 segment searches per vCPU-second.
     */
    static final IndexProfile HNSW = new IndexProfile(0.98,
            VDBB + "result_20230727: Milvus 2.2.12 HNSW M=30 ef=100, recall 0.984", 179.0 * 58 / 16,
            VDBB + "result_20230727: 179 QPS on 16 vCPU, 58 segments");

    /**
     * HNSW_SQ (SQ8, no refine), ef=100: recall 0.9204 on Milvus 2.6.14 with segments force-merged
     * (result_20260403, the chart's 2.6 line and large segments like ours); rate from Milvus 2.5.11 on 16 vCPU: 437
     * QPS on 10M x 768-d in 1 GB segments (29): 437 x 29 / 16 = 792 (result_20250509).
     */
    static final IndexProfile HNSW_SQ = new IndexProfile(0.92,
            VDBB + "result_20260403: Milvus 2.6.14 HNSW_SQ SQ8 ef=100 no refine, recall 0.920", 437.0 * 29 / 16,
            VDBB + "result_20250509: Milvus 2.5.11, 437 QPS on 16 vCPU, 29 segments");

    /**
     * DISKANN, search_list=100 (Milvus' default): Milvus 2.2.12 on 4 vCPU / 16 GB: 61 QPS at recall 0.9911
     * (result_20230727); 10M x 768-d in 2 GB disk segments (the 2.2 default) is 15: 61 x 15 / 4 = 229.
     */
    static final IndexProfile DISKANN = new IndexProfile(0.99,
            VDBB + "result_20230727: Milvus 2.2.12 DISKANN search_list=100, recall 0.991", 61.0 * 15 / 4,
            VDBB + "result_20230727: 61 QPS on 4 vCPU, 15 segments");

    /**
     * Milvus' RaBitQ benchmark (milvus.io/blog "Bring Vector Compression to the Extreme: How Milvus Serves 3x More
     * Queries with RaBitQ", 2025-05-13; milvus-io/community blog/en): VectorDBBench on Milvus standalone, m6id.2xlarge
     * (8 vCPU), 1 M x 768-d in the default 1 GB segments: 3 segments of ~333 K rows x 768 dimensions.
     */
    static final double RABITQ_BLOG_ROW_DIMS = 1e6 / 3 * 768;
    static final String RABITQ_BLOG = "milvus.io/blog 2025-05-13 (RaBitQ, VectorDBBench 1M x 768-d, 8 vCPU, 3 segments)";

    /**
     * IVF_FLAT: 236 QPS at recall 0.952 in that benchmark: 236 x 3 / 8 = 88.5. Its nprobe is the benchmark's, not
     * Milvus' default of 8 (milvus.io/docs/ivf-flat.md), which recalls less: set nprobe in the search parameters.
     */
    static final IndexProfile IVF_FLAT = new IndexProfile(0.95, RABITQ_BLOG + ": IVF_FLAT recall 0.952",
            236.0 * 3 / 8, RABITQ_BLOG + ": IVF_FLAT 236 QPS", RABITQ_BLOG_ROW_DIMS);

    /**
     * IVF_SQ8: the benchmark gives it no figure of its own, only that IVF_RABITQ with SQ8 refine (864 QPS, recall
     * 0.947) reaches "more than half of [its] throughput at similar recall". Assumption: recall 0.94 (similar, and a
     * lossy 8-bit code); rate at that bound, 2 x 864 QPS: 1,728 x 3 / 8 = 648.
     */
    static final IndexProfile IVF_SQ8 = new IndexProfile(0.94,
            "assumption from " + RABITQ_BLOG + ": 'similar recall' to IVF_RABITQ+SQ8 refine's 0.947",
            1728.0 * 3 / 8, "assumption from " + RABITQ_BLOG + ": under 2 x 864 QPS", RABITQ_BLOG_ROW_DIMS);

    /**
     * IVF_RABITQ without refine: recall "levels off at around 76%", 648 QPS with FP32 queries in that benchmark:
     * 648 x 3 / 8 = 243. Above 0.9 only with refine, which the planner does not size (milvus.io/docs/ivf-rabitq.md).
     */
    static final IndexProfile IVF_RABITQ = new IndexProfile(0.76, RABITQ_BLOG + ": no refine, recall ~0.76",
            648.0 * 3 / 8, RABITQ_BLOG + ": 648 QPS, FP32 queries", RABITQ_BLOG_ROW_DIMS);

    /**
     * IVF_PQ (m = dim/8, 8 bits, no refine): assumption: below RaBitQ's 1-bit codes, which beat IVF_PQ by about 4
     * recall points at equal QPS in LanceDB's comparison (lancedb.com/blog/feature-rabitq-quantization, 2025-09);
     * rate as IVF_RABITQ's (both scan compact codes).
     */
    static final IndexProfile IVF_PQ = new IndexProfile(0.72,
            "assumption: ~4 points under RaBitQ (lancedb.com/blog/feature-rabitq-quantization, 2025-09)",
            IVF_RABITQ.searchesPerVcpu, "assumption: as IVF_RABITQ", RABITQ_BLOG_ROW_DIMS);

    /**
     * FLAT: exact. Rate: assumption: a full 4 GB segment (2.4 M rows at 384-d) of float32 distances per search at
     * ~20 GFLOP/s per vCPU: about 10 searches per vCPU-second. Only planned up to FLAT_MAX_VECTORS anyway.
     */
    static final IndexProfile FLAT = new IndexProfile(1.0, "exact search", 10,
            "assumption: a 4 GB segment per search at ~20 GFLOP/s per vCPU", 2.4e6 * 384);

    public static IndexProfile of(IndexType type) {
        return switch (type) {
            case FLAT -> FLAT;
            case IVF_FLAT -> IVF_FLAT;
            case IVF_SQ8 -> IVF_SQ8;
            case IVF_PQ -> IVF_PQ;
            case IVF_RABITQ -> IVF_RABITQ;
            case HNSW -> HNSW;
            case HNSW_SQ -> HNSW_SQ;
            case DISKANN -> DISKANN;
        };
    }

    public boolean meets(double minRecall) {
        return recall >= minRecall;
    }
}
