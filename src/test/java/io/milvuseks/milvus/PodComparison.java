package io.milvuseks.milvus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Field-by-field differences between two Kubernetes objects (or parts of them), as paths: {@code
 * spec.containers[querynode].readinessProbe.periodSeconds: 10 != 11}. Absent, null, empty lists and empty maps are
 * the same (the chart renders {@code initContainers:} with nothing under it; the stack leaves it out); numbers compare
 * by value (YAML ints, the plan's longs). Lists of named things (containers, env, ports, volumes) are keyed by name,
 * volume mounts by mount path, so a difference names what differs.
 */
public final class PodComparison {

    private PodComparison() {
    }

    public static List<String> diff(Object chart, Object stack) {
        var out = new ArrayList<String>();
        diff("", normalize(chart), normalize(stack), out);
        return out;
    }

    private static void diff(String path, Object a, Object b, List<String> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            var keys = new TreeSet<String>();
            ma.keySet().forEach(k -> keys.add(String.valueOf(k)));
            mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (var k : keys) {
                diff(path.isEmpty() ? k : path + "." + k, ma.get(k), mb.get(k), out);
            }
            return;
        }
        if (a == null ? b != null : !a.equals(b)) {
            out.add(path + ": chart " + a + " != stack " + b);
        }
    }

    /** Maps with sorted semantics, named lists as maps, numbers as longs, empties dropped. */
    @SuppressWarnings("unchecked")
    static Object normalize(Object o) {
        if (o instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> {
                var n = normalize(v);
                if (!empty(n)) {
                    out.put(String.valueOf(k), n);
                }
            });
            return out;
        }
        if (o instanceof List<?> l) {
            var items = l.stream().map(PodComparison::normalize).toList();
            var key = listKey(items);
            if (key == null) {
                var out = new LinkedHashMap<String, Object>();
                for (int i = 0; i < items.size(); i++) {
                    out.put("[" + i + "]", items.get(i));
                }
                return out;
            }
            var out = new LinkedHashMap<String, Object>();
            for (var item : items) {
                out.put("[" + ((Map<String, Object>) item).get(key) + "]", item);
            }
            return out;
        }
        if (o instanceof Number n && !(o instanceof Double) && !(o instanceof Float)) {
            return n.longValue();
        }
        return o;
    }

    /** "name" when every item is a map with a distinct name, else "mountPath" likewise, else none. */
    private static String listKey(List<Object> items) {
        for (var key : List.of("name", "mountPath")) {
            var seen = new HashSet<Object>();
            boolean ok = !items.isEmpty();
            for (var item : items) {
                if (!(item instanceof Map<?, ?> m) || m.get(key) == null || !seen.add(m.get(key))) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return key;
            }
        }
        return null;
    }

    private static boolean empty(Object o) {
        return o == null || (o instanceof Map<?, ?> m && m.isEmpty()) || (o instanceof List<?> l && l.isEmpty());
    }
}
