package io.milvuseks.kube;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kubelet settings of a launch template's user data: the nodeadm {@code NodeConfig} parts
 * ({@code Content-Type: application/node.eks.aws}) of its MIME multipart, merged in order as nodeadm merges them.
 * Only what sizes a node is kept: maxPods, kubeReserved, systemReserved, evictionHard.
 */
record NodeConfig(Integer maxPods, Map<String, Object> kubeReserved, Map<String, Object> systemReserved,
                  Map<String, Object> evictionHard) {

    /** nodeadm's kubelet default (internal/kubelet/config.go): {@code evictionHard: memory.available: 100Mi}. */
    static final String DEFAULT_EVICTION_MEMORY = "100Mi";

    static NodeConfig fromUserData(String base64) {
        var kubelet = new LinkedHashMap<String, Object>();
        if (base64 != null) {
            var text = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
            var boundary = boundary(text);
            var parts = boundary == null ? new String[] {text} : text.split("(?m)^--" + java.util.regex.Pattern
                    .quote(boundary) + "(--)?\\s*$");
            for (var part : parts) {
                var split = part.split("\\r?\\n\\r?\\n", 2);
                if (split.length < 2 || !split[0].toLowerCase().contains("content-type: application/node.eks.aws")) {
                    continue;
                }
                for (var doc : new Load(LoadSettings.builder().build()).loadAllFromString(split[1])) {
                    if (doc instanceof Map<?, ?> m && "NodeConfig".equals(m.get("kind"))) {
                        merge(kubelet, Maps.map(m, "spec", "kubelet", "config"));
                    }
                }
            }
        }
        var max = kubelet.get("maxPods");
        return new NodeConfig(max instanceof Number n ? n.intValue() : null, Maps.map(kubelet, "kubeReserved"),
                Maps.map(kubelet, "systemReserved"), Maps.map(kubelet, "evictionHard"));
    }

    private static String boundary(String mime) {
        var m = java.util.regex.Pattern.compile("boundary=\"?([^\"\\r\\n;]+)\"?").matcher(mime);
        return m.find() ? m.group(1) : null;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && into.get(k) instanceof Map<?, ?> existing) {
                var merged = new LinkedHashMap<>((Map<String, Object>) existing);
                merge(merged, (Map<String, Object>) m);
                into.put(k, merged);
            } else {
                into.put(k, v);
            }
        });
    }

    long systemReservedMiB() {
        return systemReserved.containsKey("memory") ? Quantity.mib(systemReserved.get("memory")) : 0;
    }

    long systemReservedCpuMilli() {
        return systemReserved.containsKey("cpu") ? Quantity.milli(systemReserved.get("cpu")) : 0;
    }

    long evictionMemoryMiB() {
        return Quantity.mib(evictionHard.getOrDefault("memory.available", DEFAULT_EVICTION_MEMORY));
    }

    long kubeReservedEphemeralBytes() {
        return Quantity.bytes(kubeReserved.getOrDefault("ephemeral-storage", "1Gi"));
    }
}
