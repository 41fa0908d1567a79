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
        // echoed, not sized: no re-runnable benchmark backs a per-vCPU search rate for a QPS-driven count
        m.put("targetQps", in.targetQps());
        m.put("growingBytes", (double) p.growingBytes());
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
            pools.put(role.wire(), e);
        });
        m.put("pools", pools);
        m.put("mskUsdPerMonth", round(p.mskUsdPerMonth(), 2));
        m.put("s3UsdPerMonth", round(p.s3UsdPerMonth(), 2));
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
        out.append(String.format(Locale.ROOT, "  query nodes: planner needs %d (by memory and disk), stack runs %d; "
                        + "target %d QPS not sized (no benchmark: load-test it)%n",
                num(c, "queryNodesNeeded").intValue(), num(c, "queryNodes").intValue(),
                num(c, "targetQps").intValue()));
        out.append(String.format(Locale.ROOT, "  growing segments %s (streaming nodes), index build %.0f vCPU-h, "
                        + "S3 %s, etcd volume %s, %s volume %s%n",
                bytes(c, "growingBytes"), num(c, "buildVcpuHours").doubleValue(), bytes(c, "s3Bytes"),
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

    private static Number num(Map<String, ?> c, String key) {
        return c.get(key) instanceof Number n ? n : 0;
    }

    private static boolean bool(Map<String, ?> c, String key) {
        return Boolean.TRUE.equals(c.get(key));
    }

    private static String bytes(Map<String, ?> c, String key) {
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
