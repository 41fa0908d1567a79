package io.milvuseks.capacity;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.milvuseks.config.IndexSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The measured search rates: bench/search-rates/results.json (schema 1), written by the rerunnable benchmark in
 * bench/search-rates/ and packaged into the jar as a classpath resource at build time (the pom copies it), so the
 * planner reads the same figures wherever the jar runs. Absent, the planner runs on the published figures alone and
 * says "measured: none". A file that does not parse, or of another schema, fails loudly: it is committed with the code.
 *
 * <p>Each result is one index on one engine and dataset: a sweep of search parameters, each point with its recall@10
 * and its segment searches per CPU-second (nq=1, top-10, on a segment of {@code rows} x {@code dim}: the planner's
 * unit), and optionally the points at given recall floors ({@code atRecall}). DISKANN points may carry
 * {@code readsPerSearch} (4 KiB reads per segment search) and {@code beamWidth}. Which result and point a plan uses
 * is {@link SearchRate}'s rule.
 */
public final class MeasuredRates {

    /** Where the pom puts the file in the jar. */
    public static final String RESOURCE = "bench/search-rates/results.json";
    /**
     * The synthetic datasets of the committed file: "clustered" (a Gaussian mixture; easier than text embeddings, see
     * {@link SearchRate}) and "uniform" (the hard case). Neither sizes a plan: only a dataset whose entry says
     * {@code "kind": "embeddings"} (a model's embeddings of a real corpus) does.
     */
    public static final String CLUSTERED = "clustered";
    public static final String UNIFORM = "uniform";

    /** One point of a sweep. */
    public record Point(Map<String, Object> searchParams, double recallAt10, double searchesPerCpuSecond,
                        OptionalDouble readsPerSearch, OptionalDouble beamWidth) {
    }

    /** One index on one engine and dataset. */
    public record Result(String index, String engine, String dataset, long rows, int dim,
                         Map<String, Object> buildParams, List<Point> sweep, Map<String, Point> atRecall,
                         String notes) {

        /** The engine is Milvus itself (its knowhere index), not a library build of the same algorithm. */
        public boolean milvusEngine() {
            return engine.toLowerCase(Locale.ROOT).startsWith("milvus");
        }

        /** Built with Milvus 2.6's refine (buildParams refine: true). */
        public boolean refined() {
            return "true".equalsIgnoreCase(String.valueOf(buildParams.get("refine")));
        }
    }

    public static final MeasuredRates NONE = new MeasuredRates("", "", "", List.of(), List.of(), List.of());

    private static MeasuredRates bundled;

    private final String measuredAt;
    private final String machine;
    private final String versions;
    private final List<Result> results;
    private final List<String> failures;
    private final List<String> embeddingDatasets;

    private MeasuredRates(String measuredAt, String machine, String versions, List<Result> results,
                          List<String> failures, List<String> embeddingDatasets) {
        this.measuredAt = measuredAt;
        this.machine = machine;
        this.versions = versions;
        this.results = List.copyOf(results);
        this.failures = List.copyOf(failures);
        this.embeddingDatasets = List.copyOf(embeddingDatasets);
    }

    /** The file packaged in the jar, read once; {@link #NONE} when the build had none. */
    public static synchronized MeasuredRates bundled() {
        if (bundled == null) {
            try (InputStream in = MeasuredRates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                bundled = in == null ? NONE : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ex) {
                throw new IllegalStateException("reading " + RESOURCE + ": " + ex.getMessage(), ex);
            }
        }
        return bundled;
    }

    /** Parses a results file of schema 1. */
    public static MeasuredRates parse(String json) {
        JsonObject root;
        try {
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException ex) {
            throw new IllegalStateException(RESOURCE + " is not a JSON object: " + ex.getMessage(), ex);
        }
        if (!root.has("schema") || root.get("schema").getAsInt() != 1) {
            throw new IllegalStateException(RESOURCE + ": schema " + root.get("schema") + "; this planner reads 1");
        }
        var results = new ArrayList<Result>();
        for (var e : array(root, "results")) {
            var r = e.getAsJsonObject();
            var sweep = new ArrayList<Point>();
            for (var p : array(r, "sweep")) {
                sweep.add(point(p.getAsJsonObject()));
            }
            var at = new LinkedHashMap<String, Point>();
            if (r.has("atRecall") && r.get("atRecall").isJsonObject()) {
                r.getAsJsonObject("atRecall").entrySet().forEach(x -> at.put(x.getKey(),
                        point(x.getValue().getAsJsonObject())));
            }
            results.add(new Result(string(r, "index"), string(r, "engine"), string(r, "dataset"),
                    r.get("rows").getAsLong(), r.get("dim").getAsInt(), map(r, "buildParams"), sweep, at,
                    r.has("notes") ? r.get("notes").getAsString() : ""));
        }
        var failures = new ArrayList<String>();
        for (var e : array(root, "failures")) {
            var f = e.getAsJsonObject();
            failures.add(string(f, "index") + " on " + string(f, "engine") + ": " + string(f, "what"));
        }
        String machine = root.has("machine") ? describeMachine(root.getAsJsonObject("machine")) : "";
        String versions = root.has("versions") ? root.getAsJsonObject("versions").entrySet().stream()
                .map(x -> x.getKey() + " " + x.getValue().getAsString()).reduce((a, b) -> a + ", " + b).orElse("")
                : "";
        var embeddings = new ArrayList<String>();
        for (var e : array(root, "datasets")) {
            var d = e.getAsJsonObject();
            if (d.has("kind") && d.get("kind").getAsString().equals("embeddings")) {
                embeddings.add(string(d, "name"));
            }
        }
        return new MeasuredRates(root.has("measuredAt") ? root.get("measuredAt").getAsString() : "", machine, versions,
                results, failures, embeddings);
    }

