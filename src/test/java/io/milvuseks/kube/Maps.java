package io.milvuseks.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and building Kubernetes objects held as plain maps (as parsed from JSON or YAML). */
final class Maps {

    private Maps() {
    }

    /** The value at a path of keys, or null when any step is missing or not a map. */
    static Object at(Object root, String... path) {
        Object cur = root;
        for (var key : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    static String str(Object root, String... path) {
        var v = at(root, path);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, String... path) {
        var v = at(root, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object root, String... path) {
        var v = at(root, path);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object root, String... path) {
        var out = new ArrayList<Map<String, Object>>();
        for (var o : list(root, path)) {
            if (o instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    static long num(Object root, long fallback, String... path) {
        var v = at(root, path);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    /** The map at a path, created (as LinkedHashMaps) where missing; for editing a deep copy. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ensure(Map<String, Object> root, String... path) {
        var cur = root;
        for (var key : path) {
            var next = cur.get(key);
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(key, next);
            }
            cur = (Map<String, Object>) next;
        }
        return cur;
    }

    /**
     * A mutable deep copy with JSON's types: maps, lists, strings, booleans, and numbers as Long when whole (a
     * Double 3.0 from a protobuf Struct would otherwise be sent as {@code 3.0}, which int32 fields refuse).
     */
    static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, val) -> out.put(String.valueOf(k), copy(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            var out = new ArrayList<Object>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        if (v instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (v instanceof Float f && f == Math.rint(f)) {
            return (long) f.floatValue();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValue();
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<String, ?> m) {
        return (Map<String, Object>) copy(m);
    }

    /** "Kind namespace/name" for messages. */
    static String id(Map<String, Object> o) {
        var ns = str(o, "metadata", "namespace");
        return str(o, "kind") + " " + (ns == null ? "" : ns + "/") + str(o, "metadata", "name");
    }
}
