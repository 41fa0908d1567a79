package io.milvuseks.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Documents the stack renders into one string (a dashboard's JSON, a tool's YAML config) must come out byte-identical
 * on every run: {@code Map.of} iterates in an order that changes from one JVM to the next, and a string input that
 * changes is a diff, and an update, on every {@code pulumi up}.
 */
public final class Canonical {

    private Canonical() {
    }

    /**
     * A deep copy in which a map that has an order of its own (insertion: {@code LinkedHashMap}; sorted) keeps it
     * and any other ({@code Map.of}, {@code HashMap}) gets sorted keys: a policy document keeps its readable
     * {@code Version, Statement} / {@code Sid, Effect, ...} order, and a {@code Condition} built with
     * {@code Map.of} stops changing order between runs (which Pulumi would show as an update on every up).
     */
    public static Object stable(Object node) {
        if (node instanceof Map<?, ?> map) {
            boolean ordered = map instanceof java.util.LinkedHashMap<?, ?> || map instanceof java.util.SortedMap<?, ?>;
            Map<String, Object> out = ordered ? new java.util.LinkedHashMap<>() : new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), stable(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            var out = new ArrayList<Object>();
            list.forEach(v -> out.add(stable(v)));
            return out;
        }
        return node;
    }

    /** A deep copy with every map's keys sorted; lists keep their order (it carries meaning). */
    public static Object sorted(Object node) {
        if (node instanceof Map<?, ?> map) {
            var out = new TreeMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            var out = new ArrayList<Object>();
            list.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return node;
    }
}
