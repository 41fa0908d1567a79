package io.milvuseks.capacity;

import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an index answers with at the search parameters of a published run: expected recall, how many segment searches
 * a vCPU runs a second, and those search parameters. Each figure names where it comes from; "assumption" marks our own
 * estimate. Measured figures (bench/search-rates, {@link MeasuredRates}) replace these by the rule in
 * {@link SearchRate}; these are shown beside them.
 *
 * <p>Search rate: Milvus searches every sealed segment of a replica for every query and merges the results, so a
 * query costs one search per segment. A benchmark's QPS x the segments its collection had / its vCPUs is that rate
 * (segments from the benchmark's collection size and the Milvus version's default segment size). The query pool
 * then serves {@code nodes x vCPU x rate / segments per replica} QPS. IVF and FLAT rates are scaled by rows x dim per
 * segment ({@link #searchesPerVcpu(long, int)}); graph rates measured at 768-d are used for any dimension unscaled (a
 * narrower vector searches faster, so this errs toward more nodes), and their log growth with rows is not modelled.
 * VectorDBBench reports recall@100 (its k); verify checks recall@10.
 *
 * @param variant         the index as the compare table names it (type, and refine when it has one)
 * @param recall          expected recall at {@code searchParams}
 * @param recallSource    where the recall comes from
 * @param searchesPerVcpu segment searches per vCPU-second at {@code searchParams}
 * @param rateSource      where the rate comes from
 * @param benchRowDims    rows x dim of one benchmark segment, for an index whose search scans a share of its
 *                        segment (IVF, FLAT); 0 for graphs
 * @param searchParams    the search parameters the recall and rate were measured at (what the stack exports and
 *                        verify searches with); IVF's nprobe as a share of nlist, see {@link #searchParams(IndexSpec)}
 * @param paramsSource    where they come from
 */
public record IndexProfile(String variant, double recall, String recallSource, double searchesPerVcpu,
                           String rateSource, double benchRowDims, Map<String, Object> searchParams,
                           String paramsSource) {

    public IndexProfile {
        searchParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(searchParams));
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

    /** The search parameters for an index built with {@code spec}: IVF's nprobe follows the share of its nlist. */
    public Map<String, Object> searchParams(IndexSpec spec) {
        var out = new LinkedHashMap<String, Object>(searchParams);
        if (out.containsKey(NPROBE_SHARE)) {
            double share = ((Number) out.remove(NPROBE_SHARE)).doubleValue();
            int nlist = spec.param("nlist", 4096);
            var ordered = new LinkedHashMap<String, Object>();
            ordered.put("nprobe", Math.max(1, Math.min(nlist, (int) Math.round(nlist * share))));
            ordered.putAll(out);
            return ordered;
        }
        return out;
    }

    public boolean meets(double minRecall) {
        return recall >= minRecall;
    }

    /** Internal key: IVF's nprobe as a share of nlist, resolved by {@link #searchParams(IndexSpec)}. */
    static final String NPROBE_SHARE = "nprobe/nlist";

    /** zilliztech/VectorDBBench vectordb_bench/results/Milvus/, Cohere 10M x 768-d (case 4) unless stated. */
    static final String VDBB = "VectorDBBench results/Milvus/";

    /**
     * Assumption: the IVF runs behind these profiles do not publish their nprobe; 1/64 of nlist (64 of 4,096 lists,
     * about 1.6 % of a segment) is where IVF_FLAT commonly reaches recall 0.95 on clustered embeddings. A measured
     * nprobe replaces it.
     */
    static final double IVF_NPROBE_SHARE = 1.0 / 64;
    static final String IVF_PARAMS_SOURCE = "assumption: nprobe = nlist / 64 (the runs do not publish theirs)";

    /**
     * HNSW: Milvus 2.2.12 on 16 vCPU / 64 GB, M=30, ef=100: 179 QPS at recall 0.9843 (result_20230727). 10M x 768-d
     * in 512 MB segments (the 2.2 default) is 58 segments: 179 x 58 / 16 = 649 segment searches per vCPU-second.
     */
    static final IndexProfile HNSW = new IndexProfile("HNSW", 0.98,
            VDBB + "result_20230727: Milvus 2.2.12 HNSW M=30 ef=100, recall 0.984", 179.0 * 58 / 16,
            VDBB + "result_20230727: 179 QPS on 16 vCPU, 58 segments", 0, Map.of("ef", 100),
            VDBB + "result_20230727: ef=100");

    /**
     * HNSW_SQ (SQ8, no refine), ef=100: Milvus 2.5.11 on 16 vCPU / 64 GB, M=16: recall 0.9528 at 3,465 QPS on Cohere
     * 1M x 768-d (case 5, result_20250509), in the 2.5 default 1 GB segments: 3 segments of 333 K rows,
     * 3,465 x 3 / 16 = 650 segment searches per vCPU-second.
     */
    static final IndexProfile HNSW_SQ = new IndexProfile("HNSW_SQ", 0.9528,
            VDBB + "result_20250509: Milvus 2.5.11 HNSW_SQ SQ8 M=16 ef=100 no refine, recall 0.953 (Cohere 1M)",
            3465.0 * 3 / 16, VDBB + "result_20250509: 3,465 QPS on 16 vCPU, 3 segments", 0, Map.of("ef", 100),
            VDBB + "result_20250509: ef=100");

    /**
     * HNSW_SQ with sq_type SQ4U and an FP16 refine copy, ef=200, refine_k=1: recall 0.9556 on Milvus 2.6.14 (Cohere
     * 10M x 768-d, result_20260403, 2,762 QPS; 3,917 at ef=100). That run's collection was force-merged and its segment
     * count is not published, so its QPS gives only the cost of ef=200 against ef=100 (2,762 / 3,917); assumption:
     * that ratio applied to the 2.5.11 HNSW_SQ rate at ef=100 ({@link #HNSW_SQ}).
     */
    static final IndexProfile HNSW_SQ_REFINE = new IndexProfile("HNSW_SQ+refine", 0.9556,
            VDBB + "result_20260403: Milvus 2.6.14 HNSW_SQ SQ4U + FP16 refine, ef=200, recall 0.956",
            HNSW_SQ.searchesPerVcpu * 2762 / 3917, "assumption: " + VDBB + "result_20250509's 650 x result_20260403's "
            + "ef=200/ef=100 QPS (2,762 / 3,917)", 0, Map.of("ef", 200, "refine_k", 1),
            VDBB + "result_20260403: ef=200, refine_k=1");

    /**
     * DISKANN, search_list=100 (Milvus' default): Milvus 2.2.12 on 4 vCPU / 16 GB: 61 QPS at recall 0.9911
     * (result_20230727); 10M x 768-d in 2 GB disk segments (the 2.2 default) is 15: 61 x 15 / 4 = 229.
     */
    static final IndexProfile DISKANN = new IndexProfile("DISKANN", 0.99,
            VDBB + "result_20230727: Milvus 2.2.12 DISKANN search_list=100, recall 0.991", 61.0 * 15 / 4,
            VDBB + "result_20230727: 61 QPS on 4 vCPU, 15 segments", 0, Map.of("search_list", 100),
            VDBB + "result_20230727: search_list=100");

    /**
     * Milvus' RaBitQ benchmark (milvus.io/blog "Bring Vector Compression to the Extreme: How Milvus Serves 3x More
     * Queries with RaBitQ", 2025-05-13; milvus-io/community blog/en): VectorDBBench on Milvus standalone, m6id.2xlarge
     * (8 vCPU), 1 M x 768-d in the default 1 GB segments: 3 segments of ~333 K rows x 768 dimensions.
     */
    static final double RABITQ_BLOG_ROW_DIMS = 1e6 / 3 * 768;
    static final String RABITQ_BLOG =
            "milvus.io/blog 2025-05-13 (RaBitQ, VectorDBBench 1M x 768-d, 8 vCPU, 3 segments)";

    /** IVF_FLAT: 236 QPS at recall 0.952 in that benchmark: 236 x 3 / 8 = 88.5. */
    static final IndexProfile IVF_FLAT = new IndexProfile("IVF_FLAT", 0.952, RABITQ_BLOG + ": IVF_FLAT recall 0.952",
            236.0 * 3 / 8, RABITQ_BLOG + ": IVF_FLAT 236 QPS", RABITQ_BLOG_ROW_DIMS,
            Map.of(NPROBE_SHARE, IVF_NPROBE_SHARE), IVF_PARAMS_SOURCE);

    /**
     * IVF_SQ8: the benchmark gives it no figure of its own, only that IVF_RABITQ with SQ8 refine (864 QPS, recall
     * 0.947) reaches "more than half of [its] throughput at similar recall". Assumption: recall 0.94 (similar, and a
     * lossy 8-bit code); rate at that bound, 2 x 864 QPS: 1,728 x 3 / 8 = 648.
     */
    static final IndexProfile IVF_SQ8 = new IndexProfile("IVF_SQ8", 0.94,
            "assumption from " + RABITQ_BLOG + ": 'similar recall' to IVF_RABITQ+SQ8 refine's 0.947",
            1728.0 * 3 / 8, "assumption from " + RABITQ_BLOG + ": under 2 x 864 QPS", RABITQ_BLOG_ROW_DIMS,
            Map.of(NPROBE_SHARE, IVF_NPROBE_SHARE), IVF_PARAMS_SOURCE);

    /**
     * IVF_RABITQ without refine: recall "levels off at around 76%", 648 QPS with FP32 queries in that benchmark:
     * 648 x 3 / 8 = 243.
     */
    static final IndexProfile IVF_RABITQ = new IndexProfile("IVF_RABITQ", 0.76,
            RABITQ_BLOG + ": no refine, recall ~0.76",
            648.0 * 3 / 8, RABITQ_BLOG + ": 648 QPS, FP32 queries", RABITQ_BLOG_ROW_DIMS,
            Map.of(NPROBE_SHARE, IVF_NPROBE_SHARE, "rbq_query_bits", 0), IVF_PARAMS_SOURCE + "; FP32 queries");

    /**
     * IVF_RABITQ with an SQ8 refine copy and SQ8 queries: recall 0.947 at 864 QPS in that benchmark: 864 x 3 / 8 =
     * 324. Just under a 0.95 floor as published. refine_k: Milvus' default 1 (the blog does not give its own).
     */
    static final IndexProfile IVF_RABITQ_REFINE = new IndexProfile("IVF_RABITQ+refine", 0.947,
            RABITQ_BLOG + ": SQ8 refine + SQ8 queries, recall 0.947", 864.0 * 3 / 8, RABITQ_BLOG + ": 864 QPS",
            RABITQ_BLOG_ROW_DIMS, Map.of(NPROBE_SHARE, IVF_NPROBE_SHARE, "rbq_query_bits", 8, "refine_k", 1),
            IVF_PARAMS_SOURCE + "; SQ8 queries; refine_k Milvus' default");

    /**
     * IVF_PQ (m = dim/8, 8 bits, no refine): assumption: below RaBitQ's 1-bit codes, which beat IVF_PQ by about 4
     * recall points at equal QPS in LanceDB's comparison (lancedb.com/blog/feature-rabitq-quantization, 2025-09);
     * rate as IVF_RABITQ's (both scan compact codes).
     */
    static final IndexProfile IVF_PQ = new IndexProfile("IVF_PQ", 0.72,
            "assumption: ~4 points under RaBitQ (lancedb.com/blog/feature-rabitq-quantization, 2025-09)",
            IVF_RABITQ.searchesPerVcpu, "assumption: as IVF_RABITQ", RABITQ_BLOG_ROW_DIMS,
            Map.of(NPROBE_SHARE, IVF_NPROBE_SHARE), IVF_PARAMS_SOURCE);

    /**
     * FLAT: exact. Rate: assumption: a full 4 GB segment (2.4 M rows at 384-d) of float32 distances per search at
     * ~20 GFLOP/s per vCPU: about 10 searches per vCPU-second. Only planned up to FLAT_MAX_VECTORS anyway.
     */
    static final IndexProfile FLAT = new IndexProfile("FLAT", 1.0, "exact search", 10,
            "assumption: a 4 GB segment per search at ~20 GFLOP/s per vCPU", 2.4e6 * 384, Map.of(), "none needed");

    /** The published profile of the index without refine. */
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

    /** The published profile of the index as built: a refine index has its own. */
    public static IndexProfile of(IndexSpec spec) {
        if (spec.refined() && spec.type() == IndexType.HNSW_SQ) {
            return HNSW_SQ_REFINE;
        }
        if (spec.refined() && spec.type() == IndexType.IVF_RABITQ) {
            return IVF_RABITQ_REFINE;
        }
        return of(spec.type());
    }
}
