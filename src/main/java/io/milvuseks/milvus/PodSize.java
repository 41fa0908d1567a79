package io.milvuseks.milvus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replicas and per-pod CPU (millicores) and memory (MiB) requests and limits of one component.
 * Memory request equals the limit: a Milvus node that is evicted or OOM-killed reloads its segments from S3,
 * which at billion scale costs minutes, so memory is never overcommitted. CPU may burst up to its limit.
 */
public record PodSize(int replicas, int cpuRequestMilli, int memoryRequestMiB, int cpuLimitMilli, int memoryLimitMiB) {

    public PodSize {
        if (replicas < 0 || cpuRequestMilli <= 0 || memoryRequestMiB <= 0) {
            throw new IllegalArgumentException("replicas must be >= 0 and requests > 0: " + replicas + ", "
                    + cpuRequestMilli + "m, " + memoryRequestMiB + "Mi");
        }
        if (cpuLimitMilli < cpuRequestMilli || memoryLimitMiB < memoryRequestMiB) {
            throw new IllegalArgumentException("limits below requests: " + cpuLimitMilli + "m < " + cpuRequestMilli
                    + "m or " + memoryLimitMiB + "Mi < " + memoryRequestMiB + "Mi");
        }
    }

    /** The same pods, {@code n} of them. */
    public PodSize withReplicas(int n) {
        return new PodSize(n, cpuRequestMilli, memoryRequestMiB, cpuLimitMilli, memoryLimitMiB);
    }

    /** The Kubernetes {@code resources} object. */
    public Map<String, Object> resources() {
        var out = new LinkedHashMap<String, Object>();
        out.put("requests", quantities(cpuRequestMilli, memoryRequestMiB));
        out.put("limits", quantities(cpuLimitMilli, memoryLimitMiB));
        return out;
    }

    private static Map<String, Object> quantities(int cpuMilli, int memoryMiB) {
        var m = new LinkedHashMap<String, Object>();
        m.put("cpu", cpuMilli + "m");
        m.put("memory", memoryMiB + "Mi");
        return m;
    }
}
