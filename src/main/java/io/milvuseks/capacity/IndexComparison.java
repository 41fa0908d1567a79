package io.milvuseks.capacity;

import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.ImageArchitectures;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.InstanceType;
import io.milvuseks.instances.RoleFloor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices the same collection under every index variant (each index type, and the Milvus 2.6 refine indexes) on every
 * query node type that meets the prod floor: in memory, with mmap on local NVMe, and DiskANN on local NVMe. A Graviton
 * type is a candidate only where every image the query pool runs has an arm64 variant ({@link ImageArchitectures}), or
 * when the caller assumes so for a what-if. FLAT is left out above {@link Assumptions#FLAT_MAX_VECTORS}.
 * "Recommended" goes only to the cheapest plan whose recall at its search parameters ({@link SearchRate}) meets the
 * floor and whose pools serve the target QPS.
 */
public final class IndexComparison {

    /** One index variant: its cheapest plan, or why it was left out. */
    public record Row(IndexSpec spec, Optional<CapacityPlan> plan, String excluded) {
        public IndexType type() {
            return spec.type();
        }

        /** The name the table gives it: the type, with "+refine" for a refine index. */
        public String variant() {
            return spec.type().wire() + (spec.refined() ? "+refine" : "");
        }

        public double totalUsdPerMonth() {
            return plan.map(CapacityPlan::totalUsdPerMonth).orElse(Double.POSITIVE_INFINITY);
        }

        /** Recall at the plan's search parameters (measured or published), or the published one when excluded. */
        public double recall() {
            return plan.map(p -> p.search().rate().recall()).orElse(IndexProfile.of(spec).recall());
        }
    }

    /** How to compare: the measured rates, a rate factor (1 in a real comparison) and the arm64 what-if. */
    public record Options(MeasuredRates measured, double rateFactor, boolean assumeArm64) {
        public static Options standard() {
            return new Options(MeasuredRates.bundled(), 1, false);
        }
    }

    private IndexComparison() {
    }

    public static List<Row> compare(CapacityInput base) {
        return compare(base, Options.standard());
    }

    public static List<Row> compare(CapacityInput base, Options o) {
        var rows = new ArrayList<Row>();
        for (var spec : variants(base)) {
            if (spec.type() == IndexType.FLAT && base.vectors() > Assumptions.FLAT_MAX_VECTORS) {
                rows.add(new Row(spec, Optional.empty(), "brute force above "
                        + String.format(Locale.ROOT, "%,d", Assumptions.FLAT_MAX_VECTORS) + " vectors"));
                continue;
            }
            var in = base.withIndex(spec);
            var best = candidates(base, spec, o.assumeArm64()).stream()
                    .map(c -> CapacityPlanner.plan(in.withMmap(c.mmap()).withPool(NodeRole.QUERY,
                            in.pool(NodeRole.QUERY).withInstanceType(c.type())), o.measured(), o.rateFactor()))
                    .min(Comparator.comparing((CapacityPlan p) -> !viable(p))
                            .thenComparingDouble(CapacityPlan::totalUsdPerMonth));
            rows.add(new Row(spec, best, best.isEmpty()
                    ? "no local-NVMe x86_64 type in the catalog meets the prod floor" : null));
        }
        return rows;
    }

    /** A query node type and whether the index (or, for DiskANN, the scalars) is mmap'd to its local disk. */
    record Candidate(String type, boolean mmap) {
    }

    /**
     * The query types tried for an index variant: the given pool's type and every catalog type meeting the prod
     * floor that can run the query pool's images; DiskANN only where there is local NVMe; mmap only onto local NVMe.
     */
    static List<Candidate> candidates(CapacityInput base, IndexSpec spec, boolean assumeArm64) {
        var types = new ArrayList<InstanceType>();
        types.add(InstanceCatalog.requireEc2(base.pool(NodeRole.QUERY).instanceType()));
        InstanceCatalog.ec2Types().stream()
                .filter(t -> RoleFloor.PROD.shortfalls(t).isEmpty())
                .forEach(types::add);
        // never a Graviton type (the caller's own included) whose images lack arm64, unless assumed for a what-if
        types.removeIf(t -> !ImageArchitectures.runs(t, NodeRole.QUERY, assumeArm64));
        var out = new ArrayList<Candidate>();
        for (var t : types.stream().distinct().toList()) {
            if (spec.type().onDisk() && !t.hasLocalNvme()) {
                continue;
            }
            out.add(new Candidate(t.name(), base.mmap() && t.hasLocalNvme()));
            if (t.hasLocalNvme() && !base.mmap()) {
                out.add(new Candidate(t.name(), true));
            }
        }
        return out.stream().distinct().toList();
    }

    /** Runs within its pools and serves the target QPS. */
    static boolean viable(CapacityPlan p) {
        return p.shortfalls().isEmpty() && !p.query().qpsShortfall();
    }

    /**
     * The recommendation: the cheapest standing plan whose index meets the recall floor at its search parameters and
     * that the pools can run (no shortfall, the target QPS served). Never an index below the floor; empty when none
     * meets it.
     */
    public static Optional<Row> recommended(List<Row> rows) {
        return rows.stream()
                .filter(r -> r.plan().isPresent() && viable(r.plan().get())
                        && r.plan().get().search().rate().meets(r.plan().get().input().minRecall()))
                .min(Comparator.comparingDouble(Row::totalUsdPerMonth));
    }

    /**
     * When the recommendation costs more than {@code targetPerMillion} ($/M vectors/month per replica, standing): what
     * would bring a plan meeting the floor to it, as the factor on the search rate (and on DiskANN's reads) the
     * planner uses, up to 16x; or that no rate does. Empty when the recommendation already meets the target.
     */
    public static Optional<String> whatItWouldTake(CapacityInput base, Options o, double targetPerMillion) {
        var now = recommended(compare(base, o));
        if (now.isPresent() && perMillion(now.get()) <= targetPerMillion) {
            return Optional.empty();
        }
        for (double f : new double[] {1.25, 1.5, 2, 3, 4, 6, 8, 12, 16}) {
            var at = recommended(compare(base, new Options(o.measured(), f, o.assumeArm64())));
            if (at.isPresent() && perMillion(at.get()) <= targetPerMillion) {
                var p = at.get().plan().orElseThrow();
                var x = java.math.BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
                return Optional.of(String.format(Locale.ROOT, "to reach $%.2f/M: a search rate %sx the one the "
                                + "planner uses (and 1/%s of DiskANN's reads per search) would make %s on %d x %s%s "
                                + "$%.2f/M; measure it (bench/search-rates) before counting on it", targetPerMillion, x,
                        x, at.get().variant(), p.nodeCount(NodeRole.QUERY), p.input().pool(NodeRole.QUERY)
                                .instanceType(), p.input().mmap() ? " with mmap" : "", perMillion(at.get())));
            }
        }
        var cheapest = recommended(compare(base, new Options(o.measured(), 16, o.assumeArm64())));
        return Optional.of(cheapest.map(r -> String.format(Locale.ROOT, "to reach $%.2f/M: no search rate does: even "
                        + "at 16x the rate the cheapest plan meeting the floor, %s on %s, costs $%.2f/M, bound by %s "
                        + "(a smaller index per vector, cheaper memory or fewer replicas would)", targetPerMillion,
                r.variant(), r.plan().orElseThrow().input().pool(NodeRole.QUERY).instanceType(), perMillion(r),
                r.plan().orElseThrow().queryBound()))
                .orElse(String.format(Locale.ROOT, "to reach $%.2f/M: no index meets the recall floor",
                        targetPerMillion)));
    }

    static double perMillion(Row r) {
        var p = r.plan().orElseThrow();
        return p.perMillionPerReplica(p.totalUsdPerMonth());
    }

    /**
     * The variants compared: each index type with the stack's default build parameters, the graphs as their published
     * runs built them (HNSW M 30 / efConstruction 360, HNSW_SQ M 16 / 300), the refine indexes likewise: HNSW_SQ with
     * SQ4U codes and an FP16 refine copy, IVF_RABITQ with an SQ8 refine copy; the caller's own index (type and refine)
     * in place of its variant.
     */
    static List<IndexSpec> variants(CapacityInput base) {
        var out = new ArrayList<IndexSpec>();
        for (var type : IndexType.values()) {
            // the graphs as their published runs built them (IndexProfile): the recall holds at those parameters
            out.add(own(base, switch (type) {
                case HNSW -> new IndexSpec(type, Map.of("M", 30, "efConstruction", 360));
                case HNSW_SQ -> new IndexSpec(type, Map.of("M", 16, "efConstruction", 300));
                default -> defaults(type, base.dim());
            }));
            if (type == IndexType.HNSW_SQ) {
                out.add(own(base, new IndexSpec(type, Map.of("M", 16, "efConstruction", 300),
                        Map.of("sq_type", "SQ4U", "refine", "true", "refine_type", "FP16"))));
            }
            if (type == IndexType.IVF_RABITQ) {
                out.add(own(base, new IndexSpec(type, Map.of("nlist", 4096), Map.of("refine", "true",
                        "refine_type", "SQ8"))));
            }
        }
        return out;
    }

    /** The caller's own index in place of the default of the same variant (type and refine). */
    private static IndexSpec own(CapacityInput base, IndexSpec variant) {
        var mine = base.index();
        return mine.type() == variant.type() && mine.refined() == variant.refined() ? mine : variant;
    }

    /**
     * What a lossy index trades for its memory, with the source; empty for indexes that answer from full-precision
     * vectors (FLAT, IVF_FLAT, HNSW; DiskANN searches PQ codes in memory but reranks with the full vectors on disk).
     */
    public static Optional<String> recallTrade(IndexSpec spec) {
        return Optional.ofNullable(switch (spec.type()) {
            case FLAT, IVF_FLAT, HNSW, DISKANN -> null;
            default -> String.format(Locale.ROOT, "published recall %.3f: ", IndexProfile.of(spec).recall())
                    + trade(spec);
        });
    }

    public static Optional<String> recallTrade(IndexType type) {
        return recallTrade(new IndexSpec(type, Map.of()));
    }

    private static String trade(IndexSpec spec) {
        if (spec.refined()) {
            return spec.type().wire() + " codes reranked with a " + spec.option("refine_type", "FP32")
                    + " refine copy (Milvus 2.6 refine, milvus.io/docs/" + (spec.type() == IndexType.HNSW_SQ
                    ? "hnsw-sq.md" : "ivf-rabitq.md") + ")";
        }
        return Objects.requireNonNull(switch (spec.type()) {
            case IVF_SQ8 -> "8-bit scalar quantisation (4x smaller): some recall loss (milvus.io/docs/ivf-sq8.md)";
            case IVF_PQ -> "product quantisation: lossy codes, recall below IVF_FLAT at the same nprobe "
                    + "(milvus.io/docs/ivf-pq.md)";
            case IVF_RABITQ -> "1-bit RaBitQ codes (32x smaller): above 0.9 only with refine "
                    + "(milvus.io/docs/ivf-rabitq.md)";
            case HNSW_SQ -> "SQ8 vectors in the graph: some recall loss (milvus.io/docs/hnsw-sq.md)";
            case FLAT, IVF_FLAT, HNSW, DISKANN -> null;
        }, spec.type().wire());
    }

    public static boolean lossy(IndexType type) {
        return recallTrade(type).isPresent();
    }

    /** NVMe instance types that meet the prod query floor (16 vCPU / 64 GiB / 10 Gbps baseline). */
    static List<InstanceType> nvmeTypes() {
        return InstanceCatalog.ec2Types().stream()
                .filter(InstanceType::hasLocalNvme)
                .filter(t -> RoleFloor.PROD.shortfalls(t).isEmpty())
                .toList();
    }

    /** The build parameters the stack uses when a collection names only the type (SettingsParser defaults). */
    public static IndexSpec defaults(IndexType type, int dim) {
        Map<String, Integer> p = new LinkedHashMap<>();
        if (type.params().containsKey("nlist")) {
            p.put("nlist", 4096);
        }
        if (type.params().containsKey("M")) {
            p.put("M", 16);
            p.put("efConstruction", 200);
        }
        if (type == IndexType.IVF_PQ) {
            int m = Math.max(1, dim / 8);
            while (dim % m != 0) {
                m--;
            }
            p.put("m", m);
            p.put("nbits", 8);
        }
        return new IndexSpec(type, p);
    }

    public static String text(List<Row> rows) {
        return ComparisonText.text(rows);
    }

    public static List<Map<String, Object>> json(List<Row> rows) {
        return ComparisonText.json(rows);
    }
}