    public boolean isEmpty() {
        return results.isEmpty();
    }

    public List<Result> results() {
        return results;
    }

    public List<String> failures() {
        return failures;
    }

    /**
     * The dataset measured rates size a plan from: the first whose entry in {@code datasets} has {@code "kind":
     * "embeddings"}; empty when every dataset is synthetic (then the measurements are shown, not sized with).
     */
    public Optional<String> sizingDataset() {
        return embeddingDatasets.stream().findFirst();
    }

    /** One line for the report: when, where and with what the rates were measured, or "measured: none". */
    public String describe() {
        return isEmpty() ? "measured: none (no bench/search-rates/results.json in this build; published figures only)"
                : "measured " + measuredAt + " on " + machine + " (" + versions + ")" + sizingDataset()
                .map(d -> "; sized with the " + d + " embeddings")
                .orElse("; synthetic datasets only: shown beside the published figures, which size the plan "
                        + "(docs/capacity.md)");
    }

    /**
     * The results of the index variant (type, and refine or not) on a dataset, Milvus' own engine first, then
     * library engines; within each, the file's order.
     */
    public List<Result> of(IndexSpec spec, String dataset) {
        return results.stream()
                .filter(r -> r.index().equalsIgnoreCase(spec.type().wire()) && r.dataset().equals(dataset)
                        && r.refined() == spec.refined())
                .sorted(Comparator.comparing((Result r) -> !r.milvusEngine()))
                .toList();
    }

    /**
     * The point of a result at the floor: its {@code atRecall} entry for the floor when it has one, else the sweep
     * point with the highest rate among those reaching the floor; empty when none reaches it.
     */
    public static Optional<Point> atFloor(Result r, double floor) {
        var key = String.format(Locale.ROOT, "%.2f", floor);
        var at = Optional.ofNullable(r.atRecall().get(key))
                .or(() -> Optional.ofNullable(r.atRecall().get(String.valueOf(floor))));
        if (at.isPresent() && at.get().recallAt10() >= floor) {
            return at;
        }
        return r.sweep().stream().filter(p -> p.recallAt10() >= floor)
                .max(Comparator.comparingDouble(Point::searchesPerCpuSecond));
    }

    /** The best recall a result reaches anywhere in its sweep. */
    public static double bestRecall(Result r) {
        return r.sweep().stream().mapToDouble(Point::recallAt10).max().orElse(0);
    }

    private static Point point(JsonObject p) {
        return new Point(map(p, "searchParams"), p.get("recallAt10").getAsDouble(),
                p.get("searchesPerCpuSecond").getAsDouble(),
                p.has("readsPerSearch") ? OptionalDouble.of(p.get("readsPerSearch").getAsDouble())
                        : OptionalDouble.empty(),
                p.has("beamWidth") ? OptionalDouble.of(p.get("beamWidth").getAsDouble()) : OptionalDouble.empty());
    }

    private static List<JsonElement> array(JsonObject o, String member) {
        var out = new ArrayList<JsonElement>();
        if (o.has(member) && o.get(member).isJsonArray()) {
            o.getAsJsonArray(member).forEach(out::add);
        }
        return out;
    }

    private static String string(JsonObject o, String member) {
        if (!o.has(member) || o.get(member).isJsonNull()) {
            throw new IllegalStateException(RESOURCE + ": a result lacks '" + member + "'");
        }
        return o.get(member).getAsString();
    }

    private static Map<String, Object> map(JsonObject o, String member) {
        var out = new LinkedHashMap<String, Object>();
        if (o.has(member) && o.get(member).isJsonObject()) {
            o.getAsJsonObject(member).entrySet().forEach(e -> {
                var v = e.getValue();
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                    out.put(e.getKey(), IndexSpec.paramNumber(v.getAsDouble()));
                } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
                    out.put(e.getKey(), v.getAsBoolean());
                } else {
                    out.put(e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
                }
            });
        }
        return out;
    }

    private static String describeMachine(JsonObject m) {
        return (m.has("cpuModel") ? m.get("cpuModel").getAsString() : "?")
                + (m.has("logicalCpus") ? ", " + m.get("logicalCpus").getAsInt() + " logical CPUs" : "");
    }
}
