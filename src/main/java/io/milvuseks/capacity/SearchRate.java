package io.milvuseks.capacity;

import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.milvuseks.capacity.Assumptions.*;

/**
 * The search rate, recall, search parameters and disk reads a plan sizes with, and where each comes from. The rule
 * (documented in docs/capacity.md, tested with a fixture in SearchRateTest):
 * <ol>
 *   <li>Measured on embeddings wins. When the results file has a dataset of a model's embeddings of a real corpus
 *       ({@code "kind": "embeddings"}), among the results of the same index (and refine or not) on it, Milvus' own
 *       engine first, the first with a point at the floor is used: its {@code atRecall} entry for the floor, else its
 *       fastest sweep point with recall@10 at or above the floor. Its rate is per segment of the measured rows x dim:
 *       scan indexes (IVF, FLAT) are scaled to the plan's rows per segment x dim, graphs are used as measured. Its
 *       search parameters are exported (IVF's nprobe scaled by the plan's nlist over the measured one); DISKANN's
 *       measured reads per search replace the published ratio.</li>
 *   <li>Synthetic only (the committed file: "clustered" and "uniform"): the published profile sizes the plan at its
 *       search parameters, and the clustered measurement is shown beside it. The clustered mixture is easier than
 *       text embeddings: HNSW_SQ (SQ8, M 16) reaches recall 0.965 at ef 32 there, where VectorDBBench's Cohere 1M run
 *       reaches 0.953 at ef 100 (result_20250509), so its rates and parameters would promise a recall real data
 *       does not reach.</li>
 *   <li>Measured (on either) and no point reaches the floor: the index is below it, whatever the published recall
 *       says (an index that misses the floor on the easier data misses it on embeddings).</li>
 *   <li>Not measured: the published profile ({@link IndexProfile}) at its search parameters.</li>
 *   <li>Both: the published rate is shown beside the measured one, and when they differ by more than 2x either way
 *       the report says so. The uniform dataset's recall and rate at the same parameters are shown as the hard case,
 *       never sized with.</li>
 * </ol>
 *
 * @param published        the published profile of the index variant
 * @param publishedRate    its rate scaled to the plan's segments
 * @param measured         the measured point at the floor, when there is one: sized with (rule 1) or shown (rule 2)
 * @param rate             the rate the plan sizes with
 * @param rateSource       where it comes from
 * @param recall           the recall the plan promises at {@code searchParams}
 * @param recallSource     where it comes from
 * @param searchParams     the search parameters behind recall and rate (exported; verify searches with them)
 * @param paramsSource     where they come from
 * @param diskannReads     4 KiB reads per DISKANN segment search (0 for other indexes)
 * @param readsSource      where they come from
 * @param hardCase         the uniform dataset at the same parameters: "recall r at n/vCPU-s", when measured
 * @param divergence       the measured and published rates differ by more than 2x: the sentence saying so
 */
