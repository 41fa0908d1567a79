package io.milvuseks.kube.netpol;

import java.util.List;
import java.util.Map;

/** Reading Kubernetes objects held as the API returns them (JSON maps and lists), without a typed model. */
final class Obj {

    private Obj() {
    }

    static Object at(Object node, String path) {
        Object n = node;
        for (var segment : path.split("\\.")) {
            n = n instanceof Map<?, ?> m ? m.get(segment) : null;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        return at(node, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path) {
        return at(node, path) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String str(Object node, String path) {
        return at(node, path) instanceof String s ? s : null;
    }

    static boolean bool(Object node, String path) {
        return Boolean.TRUE.equals(at(node, path));
    }

    /** metadata.labels as strings (absent: none). */
    static Map<String, String> labels(Object object) {
        var m = map(object, "metadata.labels");
        var out = new java.util.TreeMap<String, String>();
        if (m != null) {
            m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    static String name(Object object) {
        return str(object, "metadata.name");
    }

    static String namespace(Object object) {
        return str(object, "metadata.namespace");
    }

    /** namespace/name, for reports. */
    static String id(Object object) {
        var ns = namespace(object);
        return ns == null ? name(object) : ns + "/" + name(object);
    }
}
