package io.milvuseks.cli;

import com.google.gson.GsonBuilder;
import io.milvuseks.backup.BackupReport;
import io.milvuseks.capacity.CapacityInput;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.capacity.CapacityReport;
import io.milvuseks.capacity.IndexComparison;
import io.milvuseks.capacity.PoolSpec;
import io.milvuseks.config.BackupSettings;
import io.milvuseks.config.ElementType;
import io.milvuseks.config.Environment;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.WireEnum;
import io.milvuseks.instances.InstanceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What-if sizing without a stack file. Options are read as text and checked here, so every bad value is one line
 * naming the option and what it accepts (exit 2), never a usage dump.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {
            "Sizes the query and data pools for a collection and prices them (us-east-1 on demand), headed by "
                    + "$/M vectors/month per replica beside the managed tiers: raw vector "
                    + "bytes, index memory and disk, query nodes by memory and QPS and their memory share (under Milvus' write-throttle "
                    + "water level), streaming nodes, S3, etcd and queue volumes; $/month per pool and for every other "
                    + "billed part of the prod platform (control plane, NAT, EBS, endpoints, NLB, KMS, logs).",
            "Exit codes: 0 report printed, 2 invalid arguments."})
public final class CapacityCommand implements Callable<Integer> {

    /** What --queue msk prices: the prod stack's brokers. */
    static final String MSK_BROKER_TYPE = "kafka.m7g.xlarge";
    static final int MSK_BROKERS = 3;
    static final int MSK_VOLUME_GIB = 2000;

    @Spec
    CommandSpec spec;

