package io.milvuseks.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the NetworkPolicy evaluator needs from a cluster after the real apply and scheduling: every Namespace, Pod
 * and NetworkPolicy as the API server returns them (plain JSON maps; {@code metadata.managedFields} dropped).
 * Pods carry their labels, owner references and node. Written per stack to
 * {@code target/kube-tier/<stack>-snapshot.json} as {@code {"stack", "namespaces": [...], "pods": [...],
 * "networkPolicies": [...]}} so the connectivity matrix can also be evaluated offline.
 */
public record ClusterSnapshot(String stack, List<Map<String, Object>> namespaces, List<Map<String, Object>> pods,
                       List<Map<String, Object>> networkPolicies) {

    /** Checks a snapshot, e.g. a connectivity matrix over its NetworkPolicies; returns its findings (none = ok). */
    @FunctionalInterface
    public interface Check {
        List<String> findings(ClusterSnapshot snapshot);
    }

    static ClusterSnapshot read(KubeApi api, String stack) {
        return new ClusterSnapshot(stack, trimmed(api.list("/api/v1/namespaces")),
                trimmed(api.list("/api/v1/pods")),
                trimmed(api.list("/apis/networking.k8s.io/v1/networkpolicies")));
    }

    private static List<Map<String, Object>> trimmed(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> {
            var copy = Maps.copyMap(o);
            if (copy.get("metadata") instanceof Map<?, ?> meta) {
                meta.remove("managedFields");
            }
            return copy;
        }).toList();
    }

    public void write(Path file) throws IOException {
        var root = new LinkedHashMap<String, Object>();
        root.put("stack", stack);
        root.put("namespaces", namespaces);
        root.put("pods", pods);
        root.put("networkPolicies", networkPolicies);
        Files.createDirectories(file.getParent());
        Files.writeString(file, KubeApi.GSON.toJson(root));
    }

    public static ClusterSnapshot readFile(Path file) throws IOException {
        var root = KubeApi.parse(Files.readString(file));
        return new ClusterSnapshot(Maps.str(root, "stack"), Maps.maps(root, "namespaces"), Maps.maps(root, "pods"),
                Maps.maps(root, "networkPolicies"));
    }
}
