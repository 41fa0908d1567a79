package io.milvuseks.collection;

import com.google.gson.Gson;
import io.milvuseks.capacity.CapacityInput;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.capacity.CapacityReport;
import io.milvuseks.cli.Cli;
import io.milvuseks.cli.VerifyCommand;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MetricType;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24 item 4: the recall the planner promises for the prod stack holds at the search parameters the stack exports
 * (stack output searchParams), on the real index engine (.ci/milvus-engine.sh: the Milvus 2.3.5 standalone server
 * with knowhere, not Milvus Lite). The jar's own verify command builds the stack's index on a scratch collection of
 * {@link #ROWS} embedding-like vectors (EmbeddingLikeVectors, prod's dimension) and searches with the exported
 * parameters; with them cut to the cheapest setting the same run must fall below the floor, or the check proves
 * nothing.
 *
 * <p>Scaling (SearchParamsSpec.scaledTo, what verify does): an IVF index keeps the stack's rows per list and probed
 * share; a graph keeps M, efConstruction and ef. A graph's recall at a given ef falls slowly with the rows, so a
 * segment of the stack's size needs at least what this scratch collection does: a pass here is necessary, not
 * sufficient.
 *
 * <p>Milvus 2.3.5 builds FLAT, IVF_FLAT, IVF_SQ8, IVF_PQ and HNSW, not HNSW_SQ or IVF_RABITQ (2.6), and a DISKANN
 * build crashes it. For those the test builds the closest type this engine builds ({@link #onThisEngine}) with the
 * stack's own build and search parameters, and says so: prod's own index needs a Milvus 2.6 engine.
 */
class VerifyRealIndexIT {

    /** Two builds of HNSW (M 16, efConstruction 300) at 50,000 x 384-d take about a minute each on 2 shared cores. */
    static final int ROWS = 50_000;
    static final int QUERIES = 200;

    /**
     * The stack output searchParams for the closest index this engine builds: the same family with the stack's own
     * parameters (HNSW_SQ: the graph without its SQ8 codes, which can only lower recall; IVF_RABITQ: IVF over SQ8
     * codes, its refine copy); DISKANN's Vamana graph has no counterpart, so an HNSW graph with the planner's
     * parameters for it.
     */
    static Map<String, Object> onThisEngine(Map<String, Object> exported, CapacityInput input, IndexType type,
                                            MetricType metric) {
        var out = new LinkedHashMap<>(exported);
        @SuppressWarnings("unchecked") var build = (Map<String, Object>) exported.get("buildParams");
        @SuppressWarnings("unchecked") var search = (Map<String, Object>) exported.get("params");
        switch (type) {
            case FLAT, IVF_FLAT, IVF_SQ8, IVF_PQ, HNSW -> {
                return out;
            }
            case HNSW_SQ -> {
                out.put("indexType", IndexType.HNSW.wire());
                out.put("buildParams", only(build, "M", "efConstruction"));
                out.put("params", only(search, "ef"));
            }
            case IVF_RABITQ -> {
                out.put("indexType", IndexType.IVF_SQ8.wire());
                out.put("buildParams", only(build, "nlist"));
                out.put("params", only(search, "nprobe"));
            }
            case DISKANN -> {
                var hnsw = CapacityPlanner.plan(input.withIndex(new IndexSpec(IndexType.HNSW,
                        Map.of("M", 16, "efConstruction", 200))));
                out.putAll(CapacityReport.searchParams(hnsw, metric));
            }
        }
        return out;
    }

    @Test
    void theProdStacksSearchParametersReachTheFloorOnTheRealEngineAndCutOnesDoNot() {
        var uri = EngineServerIT.uri();
        var settings = Stacks.settings("prod");
        var prod = CapacityPlanner.plan(settings);
        var exported = CapacityReport.searchParams(prod, settings.collection().metric());
        var type = prod.input().index().type();
        var search = onThisEngine(exported, prod.input(), type, settings.collection().metric());
        if (!search.get("indexType").equals(exported.get("indexType"))) {
            System.out.printf("VerifyRealIndexIT: prod's %s %s cannot be built on Milvus 2.3.5; verifying %s %s at %s "
                    + "(prod's own index needs a Milvus 2.6 engine)%n", exported.get("indexType"),
                    exported.get("buildParams"), search.get("indexType"), search.get("buildParams"),
                    search.get("params"));
        }
        double floor = settings.capacity().minRecall();
        assertThat(prod.search().rate().meets(floor)).as("the planner promises the floor").isTrue();

        long start = System.nanoTime();
        var pass = verify(uri, search, settings.collection().dim());
        System.out.printf("VerifyRealIndexIT: %s %s at %s on %,d rows: recall@10 %.4f, exit %d; %s (%.0f s)%n",
                search.get("indexType"), search.get("buildParams"), search.get("params"), ROWS, pass.recall(),
                pass.exit(), pass.control(), (System.nanoTime() - start) / 1e9);
        assertThat(pass.exit()).as(pass.out()).isEqualTo(Cli.OK);
        assertThat(pass.recall()).isGreaterThanOrEqualTo(floor);
        // the control verify runs on the same index: this engine's search is approximate, unlike Milvus Lite's
        assertThat(pass.control()).as(pass.out()).contains("the index is approximate here");

        var cut = new LinkedHashMap<String, Object>(search);
        cut.put("params", cheapest(IndexType.valueOf((String) search.get("indexType"))));
        start = System.nanoTime();
        var fail = verify(uri, cut, settings.collection().dim());
        System.out.printf("VerifyRealIndexIT: cut to %s: recall@10 %.4f, exit %d (%.0f s)%n", cut.get("params"),
                fail.recall(), fail.exit(), (System.nanoTime() - start) / 1e9);
        assertThat(fail.exit()).as(fail.out()).isEqualTo(VerifyCommand.BELOW_SLO);
        assertThat(fail.recall()).isLessThan(floor);
    }

    /** The cheapest search setting: one list, or a candidate list as long as top-k (10). */
    static Map<String, Object> cheapest(IndexType type) {
        return switch (type) {
            case IVF_FLAT, IVF_SQ8, IVF_PQ -> Map.of("nprobe", 1);
            case HNSW -> Map.of("ef", 10);
            default -> throw new IllegalArgumentException(type + " is not built on this engine");
        };
    }

    private static Map<String, Object> only(Map<String, Object> params, String... keys) {
        var out = new LinkedHashMap<String, Object>();
        for (var k : keys) {
            if (params.containsKey(k)) {
                out.put(k, params.get(k));
            }
        }
        return out;
    }

    record Run(int exit, double recall, String control, String out) {
    }

    private static Run verify(String uri, Map<String, Object> searchParams, int dim) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("verify",
                "--uri", uri, "--vectors", String.valueOf(ROWS), "--dim", String.valueOf(dim), "--queries",
                String.valueOf(QUERIES), "--wait-seconds", "30", "--search-params", new Gson().toJson(searchParams));
        var text = out + "\n" + err;
        var m = Pattern.compile("recall@10: ([0-9.]+)").matcher(out.toString());
        assertThat(m.find()).as(text).isTrue();
        var control = Pattern.compile("(control: .*)").matcher(out.toString());
        return new Run(exit, Double.parseDouble(m.group(1)), control.find() ? control.group(1) : "no control", text);
    }
}
