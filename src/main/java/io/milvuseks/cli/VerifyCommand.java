package io.milvuseks.cli;

import io.milvuseks.collection.Backoff;
import io.milvuseks.collection.Connector;
import io.milvuseks.collection.MilvusFailure;
import io.milvuseks.collection.MilvusTarget;
import io.milvuseks.collection.SearchParamsSpec;
import io.milvuseks.collection.SmokeTest;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MetricType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Post-deploy SLO smoke: inserts seeded synthetic vectors into a scratch collection (a unique "
                    + SmokeTest.SCRATCH_PREFIX + "* name, never the real collection), builds the index, loads, "
                    + "runs timed searches and prints p50/p95/p99 latency and recall@k against exact search "
                    + "computed in Java; then drops its scratch collection (also when a step fails).",
            "With --outputs (pulumi stack output --json) or --search-params it builds the index the stack builds "
                    + "(its type and build parameters, IVF's nlist scaled to the scratch collection) and searches "
                    + "with the search parameters the stack's promised recall holds at (the stack output "
                    + "searchParams: nprobe, ef, search_list, refine_k), and checks the recall floor it carries.",
            "Exit codes: 0 within the thresholds, 4 below --min-recall or above --max-p99-ms, 2 usage, 1 failure."})
public final class VerifyCommand implements Callable<Integer> {

    public static final int BELOW_SLO = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--uri", required = true, description = "Milvus URI, e.g. http://127.0.0.1:19530.")
    String uri;

    @Option(names = "--database", defaultValue = "default", description = "Database for the scratch collection.")
    String database;

    @Option(names = "--vectors", defaultValue = "5000", description = "Vectors to insert. Default: ${DEFAULT-VALUE}.")
    int vectors;

    @Option(names = "--dim", defaultValue = "128", description = "Dimension. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--queries", defaultValue = "200", description = "Searches to time. Default: ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--top-k", defaultValue = "10", description = "k of recall@k. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--index", defaultValue = "HNSW",
            description = "HNSW | HNSW_SQ | IVF_FLAT | IVF_SQ8 | FLAT. Default: ${DEFAULT-VALUE}.")
    IndexType index;

