package io.milvuseks.capacity;

import io.milvuseks.config.ConfigKey;
import io.milvuseks.config.ConfigProblem;

import java.util.List;
import java.util.Locale;

/**
 * Refuses a query pool that cannot hold the collection: a pinned {@code desired} or a {@code max} below the
 * planner's need is a config error, unless {@code capacity.allowUndersized: true} turns it into a warning.
 */
public final class CapacityCheck {

    private CapacityCheck() {
    }

    /**
     * Config problems: every shortfall, except that allowUndersized accepts too few nodes. A query pool with no local
     * disk for an on-disk index is refused regardless: no node count fixes it.
     */
    public static List<ConfigProblem> problems(String project, CapacityPlan plan) {
        var out = new java.util.ArrayList<>(shortfallProblems(project, plan));
        shardSpread(project, plan).ifPresent(out::add);
        return out;
    }

    /**
     * Shards must be a multiple of the streaming nodes (one per data node), or some streaming nodes carry more
     * shards, and more growing data and WAL traffic, than others. Shards are fixed when the collection is created,
     * so the planner never changes them: it picks an even data pool when it sizes the pool, and a pinned count
     * that does not divide the shards is a config error.
     */
    static java.util.Optional<ConfigProblem> shardSpread(String project, CapacityPlan plan) {
        int nodes = plan.streaming().nodes();
        int shards = plan.input().shards();
        if (nodes == 0 || shards % nodes == 0) {
            return java.util.Optional.empty();
        }
        var divisors = java.util.stream.IntStream.rangeClosed(1, shards).filter(d -> shards % d == 0)
                .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "));
        var multiples = java.util.stream.IntStream.rangeClosed(1, 3).map(k -> k * nodes)
                .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "));
        return java.util.Optional.of(new ConfigProblem(ConfigKey.COLLECTION.full(project) + ".shards",
                shards + " shards do not spread evenly over " + nodes + " streaming nodes (one per "
                        + ConfigKey.NODE_POOLS.key() + ".data node); accepted: shards a multiple of " + nodes + " ("
                        + multiples + ", ...), or a data pool of " + divisors + " nodes"));
    }

    private static List<ConfigProblem> shortfallProblems(String project, CapacityPlan plan) {
        return plan.shortfalls().stream()
                .filter(s -> noDisk(s) || !plan.input().allowUndersized())
                .map(s -> new ConfigProblem(key(project, s), noDisk(s) ? noDiskMessage(plan, s)
                        : message(plan, s) + "; accepted: " + s.field() + " >= " + s.needed()
                        + (s.field().equals("desired") ? ", no desired (the planner decides)" : "")
                        + ", or " + ConfigKey.CAPACITY.key() + ".allowUndersized: true"))
                .toList();
    }

    /**
     * One line per shortfall the stack accepts with allowUndersized, and one when the query pool cannot run the nodes
     * the target QPS needs (always a warning: the search rate is an estimate, and fewer nodes answer slower, they do
     * not lose data).
     */
    public static List<String> warnings(CapacityPlan plan) {
        var out = new java.util.ArrayList<String>();
        if (plan.input().allowUndersized()) {
            plan.shortfalls().stream()
                    .filter(s -> !noDisk(s))
                    .map(s -> "warning: capacity.allowUndersized: nodePools." + s.role().wire() + "." + s.field()
                            + ": " + message(plan, s))
                    .forEach(out::add);
        }
        var q = plan.query();
        if (q.qpsShortfall()) {
            out.add(String.format(Locale.ROOT, "warning: capacity.targetQps: %d QPS needs %d query nodes, "
                            + "nodePools.query runs %d (its max or desired), which serve ~%.0f QPS; accepted: raise "
                            + "nodePools.query.max, or a cheaper index (capacity --compare)",
                    plan.input().targetQps(), q.byQps(), plan.nodeCount(io.milvuseks.config.NodeRole.QUERY),
                    q.qpsServed()));
        }
        return out;
    }

    private static boolean noDisk(CapacityPlan.Shortfall s) {
        return s.field().equals("diskGiB");
    }

    private static String key(String project, CapacityPlan.Shortfall s) {
        return ConfigKey.NODE_POOLS.full(project) + "." + s.role().wire() + "." + s.field();
    }

    private static String noDiskMessage(CapacityPlan plan, CapacityPlan.Shortfall s) {
        return s.configured() + " GiB root volume leaves no local disk for " + plan.input().index().type().wire()
                + (plan.input().mmap() ? " with mmap" : "") + " (the OS keeps " + (s.needed() - 1)
                + " GiB); accepted: diskGiB >= " + s.needed() + ", or an instance type with local NVMe";
    }

    private static String message(CapacityPlan plan, CapacityPlan.Shortfall s) {
        var in = plan.input();
        return String.format(Locale.ROOT, "%d %s nodes (%s, %s usable each) are fewer than the %d the capacity planner "
                        + "needs to hold %s of %s (%d vectors x %d-d %s, %d replica(s))",
                s.configured(), s.role().wire(), in.pool(s.role()).instanceType(),
                CapacityReport.bytes(plan.queryNodeUsableMemory()), s.needed(),
                CapacityReport.bytes(plan.memoryNeed()), in.index().type().wire(), in.vectors(), in.dim(),
                in.elementType().wire(), in.replicas());
    }
}
