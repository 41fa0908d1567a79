package io.milvuseks.capacity;

import com.google.gson.GsonBuilder;
import io.milvuseks.config.NodeRole;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The capacity plan as a stack output (plain values: the policy pack reads these keys, keep them stable), as text
 * and as JSON. Byte counts and money are doubles: Pulumi outputs carry no 64-bit integers.
 */
public final class CapacityReport {

    private CapacityReport() {
    }

    private static final Map<String, String> PLATFORM_LABELS = Map.of(
            "eksControlPlane", "eks control plane",
            "natGateways", "nat gateways (hourly)",
            "natData", "nat data processed (assumed volume)",
            "ebsVolumes", "ebs: node root + etcd gp3 volumes",
            "interfaceEndpoints", "vpc interface endpoints",
            "loadBalancer", "internal nlb (1 lcu)",
            "kms", "kms keys",
            "cloudwatchLogs", "cloudwatch logs (assumed volume)");

    /** The {@code capacity} stack output. */
    public static Map<String, Object> output(CapacityPlan p) {
        var in = p.input();
        var m = new LinkedHashMap<String, Object>();
        m.put("vectors", (double) in.vectors());
        m.put("dim", in.dim());
        m.put("elementType", in.elementType().wire());
        m.put("indexType", in.index().type().wire());
        m.put("indexParams", new LinkedHashMap<String, Object>(in.index().params()));
        m.put("mmap", in.mmap());
        m.put("replicas", in.replicas());
        m.put("rawVectorBytes", (double) p.rawVectorBytes());
        m.put("segmentsPerReplica", (double) p.segmentsPerReplica());
        m.put("indexBytesPerReplica", (double) p.indexBytesPerReplica());
        m.put("indexMemoryBytesPerReplica", (double) p.indexMemoryPerReplica());
        m.put("indexDiskBytesPerReplica", (double) p.indexDiskPerReplica());
        m.put("scalarMemoryBytesPerReplica", (double) p.scalarMemoryPerReplica());
        m.put("memoryNeedBytesPerReplica", (double) p.memoryNeedPerReplica());
        // total memory the query nodes must hold: index + scalars + ids, all replicas
        m.put("indexMemoryBytes", (double) p.memoryNeed());
        m.put("queryNodeType", in.pool(NodeRole.QUERY).instanceType());
        m.put("queryNodePodMemoryBytes", (double) p.queryNodePodMemory());
        m.put("queryNodeUsableMemoryBytes", (double) p.queryNodeUsableMemory());
        m.put("queryNodeUsableDiskBytes", (double) p.queryNodeUsableDisk());
        m.put("queryNodesNeeded", p.queryNodesNeeded());
        m.put("queryNodes", p.nodeCount(NodeRole.QUERY));
        m.put("queryNodeMemoryBytes", (double) p.memoryProvisioned());
        m.put("memoryRatio", round(p.memoryRatio(), 4));
        // the write-throttle margin (issue 14): segments at peak + runtime overhead stay under the low water level
        m.put("segmentMaxBytes", (double) Assumptions.SEGMENT_MAX_BYTES);
        m.put("segmentMemoryBytes", (double) p.segmentMemory());
        m.put("querySegmentShare", round(p.querySegmentShare(), 4));
        m.put("querySegmentShareBudget", Assumptions.QUERY_SEGMENT_SHARE);
        m.put("runtimeOverheadShare", Assumptions.RUNTIME_OVERHEAD_SHARE);
        m.put("memoryLowWaterLevel", Assumptions.MEMORY_LOW_WATER_LEVEL);
        m.put("memoryHighWaterLevel", Assumptions.MEMORY_HIGH_WATER_LEVEL);
        // echoed, not sized: no re-runnable benchmark backs a per-vCPU search rate for a QPS-driven count
        m.put("targetQps", in.targetQps());
        m.put("growingBytes", (double) p.growingBytes());
        var st = p.streaming();
        var streaming = new LinkedHashMap<String, Object>();
        streaming.put("nodes", st.nodes());
        streaming.put("podMemoryBytes", (double) st.podMemory());
        streaming.put("growingCapBytesPerNode", (double) st.capPerNode());
        streaming.put("growingDemandBytes", (double) st.demand());
        streaming.put("growingBytesPerNode", (double) st.perNode());
        streaming.put("sealBytes", (double) st.sealBytes());
        streaming.put("earlySeal", st.earlySeal());
        streaming.put("memoryShare", round(st.memoryShare(), 4));
        m.put("streaming", streaming);
        m.put("buildVcpuHours", round(p.buildVcpuHours(), 1));
        m.put("s3Bytes", (double) p.s3Bytes());
        m.put("etcdVolumeBytes", (double) p.etcdVolumeBytes());
        m.put("messageQueue", in.queue().wire());
        m.put("queueVolumeBytes", (double) p.queueVolumeBytes());
        var pools = new LinkedHashMap<String, Object>();
        p.pools().forEach((role, pool) -> {
            var e = new LinkedHashMap<String, Object>();
            e.put("instanceType", pool.instanceType());
            e.put("needed", pool.needed());
            e.put("nodes", pool.nodes());
            e.put("usdPerMonth", round(pool.usdPerMonth(), 2));
            e.put("rootVolumeGiB", pool.diskGiB());
            pools.put(role.wire(), e);
        });
        m.put("pools", pools);
        m.put("mskUsdPerMonth", round(p.mskUsdPerMonth(), 2));
        m.put("s3UsdPerMonth", round(p.s3UsdPerMonth(), 2));
        var platform = new LinkedHashMap<String, Object>();
        p.platformUsd().forEach((k, v) -> platform.put(k, round(v, 2)));
        m.put("platformUsdPerMonth", platform);
        m.put("totalUsdPerMonth", round(p.totalUsdPerMonth(), 2));
        return m;
    }

