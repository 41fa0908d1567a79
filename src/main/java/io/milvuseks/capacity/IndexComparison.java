package io.milvuseks.capacity;

import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.NodeRole;
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
 * Prices the same collection under every index type. In-memory indexes run on the given query node type; DiskANN
 * (and any index with mmap) also tries the catalog's local-NVMe types that meet the prod query floor, DiskANN with and
 * without mmap'd scalars, and keeps the cheapest. FLAT is left out above {@link Assumptions#FLAT_MAX_VECTORS}.
 * "Recommended" goes only to the cheapest index whose expected recall ({@link IndexProfile}) meets the floor.
 */
public final class IndexComparison {

    /** One index type: its cheapest plan, or why it was left out. */
    public record Row(IndexType type, Optional<CapacityPlan> plan, String excluded) {
        public double totalUsdPerMonth() {
            return plan.map(CapacityPlan::totalUsdPerMonth).orElse(Double.POSITIVE_INFINITY);
        }
    }

    private IndexComparison() {
    }

    public static List<Row> compare(CapacityInput base) {
        var rows = new ArrayList<Row>();
        for (var type : IndexType.values()) {
            if (type == IndexType.FLAT && base.vectors() > Assumptions.FLAT_MAX_VECTORS) {
                rows.add(new Row(type, Optional.empty(), "brute force above "
                        + String.format(Locale.ROOT, "%,d", Assumptions.FLAT_MAX_VECTORS) + " vectors"));
                continue;
            }
            var spec = type == base.index().type() ? base.index() : defaults(type, base.dim());
            var in = base.withIndex(spec);
            var candidates = new ArrayList<String>();
            if (!type.onDisk()) {
                candidates.add(base.pool(NodeRole.QUERY).instanceType());
            }
            if (type.onDisk() || base.mmap()) {
                nvmeTypes().forEach(t -> candidates.add(t.name()));
            }
            // an on-disk index may also mmap its scalar fields to the same NVMe: the vectors' recall is unchanged
            var mmaps = type.onDisk() ? List.of(base.mmap(), true) : List.of(base.mmap());
            var best = candidates.stream().distinct()
                    .flatMap(t -> mmaps.stream().distinct().map(m -> in.withMmap(m).withPool(NodeRole.QUERY,
                            in.pool(NodeRole.QUERY).withInstanceType(t))))
                    .map(CapacityPlanner::plan)
                    .min(Comparator.comparingDouble(CapacityPlan::totalUsdPerMonth));
            rows.add(new Row(type, best, best.isEmpty() ? "no local-NVMe type in the catalog" : null));
        }
        return rows;
    }

    /**
     * The recommendation: the cheapest standing plan whose index meets the recall floor at its default search
     * parameters and that the pools can run (no shortfall, the target QPS served). Never an index below the floor;
     * empty when none meets it.
     */
    public static Optional<Row> recommended(List<Row> rows) {
        return rows.stream()
                .filter(r -> r.plan().isPresent() && r.plan().get().shortfalls().isEmpty()
                        && !r.plan().get().query().qpsShortfall()
                        && IndexProfile.of(r.type()).meets(r.plan().get().input().minRecall()))
                .min(Comparator.comparingDouble(Row::totalUsdPerMonth));
    }

    /**
     * What a lossy index trades for its memory, with the source; empty for indexes that answer from full-precision
     * vectors (FLAT, IVF_FLAT, HNSW; DiskANN searches PQ codes in memory but reranks with the full vectors on disk).
     * The planner sizes these indexes without a refine copy, so the figures below are for no refinement.
     */
    public static Optional<String> recallTrade(IndexType type) {
        return Optional.ofNullable(switch (type) {
            case FLAT, IVF_FLAT, HNSW, DISKANN -> null;
            default -> String.format(Locale.ROOT, "expected recall %.2f: ", IndexProfile.of(type).recall())
                    + trade(type);
        });
    }