    @Option(names = "--metric", defaultValue = "COSINE", description = "L2 | IP | COSINE. Default: ${DEFAULT-VALUE}.")
    MetricType metric;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--min-recall", description = "Fail below this recall. Default: the searchParams' minRecall "
            + "with --outputs/--search-params, else 0.9.")
    Double minRecall;

    @Option(names = "--outputs", paramLabel = "FILE|-", description = "Stack outputs JSON (pulumi stack output "
            + "--json); '-' reads stdin. Its searchParams output sets the index, metric, search parameters and floor.")
    String outputs;

    @Option(names = "--search-params", paramLabel = "JSON", description = "The searchParams object itself, e.g. "
            + "'{\"indexType\":\"DISKANN\",\"params\":{\"search_list\":100}}'.")
    String searchParams;

    @Option(names = "--max-p99-ms", description = "Fail when p99 latency exceeds this (ms).")
    Double maxP99Ms;

    @Option(names = "--wait-seconds", defaultValue = "120", description = "Wait for the server. Default: ${DEFAULT-VALUE}.")
    long waitSeconds;

    @Mixin
    MilvusConnectionOptions connection;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (vectors < topK || vectors > 1_000_000 || dim < 2 || dim > 32768 || queries < 1 || topK < 1) {
            err.println("error: verify: need 1 <= --top-k <= --vectors <= 1000000, 2 <= --dim <= 32768, --queries >= 1");
            return Cli.INVALID;
        }
        if (outputs != null && searchParams != null) {
            err.println("error: verify: give --outputs or --search-params, not both");
            return Cli.INVALID;
        }
        SmokeTest.Params params;
        double floor;
        try {
            var stack = stackSearch();
            params = stack == null ? params() : params(stack.scaledTo(vectors));
            floor = minRecall != null ? minRecall : stack != null && stack.minRecall() > 0 ? stack.minRecall() : 0.9;
            if (stack != null) {
                out.println("search parameters of the stack: " + stack + "; on " + vectors + " vectors: "
                        + stack.scaledTo(vectors));
            }
        } catch (MilvusFailure ex) {
            err.println("error: verify: " + ex.getMessage());
            return Cli.INVALID;
        }
        if (params == null) {
            err.println("error: verify: --index " + index + " is not one verify builds without search parameters; "
                    + "accepted: HNSW | HNSW_SQ | IVF_FLAT | IVF_SQ8 | FLAT, or --outputs / --search-params for "
                    + "any index");
            return Cli.INVALID;
        }
        try {
            var target = connection.target(uri);
            var client = Connector.connect(target, Backoff.standard(Duration.ofSeconds(waitSeconds)), err);
            try {
                err.println("server " + client.getServerVersion() + " at " + target);
                var report = new SmokeTest(client, err, Duration.ofMinutes(30)).run(params, database);
                var l = report.latency();
                out.println(String.format(Locale.ROOT, "search latency over %d queries (top %d, %s %s, search %s, %s):"
                                + " p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                        report.queries(), report.topK(), params.index(), params.build(), params.search(),
                        params.metric(), l.p50(), l.p95(), l.p99(), l.max()));
                out.println(String.format(Locale.ROOT, "recall@%d: %.4f (exact search in Java over %d vectors, dim %d,"
                        + " seed %d)", topK, report.recall(), vectors, dim, seed));
                report.control().ifPresent(c -> out.println(String.format(Locale.ROOT, "control: recall@%d %.4f at "
                        + "the index's cheapest search %s: %s", topK, report.controlRecall(), c, report.exactServer()
                        ? "the same: this server searched exactly at both settings, so the recall above says "
                        + "nothing about the search parameters" : "the index is approximate here and its search "
                        + "parameters matter")));
                boolean ok = report.recall() >= floor && (maxP99Ms == null || l.p99() <= maxP99Ms);
                out.println(ok ? "verify: OK" : String.format(Locale.ROOT, "verify: BELOW SLO (min recall %.2f%s)",
                        floor, maxP99Ms == null ? "" : ", max p99 " + maxP99Ms + " ms"));
                return ok ? Cli.OK : BELOW_SLO;
            } finally {
                client.close();
            }
        } catch (MilvusFailure ex) {
            err.println("error: verify: " + ex.getMessage());
            return Cli.FAILED;
        }
    }

    /** The stack's searchParams from --outputs or --search-params; null when neither is given. */
    SearchParamsSpec stackSearch() {
        if (searchParams != null) {
            return SearchParamsSpec.parse(searchParams);
        }
        if (outputs == null) {
            return null;
        }
        return SearchParamsSpec.parse(StackOutputsFile.read(outputs));
    }

    /** The smoke test with the stack's index, build and search parameters (already scaled to --vectors). */
    SmokeTest.Params params(SearchParamsSpec stack) {
        return new SmokeTest.Params(vectors, dim, queries, topK, stack.index(), stack.build(),
                new java.util.LinkedHashMap<>(stack.search()), stack.metric(), seed);
    }

    SmokeTest.Params params() {
        Map<String, Integer> build;
        Map<String, Object> search;
        switch (index) {
            case HNSW, HNSW_SQ -> {
                build = Map.of("M", 16, "efConstruction", 200);
                search = Map.of("ef", Math.max(128, topK));
            }
            case IVF_FLAT, IVF_SQ8 -> {
                int nlist = Math.max(1, Math.min(1024, (int) Math.sqrt(vectors)));
                build = Map.of("nlist", nlist);
                search = Map.of("nprobe", Math.max(1, Math.min(nlist, nlist / 4)));
            }
            case FLAT -> {
                build = Map.of();
                search = Map.of();
            }
            default -> {
                return null;
            }
        }
        return new SmokeTest.Params(vectors, dim, queries, topK, index, build, search, metric, seed);
    }
}
