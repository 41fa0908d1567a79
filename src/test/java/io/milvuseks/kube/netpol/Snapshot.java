package io.milvuseks.kube.netpol;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the connectivity matrix reads from a cluster: every Namespace, Pod and NetworkPolicy as the API returns them
 * (plain JSON objects). The kube tier writes one as {@code {"namespaces": [...], "pods": [...],
 * "networkPolicies": [...]}} ({@link #read}).
 */
public record Snapshot(List<Map<String, Object>> namespaces, List<Map<String, Object>> pods,
                       List<Map<String, Object>> networkPolicies) {

    public Snapshot {
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        networkPolicies = List.copyOf(networkPolicies);
    }

    public static Snapshot read(Path json) throws IOException {
        Map<String, List<Map<String, Object>>> m = new Gson().fromJson(
                Files.readString(json, StandardCharsets.UTF_8),
                new TypeToken<Map<String, List<Map<String, Object>>>>() { }.getType());
        for (var key : List.of("namespaces", "pods", "networkPolicies")) {
            if (m == null || m.get(key) == null) {
                throw new IllegalArgumentException(json + " has no \"" + key + "\" list");
            }
        }
        return new Snapshot(m.get("namespaces"), m.get("pods"), m.get("networkPolicies"));
    }
}
