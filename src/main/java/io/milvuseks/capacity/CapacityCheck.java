package io.milvuseks.capacity;

import io.milvuseks.config.ConfigKey;
import io.milvuseks.config.ConfigProblem;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.ImageArchitectures;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.InstanceType;

import java.util.List;
import java.util.Locale;

/**
 * Refuses a query pool that cannot hold the collection: a pinned {@code desired} or a {@code max} below the
 * planner's need is a config error, unless {@code capacity.allowUndersized: true} turns it into a warning. In prod a
 * plan short of {@code capacity.targetQps} or {@code capacity.minRecall} is refused too (issue 24), with the cheapest
 * configuration that meets both, unless allowUndersized (with an undersizedReason, required in prod by the parser).
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
        out.addAll(targetProblems(project, plan));
        out.addAll(architectureProblems(project, plan));
        return out;
    }

    /**
     * A Graviton (arm64) type for a pool whose images lack a proven arm64 variant ({@link ImageArchitectures}): its
     * pods would never start (exec format error). The node groups launch AL2023_x86_64_STANDARD AMIs as well
     * (cluster.NodeGroups), so an arm64 pool also needs the group to pick the arm64 AMI first.
     */
    static List<ConfigProblem> architectureProblems(String project, CapacityPlan plan) {
        var out = new java.util.ArrayList<ConfigProblem>();
        plan.input().pools().forEach((role, pool) -> InstanceCatalog.ec2(pool.instanceType())
                .filter(t -> !ImageArchitectures.runs(t, role, false))
                .ifPresent(t -> out.add(new ConfigProblem(ConfigKey.NODE_POOLS.full(project) + "." + role.wire()
                        + ".instanceType", t.name() + " is arm64 (Graviton), and the " + role.wire() + " pool's "
                        + "images are not all shown to have an arm64 variant: " + ImageArchitectures.why(role, false)
                        + "; the node groups also launch x86_64 AMIs (AL2023_x86_64_STANDARD); accepted: an x86_64 "
                        + "type (" + String.join(", ", InstanceCatalog.ec2Types().stream()
                        .filter(x -> !x.graviton()).map(InstanceType::name).toList()) + ")"))));
        return out;
    }

    /**
     * Prod only, and not with allowUndersized: the target QPS not served by the nodes the pool may run, or the index
     * below the recall floor at its search parameters. One line each, naming the shortfall and the cheapest
     * configuration that meets both targets (IndexComparison over the catalog, the query pool's max lifted).
     */
    static List<ConfigProblem> targetProblems(String project, CapacityPlan plan) {
        var in = plan.input();
        if (!in.platform().prod() || in.allowUndersized()) {
            return List.of();
        }
        var out = new java.util.ArrayList<ConfigProblem>();
        var q = plan.query();
        var sr = plan.search().rate();
        boolean qpsShort = q.qpsShortfall();
        boolean recallShort = !sr.meets(in.minRecall());
        if (!qpsShort && !recallShort) {
            return List.of();
        }
        String fix = cheapest(plan) + ", or " + ConfigKey.CAPACITY.key() + ".allowUndersized: true with "
                + ConfigKey.CAPACITY.key() + ".undersizedReason";
        if (qpsShort) {
            out.add(new ConfigProblem(ConfigKey.CAPACITY.full(project) + ".targetQps", String.format(Locale.ROOT,
                    "%d QPS needs %d query nodes (%s x %s, bound by %s), %s.query runs at most %d, which serve ~%.0f "
                            + "QPS; accepted: %s", in.targetQps(), q.byQps(), in.index().type().wire(),
                    in.pool(NodeRole.QUERY).instanceType(), plan.queryBound(), ConfigKey.NODE_POOLS.key(),
                    plan.nodeCount(NodeRole.QUERY), q.qpsServed(), fix)));
        }
        if (recallShort) {
            out.add(new ConfigProblem(ConfigKey.CAPACITY.full(project) + ".minRecall", String.format(Locale.ROOT,
                    "%s reaches recall %.3f at %s (%s), below the %.2f floor; accepted: %s", in.index().type().wire()
                            + (in.index().refined() ? "+refine" : ""), sr.recall(), sr.searchParams(),
                    sr.recallSource(), in.minRecall(), fix)));
        }
        return out;
    }

    /** The cheapest configuration meeting both targets, as a phrase for a config error. */
    static String cheapest(CapacityPlan plan) {
        var in = plan.input();
        var pool = in.pool(NodeRole.QUERY);
        var free = in.withPool(NodeRole.QUERY, new PoolSpec(pool.instanceType(), pool.min(),
                java.util.OptionalInt.empty(), Integer.MAX_VALUE, pool.diskGiB()));
        return IndexComparison.recommended(IndexComparison.compare(free)).map(r -> {
            var p = r.plan().orElseThrow();
            int nodes = p.nodeCount(NodeRole.QUERY);
            return String.format(Locale.ROOT, "the cheapest configuration that meets both: collection.index %s %s, "
                            + "%s.query.instanceType %s%s, %d query nodes (max >= %d), search %s, $%,.0f a month "
                            + "standing (capacity --compare)", r.type().wire(), r.spec().allParams(),
                    ConfigKey.NODE_POOLS.key(), p.input().pool(NodeRole.QUERY).instanceType(),
                    p.input().mmap() ? ", collection.mmap: true" : "", nodes, nodes,
                    p.search().rate().searchParams(), p.totalUsdPerMonth());
        }).orElse("no index and query type in the catalog meets both (capacity --compare)");
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
        var sr = plan.search().rate();
        if (!sr.meets(plan.input().minRecall())) {
            out.add(String.format(Locale.ROOT, "warning: capacity.minRecall: %s reaches recall %.3f at %s, below the "
                            + "%.2f floor (capacity --compare)", plan.input().index().type().wire(), sr.recall(),
                    sr.searchParams(), plan.input().minRecall()));
        }
        if (plan.input().allowUndersized() && plan.input().platform().prod() && !out.isEmpty()) {
            out.add("warning: capacity.allowUndersized: the prod stack runs short of its targets on purpose");
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
