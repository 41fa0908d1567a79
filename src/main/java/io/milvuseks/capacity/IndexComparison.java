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
import java.util.Optional;

/**
 * Prices the same collection under every index type. In-memory indexes run on the given query node type; DiskANN
 * (and any index with mmap) also tries the catalog's local-NVMe types that meet the prod query floor, and keeps the
 * cheapest. FLAT is left out above {@link Assumptions#FLAT_MAX_VECTORS} (brute force: no latency class).
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
            var best = candidates.stream().distinct()
                    .map(t -> CapacityPlanner.plan(in.withPool(NodeRole.QUERY, in.pool(NodeRole.QUERY)
                            .withInstanceType(t))))
                    .min(Comparator.comparingDouble(CapacityPlan::totalUsdPerMonth));
            rows.add(new Row(type, best, best.isEmpty() ? "no local-NVMe type in the catalog" : null));
        }
        return rows;
    }

    /**
     * What a lossy index trades for its memory, with the source; empty for indexes that answer from full-precision
     * vectors (FLAT, IVF_FLAT, HNSW; DiskANN searches PQ codes in memory but reranks with the full vectors on disk).
     * The planner sizes these indexes without a refine copy, so the figures below are for no refinement.
     */
    public static Optional<String> recallTrade(IndexType type) {
        return Optional.ofNullable(switch (type) {
            case IVF_SQ8 -> "8-bit scalar quantisation (4x smaller): some recall loss (milvus.io/docs/ivf-sq8.md)";
            case IVF_PQ -> "product quantisation: lossy codes, recall below IVF_FLAT at the same nprobe "
                    + "(milvus.io/docs/ivf-pq.md)";
            case IVF_RABITQ -> "1-bit RaBitQ codes (32x smaller): 'relatively good' recall, above 0.9 only with "
                    + "refine, which this plan does not size (milvus.io/docs/ivf-rabitq.md)";
            case HNSW_SQ -> "SQ8 vectors in the graph: some recall loss, refine not sized (milvus.io/docs/hnsw-sq.md)";
            case FLAT, IVF_FLAT, HNSW, DISKANN -> null;
        });
    }

    public static boolean lossy(IndexType type) {
        return recallTrade(type).isPresent();
    }

    /** The cheapest row that has a plan and answers from full-precision vectors. */
    public static Optional<Row> cheapest(List<Row> rows) {
        return rows.stream().filter(r -> r.plan().isPresent() && !lossy(r.type()))
                .min(Comparator.comparingDouble(Row::totalUsdPerMonth));
    }

    /** The cheapest lossy row, shown only with its recall trade. */
    public static Optional<Row> cheapestLossy(List<Row> rows) {
        return rows.stream().filter(r -> r.plan().isPresent() && lossy(r.type()))
                .min(Comparator.comparingDouble(Row::totalUsdPerMonth));
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
        var cheapest = cheapest(rows).map(Row::type).orElse(null);
        var cheapestLossy = cheapestLossy(rows).map(Row::type).orElse(null);
        // query and data pools apart: the data pool follows the build-window assumption, the query pool the data
        out.append(String.format(Locale.ROOT, "  %-11s %-15s %6s %10s %6s %14s %6s %14s %14s%n", "index",
                "query node", "nodes", "mem need", "ratio", "query $/mo", "data", "data $/mo", "total $/mo"));
        for (var r : rows) {
            if (r.plan().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-11s excluded: %s%n", r.type().wire(), r.excluded()));
                continue;
            }
            var p = r.plan().get();
            var data = p.pools().get(NodeRole.DATA);
            out.append(String.format(Locale.ROOT, "  %-11s %-15s %6d %10s %6.2f %14s %6d %14s %14s%s%n",
                    r.type().wire(), p.input().pool(NodeRole.QUERY).instanceType(), p.nodeCount(NodeRole.QUERY),
                    CapacityReport.bytes(p.memoryNeed()), p.memoryRatio(),
                    usd(p.pools().get(NodeRole.QUERY).usdPerMonth()), data == null ? 0 : data.nodes(),
                    usd(data == null ? 0 : data.usdPerMonth()), usd(p.totalUsdPerMonth()),
                    r.type() == cheapest ? "  <- cheapest full precision"
                            : r.type() == cheapestLossy ? "  <- cheapest lossy" : lossy(r.type()) ? "  (lossy)" : ""));
        }
        for (var r : rows) {
            recallTrade(r.type()).ifPresent(t -> out.append(String.format(Locale.ROOT, "  %-11s lossy: %s%n",
                    r.type().wire(), t)));
        }
        return out.toString();
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%,.0f", v);
    }

    public static List<Map<String, Object>> json(List<Row> rows) {
        var cheapest = cheapest(rows).map(Row::type).orElse(null);
        var cheapestLossy = cheapestLossy(rows).map(Row::type).orElse(null);
        var out = new ArrayList<Map<String, Object>>();
        for (var r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("indexType", r.type().wire());
            m.put("lossy", lossy(r.type()));
            recallTrade(r.type()).ifPresent(t -> m.put("recallTrade", t));
            if (r.plan().isPresent()) {
                m.putAll(CapacityReport.output(r.plan().get()));
                m.put("cheapest", r.type() == cheapest);
                m.put("cheapestLossy", r.type() == cheapestLossy);
            } else {
                m.put("excluded", r.excluded());
            }
            out.add(m);
        }
        return out;
    }
}