    public static String json(CapacityPlan p) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(output(p)) + "\n";
    }

    public static String text(CapacityPlan p) {
        return text(output(p));
    }

    /** Renders the {@code capacity} output (as recorded by the plan, numbers of any type). */
    public static String text(Map<String, ?> c) {
        var out = new StringBuilder();
        int replicas = num(c, "replicas").intValue();
        out.append(String.format(Locale.ROOT, "  %s x %d-d %s, %s %s, %d replica(s)%s%n",
                count(num(c, "vectors").doubleValue()), num(c, "dim").intValue(), c.get("elementType"),
                c.get("indexType"), c.get("indexParams"), replicas, bool(c, "mmap") ? ", mmap" : ""));
        out.append(String.format(Locale.ROOT, "  per replica: raw vectors %s, index %s (memory %s, disk %s), "
                        + "scalars+ids %s, %s segments%n",
                bytes(c, "rawVectorBytes"), bytes(c, "indexBytesPerReplica"), bytes(c, "indexMemoryBytesPerReplica"),
                bytes(c, "indexDiskBytesPerReplica"), bytes(c, "scalarMemoryBytesPerReplica"),
                count(num(c, "segmentsPerReplica").doubleValue())));
        double need = num(c, "indexMemoryBytes").doubleValue();
        double prov = num(c, "queryNodeMemoryBytes").doubleValue();
        out.append(String.format(Locale.ROOT, "  query memory: need %s, provisioned %s on %d x %s "
                        + "(%s usable each), ratio %.2f %s%n",
                bytes(need), bytes(prov), num(c, "queryNodes").intValue(), c.get("queryNodeType"),
                bytes(c, "queryNodeUsableMemoryBytes"), num(c, "memoryRatio").doubleValue(),
                need <= prov ? "(fits)" : "(UNDERSIZED)"));
        out.append(String.format(Locale.ROOT, "  query pod memory: segments %.1f %% at peak (budget %.0f %%, one %s "
                        + "segment in flight) + runtime %.0f %% = %.1f %%, under Milvus' write-throttle low water level "
                        + "%.0f %% (rejects at %.0f %%)%n",
                100 * num(c, "querySegmentShare").doubleValue(), 100 * num(c, "querySegmentShareBudget").doubleValue(),
                bytes(c, "segmentMemoryBytes"), 100 * num(c, "runtimeOverheadShare").doubleValue(),
                100 * (num(c, "querySegmentShare").doubleValue() + num(c, "runtimeOverheadShare").doubleValue()),
                100 * num(c, "memoryLowWaterLevel").doubleValue(), 100 * num(c, "memoryHighWaterLevel").doubleValue()));
        out.append(String.format(Locale.ROOT, "  query nodes: planner needs %d (by memory and disk), stack runs %d; "
                        + "target %d QPS not sized (no benchmark: load-test it)%n",
                num(c, "queryNodesNeeded").intValue(), num(c, "queryNodes").intValue(),
                num(c, "targetQps").intValue()));
        if (c.get("streaming") instanceof Map<?, ?> st && ((Number) st.get("nodes")).intValue() > 0) {
            var stm = st;
            out.append(String.format(Locale.ROOT, "  streaming: %d nodes, growing %s each of a %s cap (%.0f %% of the "
                            + "%s pod); segments seal at %s%s; with interim index %.1f %% of the pod%n",
                    num(stm, "nodes").intValue(), bytes(stm, "growingBytesPerNode"), bytes(stm, "growingCapBytesPerNode"),
                    100 * Assumptions.STREAMING_GROWING_HWM, bytes(stm, "podMemoryBytes"), bytes(stm, "sealBytes"),
                    bool(stm, "earlySeal") ? " (early: the node's growing cap binds before the per-segment cap)" : "",
                    100 * num(stm, "memoryShare").doubleValue()));
        }
        out.append(String.format(Locale.ROOT, "  segments up to %s, index build %.0f vCPU-h, "
                        + "S3 %s, etcd volume %s, %s volume %s%n",
                bytes(c, "segmentMaxBytes"), num(c, "buildVcpuHours").doubleValue(), bytes(c, "s3Bytes"),
                bytes(c, "etcdVolumeBytes"), c.get("messageQueue"), queueVolume(c)));
        out.append("  cost per month (us-east-1 on demand):\n");
        if (c.get("pools") instanceof Map<?, ?> pools) {
            pools.forEach((role, v) -> {
                if (v instanceof Map<?, ?> pool) {
                    int needed = ((Number) pool.get("needed")).intValue();
                    out.append(String.format(Locale.ROOT, "    %-6s %3d x %-14s %-12s  $%,12.2f%n", role,
                            ((Number) pool.get("nodes")).intValue(), pool.get("instanceType"),
                            needed == 0 ? "(not sized)" : String.format(Locale.ROOT, "(needs %d)", needed),
                            ((Number) pool.get("usdPerMonth")).doubleValue()));
                }
            });
        }
        double msk = num(c, "mskUsdPerMonth").doubleValue();
        if (msk > 0) {
            out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", "msk brokers + storage", msk));
        }
        out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", "s3", num(c, "s3UsdPerMonth").doubleValue()));
        if (c.get("platformUsdPerMonth") instanceof Map<?, ?> platform) {
            platform.forEach((k, v) -> out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n",
                    PLATFORM_LABELS.getOrDefault(String.valueOf(k), String.valueOf(k)), ((Number) v).doubleValue())));
        }
        out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", "total",
                num(c, "totalUsdPerMonth").doubleValue()));
        return out.toString();
    }

    private static String queueVolume(Map<String, ?> c) {
        return switch (String.valueOf(c.get("messageQueue"))) {
            case "msk" -> bytes(c, "queueVolumeBytes") + " per broker";
            case "pulsar" -> bytes(c, "queueVolumeBytes") + " per bookie";
            default -> "none (WAL on S3)";
        };
    }

    private static Number num(Map<?, ?> c, String key) {
        return c.get(key) instanceof Number n ? n : 0;
    }

    private static boolean bool(Map<?, ?> c, String key) {
        return Boolean.TRUE.equals(c.get(key));
    }

    private static String bytes(Map<?, ?> c, String key) {
        return bytes(num(c, key).doubleValue());
    }

    /** Decimal units (what AWS bills and what the 1.54 TB means). */
    public static String bytes(double b) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        int i = 0;
        while (b >= 1000 && i < units.length - 1) {
            b /= 1000;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.2f %s", b, units[i]);
    }

    private static String count(double n) {
        if (n >= 1e9 && n % 1e7 == 0) {
            return String.format(Locale.ROOT, "%.2f B", n / 1e9).replace(".00 B", " B");
        }
        if (n >= 1e6 && n % 1e4 == 0) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6).replace(".00 M", " M");
        }
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    static double round(double v, int places) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            return v;
        }
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
