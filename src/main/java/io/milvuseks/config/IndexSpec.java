package io.milvuseks.config;

import java.util.Map;
import java.util.TreeMap;

/** The vector index: type and integer build parameters (e.g. nlist, M, efConstruction). */
public record IndexSpec(IndexType type, Map<String, Integer> params) {
    public IndexSpec {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    public int param(String name, int fallback) {
        return params.getOrDefault(name, fallback);
    }
}
