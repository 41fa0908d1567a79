package io.milvuseks.collection;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MetricType;
import io.milvuseks.config.WireEnum;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The stack output {@code searchParams} as verify uses it: the index the stack builds (type and build parameters),
 * the metric, and the search parameters its promised recall holds at (nprobe, ef, search_list, refine_k, ...; Milvus
 * 2.6 index docs), with the recall floor. verify builds the same index on a scratch collection and searches with these
 * parameters, scaled to the scratch collection ({@link #scaledTo}).
 *
 * @param rowsPerSegment rows of one of the stack's sealed segments (IVF's nlist and nprobe are scaled from it); 0 when
 *                       not given
 */
public record SearchParamsSpec(IndexType index, MetricType metric, Map<String, Object> build,
                               Map<String, Object> search, double minRecall, long rowsPerSegment) {

    public SearchParamsSpec {
        build = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(build));
        search = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(search));
    }

    /**
     * Parses either the whole {@code pulumi stack output --json} (its {@code searchParams} member) or the
     * {@code searchParams} object itself ({@code verify --search-params}).
     */
    public static SearchParamsSpec parse(String json) {
        JsonObject o;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new MilvusFailure("search parameters: expected a JSON object");
            }
            o = el.getAsJsonObject();
        } catch (JsonParseException ex) {
            throw new MilvusFailure("search parameters are not JSON: " + MilvusErrors.detail(ex));
        }
        return of(o.has(StackOutputs.SEARCH_PARAMS) && o.get(StackOutputs.SEARCH_PARAMS).isJsonObject()
                ? o.getAsJsonObject(StackOutputs.SEARCH_PARAMS) : o);
    }

    private static SearchParamsSpec of(JsonObject o) {
        if (!o.has("indexType") || !o.has("params")) {
            throw new MilvusFailure("search parameters need indexType and params (the stack output "
                    + StackOutputs.SEARCH_PARAMS + " has them: pulumi stack output --json)");
        }
        var type = WireEnum.parse(IndexType.class, o.get("indexType").getAsString()).orElseThrow(() ->
                new MilvusFailure("search parameters: indexType " + o.get("indexType") + " is not one of "
                        + WireEnum.accepted(IndexType.class)));
        var metric = o.has("metricType") ? WireEnum.parse(MetricType.class, o.get("metricType").getAsString())
                .orElseThrow(() -> new MilvusFailure("search parameters: metricType " + o.get("metricType")
                        + " is not one of " + WireEnum.accepted(MetricType.class))) : MetricType.COSINE;
        return new SearchParamsSpec(type, metric, map(o, "buildParams"), map(o, "params"),
                o.has("minRecall") ? o.get("minRecall").getAsDouble() : 0,
                o.has("rowsPerSegment") ? o.get("rowsPerSegment").getAsLong() : 0);
    }

    /**
     * The same index and search for a scratch collection of {@code vectors} rows: an IVF index keeps its rows per
     * list and its probed share (nlist and nprobe scaled by vectors / the stack's rows per segment, at least 1), so
     * the scratch search is as hard as one segment of the stack's; graph and DiskANN parameters do not depend on the
     * row count and are kept.
     */
    public SearchParamsSpec scaledTo(long vectors) {
        if (!(build.get("nlist") instanceof Number nlist) || rowsPerSegment <= 0) {
            return this;
        }
        int scaled = (int) Math.max(1, Math.min(nlist.longValue(), Math.round(nlist.doubleValue() * vectors
                / rowsPerSegment)));
        var b = new LinkedHashMap<String, Object>(build);
        b.put("nlist", scaled);
        var s = new LinkedHashMap<String, Object>(search);
        if (search.get("nprobe") instanceof Number nprobe) {
            s.put("nprobe", (int) Math.max(1, Math.min(scaled, Math.ceil(nprobe.doubleValue() * scaled
                    / nlist.doubleValue()))));
        }
        return new SearchParamsSpec(index, metric, b, s, minRecall, rowsPerSegment);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s %s, search %s", index.wire(), build, metric.wire(), search);
    }

    private static Map<String, Object> map(JsonObject o, String member) {
        var out = new LinkedHashMap<String, Object>();
        if (o.has(member) && o.get(member).isJsonObject()) {
            for (var e : o.getAsJsonObject(member).entrySet()) {
                var v = e.getValue();
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                    out.put(e.getKey(), IndexSpec.paramNumber(v.getAsDouble()));
                } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
                    out.put(e.getKey(), String.valueOf(v.getAsBoolean()));
                } else if (v.isJsonPrimitive()) {
                    out.put(e.getKey(), v.getAsString());
                } else {
                    throw new MilvusFailure("search parameters: " + member + "." + e.getKey() + " must be a number "
                            + "or a string");
                }
            }
        }
        return out;
    }
}
