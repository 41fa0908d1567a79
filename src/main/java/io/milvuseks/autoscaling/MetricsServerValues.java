package io.milvuseks.autoscaling;

import io.milvuseks.registry.Mirror;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed values of chart metrics-server (kubernetes-sigs/metrics-server): the Metrics API the data nodes' HPA reads
 * CPU utilization from. Every emitted key is checked against the pinned charts' values.yaml (MetricsServerKeysTest).
 *
 * @param maxNodes the most nodes the cluster can run (every pool's max): sizes the pod
 */
public record MetricsServerValues(Mirror.Routed image, Map<String, String> infraSelector, int maxNodes) {

    public static final String NAMESPACE = "kube-system";
    public static final String FULLNAME = "metrics-server";

    /** metrics-server README, "Scaling": 1m core and 2 MiB per node; the chart's 100m / 200Mi as the floor. */
    public int cpuMilli() {
        return Math.max(100, maxNodes);
    }

    public int memoryMiB() {
        return Math.max(200, 2 * maxNodes);
    }

    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("fullnameOverride", FULLNAME);
        var img = new LinkedHashMap<String, Object>();
        img.put("repository", image.hostRepository());
        img.put("tag", image.tag());
        img.put("pullPolicy", "IfNotPresent");
        m.put("image", img);
        m.put("nodeSelector", infraSelector);
        m.put("resources", Map.of("requests", Map.of("cpu", cpuMilli() + "m", "memory", memoryMiB() + "Mi"),
                "limits", Map.of("memory", memoryMiB() + "Mi")));
        return m;
    }
}
