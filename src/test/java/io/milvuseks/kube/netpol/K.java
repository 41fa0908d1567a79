package io.milvuseks.kube.netpol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built Kubernetes objects in the API's JSON shape, for the evaluator's and the matrix's tests. */
final class K {

    private K() {
    }

    /** A Namespace with the label the API server sets on every namespace, plus {@code labels}. */
    static Map<String, Object> namespace(String name, String... labels) {
        var l = pairs(labels);
        l.put("kubernetes.io/metadata.name", name);
        return Map.of("metadata", Map.of("name", name, "labels", l));
    }

    /** A pod; {@code ports} are "name:number" (or "name:number/UDP"). */
    static Map<String, Object> pod(String namespace, String name, Map<String, String> labels, String... ports) {
        var containerPorts = new ArrayList<Map<String, Object>>();
        for (var p : ports) {
            var m = new LinkedHashMap<String, Object>();
            var nameAndRest = p.split(":");
            var numberAndProto = nameAndRest[1].split("/");
            m.put("name", nameAndRest[0]);
            m.put("containerPort", Integer.parseInt(numberAndProto[0]));
            if (numberAndProto.length > 1) {
                m.put("protocol", numberAndProto[1]);
            }
            containerPorts.add(m);
        }
        var spec = new LinkedHashMap<String, Object>();
        spec.put("containers", List.of(Map.of("name", "main", "ports", containerPorts)));
        spec.put("nodeName", "node-1");
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("labels", labels);
        var pod = new LinkedHashMap<String, Object>();
        pod.put("metadata", meta);
        pod.put("spec", spec);
        pod.put("status", new LinkedHashMap<String, Object>(Map.of("hostIP", "10.0.0.1")));
        return pod;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> pod, String path, Object value) {
        var parts = path.split("\\.");
        Map<String, Object> node = pod;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
        return pod;
    }

    static Map<String, Object> policy(String namespace, String name, Map<String, Object> spec) {
        return Map.of("metadata", Map.of("name", name, "namespace", namespace), "spec", spec);
    }

    static Map<String, Object> spec(Object... keyValues) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Map<String, Object> selector(String... labels) {
        return Map.of("matchLabels", pairs(labels));
    }

    static Map<String, Object> expression(String key, String operator, String... values) {
        return Map.of("key", key, "operator", operator, "values", List.of(values));
    }

    static Map<String, Object> port(Object port) {
        return Map.of("port", port);
    }

    static Map<String, String> pairs(String... kv) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
