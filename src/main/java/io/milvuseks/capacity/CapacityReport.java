package io.milvuseks.capacity;

import com.google.gson.GsonBuilder;
import io.milvuseks.config.NodeRole;

import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Monthly costs the capacity package cannot compute without its neighbours (they read the plan): the monitoring
     * stack's volumes and alarms ({@code monitoring.MonitoringSizing}) and the backup copies
     * ({@code backup.BackupReport}). Null when not priced (the CLI has no Milvus pod counts for monitoring).
     */
    public record Operations(Double monitoringUsd, Double backupUsd) {
        public static final Operations NONE = new Operations(null, null);

        double standing() {
            return monitoringUsd == null ? 0 : monitoringUsd;
        }

        double total() {
            return standing() + (backupUsd == null ? 0 : backupUsd);
        }
    }

    /** The {@code capacity} stack output without monitoring and backup lines. */
    public static Map<String, Object> output(CapacityPlan p) {
        return output(p, Operations.NONE);
    }

    /** The {@code capacity} stack output. */
    public static Map<String, Object> output(CapacityPlan p, Operations ops) {
        var in = p.input();
        var m = new LinkedHashMap<String, Object>();
        // the headline: standing $/M vectors/month per replica, backups apart (the managed tiers bill them apart)
        double serving = p.totalUsdPerMonth() + ops.standing();
        m.put("usdPerMillionVectorsPerReplica", round(p.perMillionPerReplica(serving), 2));
        m.put("usdPerMillionVectorsPerReplicaWithBackups",
                round(p.perMillionPerReplica(p.totalUsdPerMonth() + ops.total()), 2));
        // the same standing cost with a 1-year no-upfront Compute Savings Plan on the instances (an estimate)
        m.put("usdPerMillionVectorsPerReplicaSavingsPlan",
                round(p.perMillionPerReplica(p.totalUsdPerMonthWithSavingsPlan() + ops.standing()), 2));
        m.put("savingsPlanDiscount", Assumptions.SAVINGS_PLAN_1Y_NO_UPFRONT_DISCOUNT);
        var anchors = new java.util.ArrayList<Map<String, Object>>();
        for (var a : ManagedAnchors.TIERS) {
            var e = new LinkedHashMap<String, Object>();
            e.put("tier", a.tier());
            e.put("usdPerMillionVectors", round(a.usdPerMillion(in.dim()), 2));
            e.put("usdPerMillion768dVectors", a.usdPerMillion768());
            e.put("serves", a.serves());
            anchors.add(e);
        }
        m.put("managedAnchors", anchors);
        m.put("managedAnchorsSource", ManagedAnchors.SOURCE);
        m.put("vectors", (double) in.vectors());
        m.put("dim", in.dim());
        m.put("elementType", in.elementType().wire());
        m.put("indexType", in.index().type().wire());
        m.put("indexParams", new LinkedHashMap<String, Object>(in.index().allParams()));
        m.put("mmap", in.mmap());
        m.put("replicas", in.replicas());
        m.put("rawVectorBytes", (double) p.rawVectorBytes());
        m.put("segmentsPerReplica", (double) p.segmentsPerReplica());
        var seg = p.search().segments();
        m.put("segmentGroups", (double) seg.groups());
        m.put("rowsPerSegment", (double) seg.rowsPerSegment());
        m.put("loadSegmentsPerReplica", (double) seg.loadSegments());
        m.put("loadRowsPerSegment", (double) seg.loadRowsPerSegment());
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
        var sr = p.search().rate();
        m.put("minRecall", in.minRecall());
        m.put("expectedRecall", round(sr.recall(), 4));
        m.put("meetsMinRecall", sr.meets(in.minRecall()));
        m.put("recallSource", sr.recallSource());
        m.put("searchParams", new LinkedHashMap<String, Object>(sr.searchParams()));
        m.put("searchParamsSource", sr.paramsSource());
        // the query pool is max(memory, CPU, IOPS) per replica
        m.put("targetQps", in.targetQps());
        var q = p.query();
        m.put("queryNodesByMemoryPerReplica", q.byMemory());
        m.put("queryNodesByQps", q.byQps());
        m.put("queryNodesByCpu", q.byCpu());
        m.put("queryNodesByIops", q.byIops());
        m.put("queryNodesBound", p.queryBound());
        m.put("qpsServed", round(q.qpsServed(), 1));
        m.put("qpsShortfall", q.qpsShortfall());
        m.put("qpsRateSource", sr.rateSource());
        m.put("searchesPerVcpuSecond", round(sr.rate() * p.search().rateFactor(), 1));
        m.put("publishedSearchesPerVcpuSecond", round(sr.publishedRate(), 1));
        m.put("publishedRateSource", sr.published().rateSource());
        sr.measured().ifPresent(x -> m.put("measuredSearchesPerVcpuSecond", round(x.scaledRate(), 1)));
        sr.divergence().ifPresent(d -> m.put("rateDivergence", d));
        sr.hardCase().ifPresent(h -> m.put("hardCase", h));
        m.put("measuredRates", p.search().measured());
        m.put("readsPerSegmentSearch", round(p.search().reads(), 1));
        m.put("readsSource", in.index().type().onDisk() ? sr.readsSource() : in.mmap()
                ? "assumption: the pages a search touches outside the page cache (SearchRate)" : "none (in memory)");
        m.put("queryNodeRandomReadIops", p.search().nodeIops());
        m.put("iopsShare", Assumptions.IOPS_SHARE);
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
        var b = p.build();
        var build = new LinkedHashMap<String, Object>();
        build.put("nodes", b.nodes());
        build.put("instanceType", in.pool(NodeRole.DATA) == null ? "" : in.pool(NodeRole.DATA).instanceType());
        build.put("hours", round(b.hours(), 1));
        build.put("usd", round(b.usd(), 2));
        build.put("windowHours", Assumptions.BUILD_WINDOW_HOURS);
        build.put("overWindow", b.overWindow());
        build.put("indexPasses", Assumptions.STREAMED_LOAD_INDEX_PASSES);
        var bulk = p.search().bulkBuild();
        build.put("bulkImportHours", round(bulk.hours(), 1));
        build.put("bulkImportUsd", round(bulk.usd(), 2));
        m.put("build", build);
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
        if (ops.monitoringUsd() != null) {
            m.put("monitoringUsdPerMonth", round(ops.monitoringUsd(), 2));
        }
        if (ops.backupUsd() != null) {
            m.put("backupUsdPerMonth", round(ops.backupUsd(), 2));
        }
        m.put("totalUsdPerMonth", round(p.totalUsdPerMonth() + ops.total(), 2));
        m.put("totalUsdPerMonthSavingsPlan", round(p.totalUsdPerMonthWithSavingsPlan() + ops.total(), 2));
        return m;
    }

    /**
     * The stack output {@code searchParams}: the index the stack builds, the search parameters its recall holds at,
     * and the recall they reach with its source. verify reads it ({@code --outputs}) and searches with it.
     */
    public static Map<String, Object> searchParams(CapacityPlan p, io.milvuseks.config.MetricType metric) {
        var in = p.input();
        var sr = p.search().rate();
        var m = new LinkedHashMap<String, Object>();
        m.put("metricType", metric.wire());
        m.put("indexType", in.index().type().wire());
        m.put("buildParams", new LinkedHashMap<String, Object>(in.index().allParams()));
        m.put("params", new LinkedHashMap<String, Object>(sr.searchParams()));
        m.put("topK", 10);
        m.put("rowsPerSegment", (double) p.search().segments().rowsPerSegment());
        m.put("expectedRecall", round(sr.recall(), 4));
        m.put("minRecall", in.minRecall());
        m.put("recallSource", sr.recallSource());
        m.put("paramsSource", sr.paramsSource());
        return m;
    }

    public static String json(CapacityPlan p, Operations ops) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(output(p, ops)) + "\n";
    }

    public static String text(CapacityPlan p) {
        return text(p, Operations.NONE);
    }

    public static String text(CapacityPlan p, Operations ops) {
        return text(output(p, ops));
    }

    /** Renders the {@code capacity} output (as recorded by the plan, numbers of any type). */
    public static String text(Map<String, ?> c) {
        var out = new StringBuilder();
        int replicas = num(c, "replicas").intValue();
        out.append(String.format(Locale.ROOT, "  %s x %d-d %s, %s %s, %d replica(s)%s%n",
                count(num(c, "vectors").doubleValue()), num(c, "dim").intValue(), c.get("elementType"),
                c.get("indexType"), c.get("indexParams"), replicas, bool(c, "mmap") ? ", mmap" : ""));
        out.append(headline(c));
        out.append(String.format(Locale.ROOT, "  recall: %s expects %.3f at search parameters %s (%s; params: %s); "
                        + "floor %.2f: %s%n", c.get("indexType"), num(c, "expectedRecall").doubleValue(),
                c.get("searchParams"), c.get("recallSource"), c.get("searchParamsSource"),
                num(c, "minRecall").doubleValue(),
                bool(c, "meetsMinRecall") ? "meets it" : "BELOW the floor (see capacity --compare)"));
        out.append(String.format(Locale.ROOT, "  search rate: %.1f segment searches per vCPU-second (%s); published "
                        + "%.1f (%s); %s%s%s%n", num(c, "searchesPerVcpuSecond").doubleValue(), c.get("qpsRateSource"),
                num(c, "publishedSearchesPerVcpuSecond").doubleValue(), c.get("publishedRateSource"),
                c.get("measuredRates"), c.containsKey("rateDivergence") ? "; NOTE: " + c.get("rateDivergence") : "",
                c.containsKey("hardCase") ? "; " + c.get("hardCase") : ""));
        out.append(String.format(Locale.ROOT, "  per replica: raw vectors %s, index %s (memory %s, disk %s), "
                        + "scalars+ids %s, %s segments of up to %s rows (at least one per shard x partition: %s; "
                        + "compaction never merges across them)%n",
                bytes(c, "rawVectorBytes"), bytes(c, "indexBytesPerReplica"), bytes(c, "indexMemoryBytesPerReplica"),
                bytes(c, "indexDiskBytesPerReplica"), bytes(c, "scalarMemoryBytesPerReplica"),
                count(num(c, "segmentsPerReplica").doubleValue()), count(num(c, "rowsPerSegment").doubleValue()),
                count(num(c, "segmentGroups").doubleValue())));
        out.append(String.format(Locale.ROOT, "  a streamed load first seals %s small segments of %s rows (indexed, "
                        + "then compacted and re-indexed; a bulk import writes full segments and skips this)%n",
                count(num(c, "loadSegmentsPerReplica").doubleValue()),
                count(num(c, "loadRowsPerSegment").doubleValue())));
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
        out.append(String.format(Locale.ROOT, "  query nodes: planner needs %d, stack runs %d; max of memory and disk "
                        + "%d x %d replica(s), %d QPS on CPU %d, on local-disk IOPS %d (%.1f reads per segment search, "
                        + "%,d IOPS per node at %.0f %%): bound by %s; they serve ~%.0f QPS%s%n",
                num(c, "queryNodesNeeded").intValue(), num(c, "queryNodes").intValue(),
                num(c, "queryNodesByMemoryPerReplica").intValue(), num(c, "replicas").intValue(),
                num(c, "targetQps").intValue(), num(c, "queryNodesByCpu").intValue(),
                num(c, "queryNodesByIops").intValue(), num(c, "readsPerSegmentSearch").doubleValue(),
                num(c, "queryNodeRandomReadIops").intValue(), 100 * num(c, "iopsShare").doubleValue(),
                c.get("queryNodesBound"), num(c, "qpsServed").doubleValue(),
                bool(c, "qpsShortfall") ? ", SHORT of the target: the pool's max or pinned count binds" : ""));
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
        if (c.get("build") instanceof Map<?, ?> b && ((Number) b.get("nodes")).intValue() > 0) {
            out.append(String.format(Locale.ROOT, "  one-time index build of a streamed load: %,.0f vCPU-h x %d (the "
                            + "small segments, then the compacted ones) on %d x %s (the data pool scaled up, back to "
                            + "its standing count after): %.1f h, $%,.2f once, not monthly%s; a bulk import builds "
                            + "once: %.1f h, $%,.2f%n", num(c, "buildVcpuHours").doubleValue(),
                    num(b, "indexPasses").intValue(), ((Number) b.get("nodes")).intValue(),
                    b.get("instanceType"), ((Number) b.get("hours")).doubleValue(),
                    ((Number) b.get("usd")).doubleValue(), bool(b, "overWindow")
                            ? String.format(Locale.ROOT, "; longer than the %.0f h bound at the pool's max: raise "
                            + "nodePools.data.max to build faster", ((Number) b.get("windowHours")).doubleValue())
                            : "", num(b, "bulkImportHours").doubleValue(), num(b, "bulkImportUsd").doubleValue()));
        }
        out.append("  cost per month (us-east-1 on demand; standing):\n");
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
        if (c.containsKey("monitoringUsdPerMonth")) {
            out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", "monitoring (prometheus volumes, alarms)",
                    num(c, "monitoringUsdPerMonth").doubleValue()));
        }
        if (c.containsKey("backupUsdPerMonth")) {
            out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", "backups (s3 copies, see backup output)",
                    num(c, "backupUsdPerMonth").doubleValue()));
        }
        out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", "total",
                num(c, "totalUsdPerMonth").doubleValue()));
        var savings = String.format(Locale.ROOT, "total, 1-yr savings plan on instances (est. -%.0f %%)",
                100 * num(c, "savingsPlanDiscount").doubleValue());
        out.append(String.format(Locale.ROOT, "    %-40s  $%,12.2f%n", savings,
                num(c, "totalUsdPerMonthSavingsPlan").doubleValue()));
        return out.toString();
    }

    /** The headline: $/M vectors/month per replica, with the managed tiers beside it. */
    static String headline(Map<?, ?> c) {
        var out = new StringBuilder(String.format(Locale.ROOT, "  $/M vectors/month per replica: $%.2f standing on "
                        + "demand, $%.2f with a 1-year savings plan (estimate)%s%n",
                num(c, "usdPerMillionVectorsPerReplica").doubleValue(),
                num(c, "usdPerMillionVectorsPerReplicaSavingsPlan").doubleValue(), c.containsKey("backupUsdPerMonth")
                        ? String.format(Locale.ROOT, " (backups apart, as the managed tiers bill them; $%.2f with "
                        + "backups)", num(c, "usdPerMillionVectorsPerReplicaWithBackups").doubleValue())
                        : " (no backups priced)"));
        if (c.get("managedAnchors") instanceof List<?> anchors) {
            var parts = new java.util.ArrayList<String>();
            for (var a : anchors) {
                if (a instanceof Map<?, ?> e) {
                    parts.add(String.format(Locale.ROOT, "%s ~$%.2f", e.get("tier"),
                            ((Number) e.get("usdPerMillionVectors")).doubleValue()));
                }
            }
            out.append(String.format(Locale.ROOT, "  managed, per M %d-d vectors/month: %s (%s)%n",
                    num(c, "dim").intValue(), String.join(", ", parts), c.get("managedAnchorsSource")));
        }
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
