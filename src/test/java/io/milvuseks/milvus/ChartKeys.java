package io.milvuseks.milvus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chart's key paths and leaf types (test resource chart-keys-5.0.19.tsv, derived from the chart's values.yaml
 * plus the typed subchart/template keys listed at its end), and a checker for a values map against them.
 */
public final class ChartKeys {

    private final Map<String, String> types;

    private ChartKeys(Map<String, String> types) {
        this.types = types;
    }

    static ChartKeys load() {
        return load(ChartKeys.class, "chart-keys-5.0.19.tsv");
    }

    /** A key list in this format, read from a test resource next to {@code anchor}. */
    public static ChartKeys load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            var types = new LinkedHashMap<String, String>();
            for (var line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                var cols = line.split("\t");
                types.put(cols[0], cols[1]); // later sections type the chart's null leaves
            }
            return new ChartKeys(types);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String type(String path) {
        return types.get(path);
    }

    int size() {
        return types.size();
    }

    boolean hasChildren(String path) {
        return types.keySet().stream().anyMatch(k -> k.startsWith(path + ".") || k.startsWith(path + "["));
    }

    /** Leaf paths of the values (stopping at free-form map/list leaves) with their types, or problems. */
    public record Check(Map<String, String> leaves, List<String> problems) {
    }

    public Check check(Map<String, Object> values) {
        var leaves = new TreeMap<String, String>();
        var problems = new ArrayList<String>();
        walk("", values, leaves, problems);
        return new Check(leaves, problems);
    }

    private void walk(String prefix, Object value, Map<String, String> leaves, List<String> problems) {
        if (!prefix.isEmpty()) {
            var type = types.get(prefix);
            if (type != null) {
                var actual = typeOf(value);
                if (!type.equals(actual)) {
                    problems.add(prefix + ": chart type " + type + ", emitted " + actual);
                }
                leaves.put(prefix, actual);
                return;
            }
            if (!hasChildren(prefix)) {
                problems.add(prefix + ": not a key of the chart");
                return;
            }
            if (!(value instanceof Map)) {
                problems.add(prefix + ": chart has an object here, emitted " + typeOf(value));
                return;
            }
        }
        ((Map<?, ?>) value).forEach((k, v) -> walk(join(prefix, String.valueOf(k)), v, leaves, problems));
    }

    static String typeOf(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Integer || v instanceof Long) {
            return "int";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Map) {
            return "map";
        }
        if (v instanceof List) {
            return "list";
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    static String join(String prefix, String key) {
        var seg = key.matches("[A-Za-z0-9_-]+") ? key : "[\"" + key + "\"]";
        return prefix.isEmpty() || seg.startsWith("[") ? prefix + seg : prefix + "." + seg;
    }
}