    private static String trade(IndexType type) {
        return Objects.requireNonNull(switch (type) {
            case IVF_SQ8 -> "8-bit scalar quantisation (4x smaller): some recall loss (milvus.io/docs/ivf-sq8.md)";
            case IVF_PQ -> "product quantisation: lossy codes, recall below IVF_FLAT at the same nprobe "
                    + "(milvus.io/docs/ivf-pq.md)";
            case IVF_RABITQ -> "1-bit RaBitQ codes (32x smaller): 'relatively good' recall, above 0.9 only with "
                    + "refine, which this plan does not size (milvus.io/docs/ivf-rabitq.md)";
            case HNSW_SQ -> "SQ8 vectors in the graph: some recall loss, refine not sized (milvus.io/docs/hnsw-sq.md)";
            case FLAT, IVF_FLAT, HNSW, DISKANN -> null;
        }, type.wire());
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
        var out = new StringBuilder();
        var rec = recommended(rows).map(Row::type).orElse(null);
        double floor = rows.stream().flatMap(r -> r.plan().stream()).findFirst()
                .map(p -> p.input().minRecall()).orElse(io.milvuseks.config.CapacityTarget.DEFAULT_MIN_RECALL);
        // standing monthly cost apart from the one-time build; $/M vectors/month per replica is the headline
        out.append(String.format(Locale.ROOT, "  %-11s %6s %-14s %-5s %5s %-6s %11s %4s %9s %11s %8s %10s%n",
                "index", "recall", "query node", "mmap", "nodes", "bound", "query $/mo", "data", "data $/mo",
                "standing $", "$/M/rep", "build once"));
        for (var r : rows) {
            var profile = IndexProfile.of(r.type());
            if (r.plan().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-11s %6.2f excluded: %s%n", r.type().wire(),
                        profile.recall(), r.excluded()));
                continue;
            }
            var p = r.plan().get();
            var data = p.pools().get(NodeRole.DATA);
            String mark = r.type() == rec ? "  <- recommended: cheapest with recall >= " + floor
                    : !profile.meets(floor) ? "  (below the " + floor + " floor" + (lossy(r.type()) ? ", lossy)" : ")")
                    : lossy(r.type()) ? "  (lossy)" : "";
            out.append(String.format(Locale.ROOT, "  %-11s %6.2f %-14s %-5s %5d %-6s %11s %4d %9s %11s %8s %10s%s%n",
                    r.type().wire(), profile.recall(), p.input().pool(NodeRole.QUERY).instanceType(),
                    p.input().mmap() ? "yes" : "no", p.nodeCount(NodeRole.QUERY), p.queryBound(),
                    usd(p.pools().get(NodeRole.QUERY).usdPerMonth()), data == null ? 0 : data.nodes(),
                    usd(data == null ? 0 : data.usdPerMonth()), usd(p.totalUsdPerMonth()),
                    String.format(Locale.ROOT, "$%.2f", p.perMillionPerReplica(p.totalUsdPerMonth())),
                    usd(p.build().usd()), mark));
        }
        for (var r : rows) {
            recallTrade(r.type()).ifPresent(t -> out.append(String.format(Locale.ROOT, "  %-11s lossy: %s%n",
                    r.type().wire(), t)));
        }
        var recRow = recommended(rows);
        if (recRow.isEmpty()) {
            out.append(String.format(Locale.ROOT, "  nothing recommended: no index meets recall >= %s on pools that "
                    + "run it%n", floor));
        } else {
            var p = recRow.get().plan().orElseThrow();
            out.append(String.format(Locale.ROOT, "  recommended: %s on %d x %s%s, bound by %s: $%,.0f a month "
                            + "standing, build $%,.0f once (%.1f h on %d data nodes)%n",
                    recRow.get().type().wire(), p.nodeCount(NodeRole.QUERY), p.input().pool(NodeRole.QUERY)
                            .instanceType(), p.input().mmap() ? " with mmap" : "", p.queryBound(),
                    p.totalUsdPerMonth(), p.build().usd(), p.build().hours(), p.build().nodes()));
            out.append(CapacityReport.headline(CapacityReport.output(p)));
        }
        out.append("  recall at default search parameters, and the search rates behind 'bound', with their sources: "
                + "capacity/IndexProfile.java\n");
        return out.toString();
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%,.0f", v);
    }

    public static List<Map<String, Object>> json(List<Row> rows) {
        var rec = recommended(rows).map(Row::type).orElse(null);
        var out = new ArrayList<Map<String, Object>>();
        for (var r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("indexType", r.type().wire());
            m.put("lossy", lossy(r.type()));
            recallTrade(r.type()).ifPresent(t -> m.put("recallTrade", t));
            m.put("recommended", r.type() == rec);
            if (r.plan().isPresent()) {
                m.putAll(CapacityReport.output(r.plan().get()));
            } else {
                m.put("expectedRecall", IndexProfile.of(r.type()).recall());
                m.put("excluded", r.excluded());
            }
            out.add(m);
        }
        return out;
    }
}
