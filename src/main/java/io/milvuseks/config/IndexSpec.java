package io.milvuseks.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The vector index: type, integer build parameters (e.g. nlist, M, efConstruction) and text ones ({@code options}:
 * HNSW_SQ's sq_type, and refine / refine_type of the Milvus 2.6 refine indexes; {@link IndexType#options()}).
 */
public record IndexSpec(IndexType type, Map<String, Integer> params, Map<String, String> options) {
    public IndexSpec {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** An index with integer build parameters only. */
    public IndexSpec(IndexType type, Map<String, Integer> params) {
        this(type, params, Map.of());
    }

    public int param(String name, int fallback) {
        return params.getOrDefault(name, fallback);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** Milvus 2.6 refine: the index keeps a second, more precise copy and reranks refine_k x k candidates with it. */
    public boolean refined() {
        return "true".equals(options.get("refine"));
    }

    /** Every build parameter as Milvus takes it (integers and text), for requests and reports. */
    public Map<String, Object> allParams() {
        var m = new TreeMap<String, Object>(params);
        m.putAll(options);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * A numeric index or search parameter read from JSON (where every number is a double): a whole number in int range
     * as an Integer, as Milvus' params are written ({nprobe=16}, not {nprobe=16.0}); anything else as the double.
     */
    public static Object paramNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (Object) (int) d : (Object) d;
    }
}
