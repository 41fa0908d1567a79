package io.milvuseks.capacity;

import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.ImageArchitectures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The index comparison as a table and as JSON ({@code capacity --compare}). */
final class ComparisonText {

    private ComparisonText() {
    }

    static String text(List<IndexComparison.Row> rows) {
        var out = new StringBuilder();
        var rec = IndexComparison.recommended(rows).orElse(null);
        double floor = rows.stream().flatMap(r -> r.plan().stream()).findFirst()
                .map(p -> p.input().minRecall()).orElse(io.milvuseks.config.CapacityTarget.DEFAULT_MIN_RECALL);
        // standing monthly cost apart from the one-time build; $/M vectors/month per replica is the headline
        out.append(String.format(Locale.ROOT, "  %-18s %6s %-3s %-14s %-4s %5s %-6s %11s %4s %11s %8s %8s %10s%n",
                "index", "recall", "src", "query node", "mmap", "nodes", "bound", "query $/mo", "data",
                "standing $", "$/M/rep", "$/M SP", "build once"));
        for (var r : rows) {
            if (r.plan().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-18s %6.3f %-3s excluded: %s%n", r.variant(), r.recall(),
                        "pub", r.excluded()));
                continue;
            }
            var p = r.plan().get();
            var sr = p.search().rate();
            var data = p.pools().get(NodeRole.DATA);
            String mark = r == rec ? "  <- recommended: cheapest with recall >= " + floor
                    : !sr.meets(floor) ? "  (below the " + floor + " floor" + (IndexComparison.lossy(r.type())
                    ? ", lossy)" : ")")
                    : !IndexComparison.viable(p) ? "  (short of the target QPS within the pool's max)"
                    : IndexComparison.lossy(r.type()) ? "  (lossy)" : "";
            out.append(String.format(Locale.ROOT,
                    "  %-18s %6.3f %-3s %-14s %-4s %5d %-6s %11s %4d %11s %8s %8s %10s%s%n",
                    r.variant(), sr.recall(), sr.recallMeasured() ? "msr" : "pub",
                    p.input().pool(NodeRole.QUERY).instanceType(), p.input().mmap() ? "yes" : "no",
                    p.nodeCount(NodeRole.QUERY), p.queryBound(), usd(p.pools().get(NodeRole.QUERY).usdPerMonth()),
                    data == null ? 0 : data.nodes(), usd(p.totalUsdPerMonth()),
                    String.format(Locale.ROOT, "$%.2f", p.perMillionPerReplica(p.totalUsdPerMonth())),
                    String.format(Locale.ROOT, "$%.2f", p.perMillionPerReplica(p.totalUsdPerMonthWithSavingsPlan())),
                    usd(p.build().usd()), mark));
        }
        for (var r : rows) {
            IndexComparison.recallTrade(r.spec()).ifPresent(t -> out.append(String.format(Locale.ROOT,
                    "  %-18s lossy: %s%n", r.variant(), t)));
        }
        for (var r : rows) {
            r.plan().flatMap(p -> p.search().rate().divergence()).ifPresent(d -> out.append(String.format(Locale.ROOT,
                    "  %-18s NOTE: %s%n", r.variant(), d)));
        }
        if (rec == null) {
            out.append(String.format(Locale.ROOT, "  nothing recommended: no index meets recall >= %s on pools that "
                    + "run it%n", floor));
        } else {
            var p = rec.plan().orElseThrow();
            out.append(String.format(Locale.ROOT, "  recommended: %s %s on %d x %s%s, search %s, bound by %s: $%,.0f a "
                            + "month standing ($%,.0f with a 1-year savings plan, estimate), build $%,.0f once (%.1f "
                            + "h on %d data nodes; a bulk import $%,.0f)%n",
                    rec.variant(), rec.spec().allParams(), p.nodeCount(NodeRole.QUERY),
                    p.input().pool(NodeRole.QUERY).instanceType(), p.input().mmap() ? " with mmap" : "",
                    p.search().rate().searchParams(), p.queryBound(), p.totalUsdPerMonth(),
                    p.totalUsdPerMonthWithSavingsPlan(), p.build().usd(), p.build().hours(), p.build().nodes(),
                    p.search().bulkBuild().usd()));
            out.append(CapacityReport.headline(CapacityReport.output(p)));
        }
        var why = ImageArchitectures.why(NodeRole.QUERY, false);
        if (!why.isEmpty()) {
            out.append("  Graviton (arm64) query types not offered: ").append(why).append('\n');
        }
        out.append("  src: msr measured (bench/search-rates), pub published; ")
                .append(rows.stream().flatMap(r -> r.plan().stream()).findFirst().map(p -> p.search().measured())
                        .orElse(MeasuredRates.bundled().describe()))
                .append("; recall, search parameters and rates with their sources: capacity/IndexProfile.java and "
                        + "capacity --json\n");
        return out.toString();
    }

    static List<Map<String, Object>> json(List<IndexComparison.Row> rows) {
        var rec = IndexComparison.recommended(rows).orElse(null);
        var out = new ArrayList<Map<String, Object>>();
        for (var r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", r.variant());
            m.put("indexType", r.type().wire());
            m.put("lossy", IndexComparison.lossy(r.type()));
            IndexComparison.recallTrade(r.spec()).ifPresent(t -> m.put("recallTrade", t));
            m.put("recommended", r == rec);
            if (r.plan().isPresent()) {
                m.putAll(CapacityReport.output(r.plan().get()));
            } else {
                m.put("expectedRecall", r.recall());
                m.put("excluded", r.excluded());
            }
            out.add(m);
        }
        return out;
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%,.0f", v);
    }
}