    @Option(names = "--vectors", paramLabel = "N", description = "Vectors (entities) to hold. Required.")
    String vectors;
    @Option(names = "--dim", paramLabel = "D", description = "Vector dimension, 2..32768. Required.")
    String dim;
    @Option(names = "--replicas", defaultValue = "1", description = "In-memory replicas, 1..10. Default: 1.")
    String replicas;
    @Option(names = "--index", defaultValue = "IVF_FLAT", description = "Index type. Default: IVF_FLAT.")
    String index;
    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Index build parameter, e.g. nlist=4096, "
            + "M=16 (repeatable; defaults as in the stack).")
    List<String> params = new ArrayList<>();
    @Option(names = "--element-type", defaultValue = "float32", description = "float32 | float16 | bfloat16.")
    String elementType;
    @Option(names = "--mmap", description = "Memory-map index and scalar data to local disk.")
    boolean mmap;
    @Option(names = "--scalar-bytes", defaultValue = "200", description = "Average scalar bytes per entity. "
            + "Default: 200, as a stack without capacity.scalarBytesPerEntity.")
    String scalarBytes;
    @Option(names = "--qps", defaultValue = "100", description = "Target search QPS over all replicas: query nodes "
            + "per replica are max(memory need, QPS need). Default: 100, as a stack without capacity.targetQps.")
    String qps;
    @Option(names = "--min-recall", defaultValue = "0.95", description = "Recall floor of a recommended index "
            + "(--compare), 0 < r <= 1. Default: 0.95, as a stack without capacity.minRecall.")
    String minRecall;
    @Option(names = "--shards", defaultValue = "1", description = "Collection shards. Default: 1.")
    String shards;
    @Option(names = "--partitions", defaultValue = "0", description = "Partition-key partitions. Default: 0.")
    String partitions;
    @Option(names = "--node-type", defaultValue = "m6in.4xlarge", description = "Query node type. "
            + "Default: m6in.4xlarge.")
    String nodeType;
    @Option(names = "--data-node-type", defaultValue = "m6in.4xlarge", description = "Data (index build, "
            + "streaming) node type. Default: m6in.4xlarge.")
    String dataNodeType;
    @Option(names = "--disk-gib", defaultValue = "200", description = "Root volume per node, GiB. Default: 200.")
    String diskGiB;
    @Option(names = "--queue", defaultValue = "woodpecker", description = "msk | pulsar | woodpecker "
            + "(default; MSK adds 3 kafka.m7g.xlarge brokers with 2000 GiB each).")
    String queue;
    @Option(names = "--version-days", defaultValue = "30", description = "Noncurrent S3 version days. Default: 30.")
    String versionDays;
    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;
    @Option(names = "--compare", description = "Compare every index type (and the refine indexes) on every query "
            + "type meeting the prod floor; the cheapest meeting --min-recall and --qps is recommended.")
    boolean compare;
    @Option(names = "--max-usd-per-million", paramLabel = "USD", description = "With --compare: the $/M vectors/month "
            + "per replica to reach; above it the comparison says what search rate would reach it. Default: 80 %% of "
            + "the managed capacity-optimized tier at --dim (the goal of issue 24: $8.00 at 384-d).")
    String maxUsdPerMillion;
    @Option(names = "--assume-arm64", description = "What-if: treat images whose arm64 variant is unproven as having "
            + "one, so Graviton query types are compared (a stack still refuses them).")
    boolean assumeArm64;
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    /** A bad argument: its option and what it accepts. */
    static final class BadArgument extends RuntimeException {
        BadArgument(String option, String message) {
            super(option + ": " + message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        CapacityInput input;
        try {
            input = input();
        } catch (BadArgument ex) {
            err.println("error: capacity: " + ex.getMessage());
            return Cli.INVALID;
        }
        var gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        if (compare) {
            double target;
            try {
                target = target(input.dim());
            } catch (BadArgument ex) {
                err.println("error: capacity: " + ex.getMessage());
                return Cli.INVALID;
            }
            var options = new IndexComparison.Options(io.milvuseks.capacity.MeasuredRates.bundled(), 1, assumeArm64);
            var rows = IndexComparison.compare(input, options);
            var takes = IndexComparison.whatItWouldTake(input, options, target);
            if (json) {
                out.print(gson.toJson(IndexComparison.json(rows)) + "\n");
            } else {
                out.println("Index comparison (" + vectors + " vectors x " + input.dim() + "-d, " + input.replicas()
                        + " replica(s), " + input.targetQps() + " QPS, recall >= " + input.minRecall()
                        + "; every query type meeting the prod floor" + (assumeArm64 ? ", Graviton assumed to run "
                        + "the images (what-if)" : "") + "; standing cost without backups, the build once):");
                out.print(IndexComparison.text(rows));
                out.println(takes.map(t -> "  " + t).orElse(String.format(java.util.Locale.ROOT,
                        "  target $%.2f/M: the recommendation meets it", target)));
            }
        } else {
            var plan = CapacityPlanner.plan(input);
            // backups as the prod stack takes them by default; monitoring is priced by the stack's plan (it needs the
            // Milvus pod counts), and is a few dollars a month
            var ops = new CapacityReport.Operations(null, BackupReport.of(BackupSettings.defaults(Environment.PROD),
                    plan).usdPerMonth());
            out.print(json ? CapacityReport.json(plan, ops) : "Capacity:\n" + CapacityReport.text(plan, ops));
        }
        out.flush();
        return Cli.OK;
    }

    /** --max-usd-per-million, or 80 % of the managed capacity-optimized tier at this dimension. */
    double target(int d) {
        if (maxUsdPerMillion == null) {
            return 0.8 * io.milvuseks.capacity.ManagedAnchors.TIERS.stream()
                    .filter(a -> a.tier().equals("capacity-optimized")).findFirst().orElseThrow().usdPerMillion(d);
        }
        double v;
        try {
            v = Double.parseDouble(maxUsdPerMillion);
        } catch (NumberFormatException ex) {
            v = Double.NaN;
        }
        if (!(v > 0)) {
            throw new BadArgument("--max-usd-per-million", "'" + maxUsdPerMillion + "' is not a positive number; "
                    + "accepted: dollars per million vectors per month per replica, e.g. 8");
        }
        return v;
    }

    CapacityInput input() {
        if (!unmatched.isEmpty()) {
            throw new BadArgument(unmatched.get(0), "unknown argument; accepted: " + String.join(" ",
                    spec.options().stream().map(o -> o.longestName()).toList()));
        }
        if (vectors == null) {
            throw new BadArgument("--vectors", "is required; accepted: an integer 1..1000000000000");
        }
        if (dim == null) {
            throw new BadArgument("--dim", "is required; accepted: an integer 2..32768");
        }
        long n = longOf("--vectors", vectors, 1, 1_000_000_000_000L);
        int d = (int) longOf("--dim", dim, 2, 32768);
        var type = WireEnum.parse(IndexType.class, index.toUpperCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new BadArgument("--index", "'" + index + "' is not an index type; accepted: "
                        + WireEnum.accepted(IndexType.class)));
        var element = WireEnum.parse(ElementType.class, elementType).orElseThrow(() -> new BadArgument(
                "--element-type", "'" + elementType + "'; accepted: " + WireEnum.accepted(ElementType.class)));
        var mq = WireEnum.parse(MessageQueue.class, queue).orElseThrow(() -> new BadArgument("--queue",
                "'" + queue + "'; accepted: " + WireEnum.accepted(MessageQueue.class)));
        for (var t : List.of(Map.entry("--node-type", nodeType), Map.entry("--data-node-type", dataNodeType))) {
            if (InstanceCatalog.ec2(t.getValue()).isEmpty()) {
                throw new BadArgument(t.getKey(), "'" + t.getValue() + "' is not an instance type the stack knows; "
                        + "accepted: " + String.join(", ", InstanceCatalog.ec2Names()));
            }
        }
        int disk = (int) longOf("--disk-gib", diskGiB, 20, 16384);
        var pools = new EnumMap<NodeRole, PoolSpec>(NodeRole.class);
        pools.put(NodeRole.QUERY, PoolSpec.unbounded(nodeType, disk));
        pools.put(NodeRole.DATA, PoolSpec.unbounded(dataNodeType, disk));
        Optional<CapacityInput.Msk> msk = mq == MessageQueue.MSK
                ? Optional.of(new CapacityInput.Msk(MSK_BROKER_TYPE, MSK_BROKERS, MSK_VOLUME_GIB)) : Optional.empty();
        return new CapacityInput(n, d, element, indexSpec(type, d), mmap, (int) longOf("--replicas", replicas, 1, 10),
                (int) longOf("--scalar-bytes", scalarBytes, 0, 1 << 20), (int) longOf("--qps", qps, 0, 10_000_000),
                (int) longOf("--shards", shards, 1, 16), (int) longOf("--partitions", partitions, 0, 1024), pools,
                mq, msk, (int) longOf("--version-days", versionDays, 0, 3650), false,
                io.milvuseks.capacity.Platform.PROD_DEFAULT, recall());
    }

    private double recall() {
        double r;
        try {
            r = Double.parseDouble(minRecall);
        } catch (NumberFormatException ex) {
            r = Double.NaN;
        }
        if (!(r > 0 && r <= 1)) {
            throw new BadArgument("--min-recall", "'" + minRecall + "' is not a number in (0, 1]; accepted: a number "
                    + "greater than 0 and at most 1, e.g. 0.95");
        }
        return r;
    }

    private IndexSpec indexSpec(IndexType type, int d) {
        var given = new LinkedHashMap<String, Integer>();
        var options = new LinkedHashMap<String, String>();
        for (var p : params) {
            int eq = p.indexOf('=');
            var name = eq < 0 ? p : p.substring(0, eq);
            var range = type.params().get(name);
            var choices = type.options().get(name);
            if (eq >= 0 && choices != null) {
                var value = p.substring(eq + 1);
                if (!choices.contains(value)) {
                    throw new BadArgument("--param " + name, "'" + value + "'; accepted: "
                            + String.join(" | ", choices));
                }
                options.put(name, value);
                continue;
            }
            if (eq < 0 || range == null) {
                var accepted = new java.util.ArrayList<String>(type.params().keySet().stream()
                        .map(k -> k + "=" + type.params().get(k)).toList());
                type.options().forEach((k, v) -> accepted.add(k + "=" + String.join("|", v)));
                throw new BadArgument("--param", "'" + p + "' is not a parameter of " + type.wire() + "; accepted: "
                        + (accepted.isEmpty() ? "none" : String.join(", ", accepted.stream().sorted().toList())));
            }
            given.put(name, (int) longOf("--param " + name, p.substring(eq + 1), range.min(), range.max()));
        }
        if (options.containsKey("refine_type") && !"true".equals(options.get("refine"))) {
            throw new BadArgument("--param refine_type", "needs --param refine=true beside it");
        }
        if (type == IndexType.IVF_PQ && given.containsKey("m") && d % given.get("m") != 0) {
            throw new BadArgument("--param m", "m=" + given.get("m") + " does not divide dim " + d
                    + "; accepted: a divisor of dim");
        }
        var defaults = new LinkedHashMap<String, Integer>(IndexComparison.defaults(type, d).params());
        defaults.putAll(given);
        return new IndexSpec(type, defaults, options);
    }

    private static long longOf(String option, String value, long min, long max) {
        long v;
        try {
            // 1000000000, 1_000_000_000 and 1e9 all mean a billion
            v = new java.math.BigDecimal(value.replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException ex) {
            throw new BadArgument(option, "'" + value + "' is not an integer; accepted: " + min + ".." + max);
        }
        if (v < min || v > max) {
            throw new BadArgument(option, v + " is out of range; accepted: " + min + ".." + max);
        }
        return v;
    }
}