public record SearchRate(IndexProfile published, double publishedRate, Optional<Measured> measured, double rate,
                         String rateSource, double recall, String recallSource, Map<String, Object> searchParams,
                         String paramsSource, double diskannReads, String readsSource, Optional<String> hardCase,
                         Optional<String> divergence) {

    /** A measured point, the result it belongs to, and its rate scaled to the plan's segments. */
    public record Measured(MeasuredRates.Result result, MeasuredRates.Point point, double scaledRate) {
    }

    /** Beyond this ratio between measured and published rates (either way) the report flags the difference. */
    public static final double DIVERGENCE = 2.0;

    public SearchRate {
        searchParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(searchParams));
    }

    public boolean meets(double floor) {
        return recall >= floor;
    }

    public boolean recallMeasured() {
        return recallSource.startsWith("measured");
    }

    /** The rule above, for an index built with {@code spec} on segments of {@code rows} x {@code dim}. */
    public static SearchRate of(IndexSpec spec, long rows, int dim, double floor, MeasuredRates measured) {
        var profile = IndexProfile.of(spec);
        double publishedRate = profile.searchesPerVcpu(rows, dim);
        var params = profile.searchParams(spec);
        double reads = spec.type() == IndexType.DISKANN ? diskannReads(params) : 0;
        var sizing = measured.sizingDataset();
        var results = measured.of(spec, sizing.orElse(MeasuredRates.CLUSTERED));
        for (var r : results) {
            var point = MeasuredRates.atFloor(r, floor);
            if (point.isEmpty()) {
                continue;
            }
            var p = point.get();
            double scaled = profile.benchRowDims() == 0 ? p.searchesPerCpuSecond()
                    : p.searchesPerCpuSecond() * ((double) r.rows() * r.dim()) / ((double) rows * dim);
            var m = new Measured(r, p, scaled);
            String where = r.engine() + ", " + r.dataset() + " " + count(r.rows()) + " x " + r.dim() + "-d";
            if (sizing.isEmpty()) {
                // rule 2: synthetic data only; published sizes, the measurement is shown beside it
                return new SearchRate(profile, publishedRate, Optional.of(m), publishedRate, String.format(
                        Locale.ROOT, "%s; measured on synthetic data, shown not sized with: %.0f/vCPU-s, recall@10 "
                                + "%.3f at %s (%s)", profile.rateSource(), p.searchesPerCpuSecond(), p.recallAt10(),
                        p.searchParams(), where), profile.recall(), profile.recallSource(), params,
                        profile.paramsSource(), reads, DISKANN_READS_SOURCE, hardCase(measured, spec, r, p),
                        divergence(scaled, publishedRate));
            }
            var exported = exported(p.searchParams(), r.buildParams(), spec);
            double mReads = reads;
            String mReadsSource = DISKANN_READS_SOURCE;
            if (spec.type() == IndexType.DISKANN) {
                if (p.readsPerSearch().isPresent()) {
                    mReads = p.readsPerSearch().getAsDouble();
                    mReadsSource = "measured (" + where + ")";
                } else {
                    mReads = diskannReads(exported);
                }
            }
            return new SearchRate(profile, publishedRate, Optional.of(m), scaled, String.format(Locale.ROOT,
                    "measured %.0f/vCPU-s (%s%s)", p.searchesPerCpuSecond(), where, profile.benchRowDims() == 0 ? ""
                            : ", scaled to this plan's segments"), p.recallAt10(),
                    String.format(Locale.ROOT, "measured recall@10 %.3f (%s)", p.recallAt10(), where), exported,
                    "measured at the floor (" + where + ")", mReads, mReadsSource,
                    hardCase(measured, spec, r, p), divergence(scaled, publishedRate));
        }
        if (!results.isEmpty()) {
            // measured, and no point reaches the floor: below it, whatever the published figure says
            var best = results.stream().mapToDouble(MeasuredRates::bestRecall).max().orElse(0);
            var r = results.get(0);
            return new SearchRate(profile, publishedRate, Optional.empty(), publishedRate,
                    profile.rateSource() + " (published; the measured sweep never reaches the floor)", best,
                    String.format(Locale.ROOT, "measured: at most recall@10 %.3f on %s (%s), below the %.2f floor",
                            best, r.dataset(), r.engine(), floor), params, profile.paramsSource(), reads,
                    DISKANN_READS_SOURCE, Optional.empty(), Optional.empty());
        }
        return new SearchRate(profile, publishedRate, Optional.empty(), publishedRate, profile.rateSource(),
                profile.recall(), profile.recallSource(), params, profile.paramsSource(), reads,
                DISKANN_READS_SOURCE, Optional.empty(), Optional.empty());
    }

    /** Published: {@link Assumptions#DISKANN_READS_PER_SEARCH_LIST} x search_list. */
    static double diskannReads(Map<String, Object> params) {
        Object l = params.getOrDefault("search_list", 100);
        return DISKANN_READS_PER_SEARCH_LIST * ((Number) l).doubleValue();
    }

    /** The measured parameters for this spec: IVF's nprobe scaled by the plan's nlist over the measured nlist. */
    static Map<String, Object> exported(Map<String, Object> measured, Map<String, Object> buildParams, IndexSpec spec) {
        var out = new LinkedHashMap<String, Object>(measured);
        if (out.get("nprobe") instanceof Number nprobe && buildParams.get("nlist") instanceof Number mNlist
                && spec.params().containsKey("nlist")) {
            int nlist = spec.param("nlist", 4096);
            out.put("nprobe", Math.max(1, Math.min(nlist, (int) Math.ceil(nprobe.doubleValue() * nlist
                    / mNlist.doubleValue()))));
        }
        return out;
    }

    private static Optional<String> hardCase(MeasuredRates m, IndexSpec spec, MeasuredRates.Result clustered,
                                             MeasuredRates.Point at) {
        return m.of(spec, MeasuredRates.UNIFORM).stream().filter(r -> r.engine().equals(clustered.engine()))
                .flatMap(r -> r.sweep().stream().filter(p -> p.searchParams().equals(at.searchParams())))
                .findFirst().map(p -> String.format(Locale.ROOT, "uniform (hard case) at the same parameters: "
                        + "recall@10 %.3f, %.0f/vCPU-s", p.recallAt10(), p.searchesPerCpuSecond()));
    }

    private static Optional<String> divergence(double measured, double published) {
        if (published <= 0 || measured <= 0) {
            return Optional.empty();
        }
        double ratio = measured / published;
        if (ratio > DIVERGENCE || ratio < 1 / DIVERGENCE) {
            return Optional.of(String.format(Locale.ROOT, "measured %.0f/vCPU-s is %.1fx the published %.0f: "
                    + "they differ by more than %.0fx", measured, ratio, published, DIVERGENCE));
        }
        return Optional.empty();
    }

    private static String count(long n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n >= 1000 && n % 1000 == 0
                ? n / 1000 + "K" : String.valueOf(n);
    }

    /**
     * 4 KiB reads from local disk per segment search: DISKANN's ({@link #diskannReads}); for an in-memory index with
     * mmap, the pages a search touches that are not in the page cache (assumption: {@link
     * Assumptions#MMAP_RESIDENT_FRACTION} of them are): a scan index's probed share of its segment, a graph's ef x M
     * neighbour vectors, FLAT's whole segment, plus refine_k x 10 refine vectors; 0 for an index in memory.
     */
    public double readsPerSegmentSearch(IndexSpec spec, boolean mmap, long rows, IndexFootprint fp) {
        if (spec.type().onDisk()) {
            return diskannReads;
        }
        if (!mmap) {
            return 0;
        }
        double pages = switch (spec.type()) {
            case FLAT -> rows * fp.memoryPerVector() / PAGE_BYTES;
            case IVF_FLAT, IVF_SQ8, IVF_PQ, IVF_RABITQ -> {
                int nlist = spec.param("nlist", 4096);
                double nprobe = ((Number) searchParams.getOrDefault("nprobe", 1)).doubleValue();
                yield Math.ceil(nprobe / nlist * rows * fp.memoryPerVector() / PAGE_BYTES);
            }
            case HNSW, HNSW_SQ -> ((Number) searchParams.getOrDefault("ef", 100)).doubleValue() * spec.param("M", 16);
            case DISKANN -> diskannReads;
        };
        if (spec.refined()) {
            pages += ((Number) searchParams.getOrDefault("refine_k", 1)).doubleValue() * 10;
        }
        return pages * (1 - MMAP_RESIDENT_FRACTION);
    }
}
