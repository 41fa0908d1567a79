package io.milvuseks.capacity;

import io.milvuseks.App;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.NodeRole;
import io.milvuseks.plan.PlanText;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner inside the program: load() refuses undersized query pools, declare() exports the report. */
public class CapacityWiringTest {

    /** Prod's node pools with the query pool replaced (wire form: JSON text). */
    public static String prodPools(String query) {
        return "{\"query\": " + query + ","
                + "\"data\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 8, \"max\": 24, \"diskGiB\": 500},"
                + "\"coord\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 2, \"desired\": 3, \"max\": 6, \"diskGiB\": 100},"
                + "\"infra\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 3, \"max\": 6, \"diskGiB\": 200}}";
    }

    static final String SEED_QUERY =
            "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 12, \"max\": 120, \"diskGiB\": 200}";

    public static final String CAPACITY_ALLOW = "{\"vectors\": 1000000000, \"elementType\": \"float32\", "
            + "\"scalarBytesPerEntity\": 200, \"targetQps\": 500, \"allowUndersized\": true, "
            + "\"undersizedReason\": \"seed topology kept for a load test\"}";

    /** The seed design's collection: IVF_FLAT (prod now runs the planner's HNSW_SQ). */
    public static final String IVF_COLLECTION = "{\"database\": \"default\", \"name\": \"documents\", \"dim\": 384, "
            + "\"metric\": \"COSINE\", \"index\": {\"type\": \"IVF_FLAT\", \"params\": {\"nlist\": 4096}}, "
            + "\"shards\": 8, \"partitions\": 64, \"replicas\": 2}";

    @Test
    void seedTwelve64GiBQueryNodesAreRejectedWithTheCountNeeded() {
        var raw = Stacks.raw("prod", Map.of("nodePools", prodPools(SEED_QUERY), "collection", IVF_COLLECTION));
        assertThatThrownBy(() -> App.load(raw))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                    assertThat(ex.problems()).extracting(p -> p.key()).containsExactly(
                            "milvus-eks:nodePools.query.desired", "milvus-eks:capacity.targetQps");
                    var p = ex.problems().get(0);
                    // both numbers: the 12 pinned and the 94 worked out in CapacityPlannerExamplesTest
                    assertThat(p.message()).contains("12 query nodes").contains("the 94 the capacity planner needs")
                            .contains("desired >= 94").contains("allowUndersized");
                    // issue 24: in prod the 500 QPS the pool cannot serve is refused too, with the way out
                    assertThat(ex.problems().get(1).message()).startsWith("500 QPS needs 530 query nodes")
                            .contains("runs at most 12").contains("the cheapest configuration that meets both");
                    ex.problems().forEach(x -> assertThat(x.toString()).doesNotContain("\n"));
                });
    }

    @Test
    void allowUndersizedWithAReasonTurnsTheErrorsIntoWarnings() {
        var raw = Stacks.raw("prod", Map.of("nodePools", prodPools(SEED_QUERY), "capacity", CAPACITY_ALLOW,
                "collection", IVF_COLLECTION));
        var err = new ByteArrayOutputStream();
        var old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            App.load(raw);
        } finally {
            System.setErr(old);
        }
        // the warnings (the stack file's secret placeholders print placeholder: lines beside them)
        var lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("warning:")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("warning: capacity.allowUndersized: nodePools.query.desired: 12 query nodes")
                .contains("94");
        // and the 500 QPS the 12 pinned nodes cannot serve
        assertThat(lines.get(1)).startsWith("warning: capacity.targetQps: 500 QPS needs 530 query nodes, "
                + "nodePools.query runs 12");
        assertThat(lines.get(2)).isEqualTo("warning: capacity.allowUndersized: the prod stack runs short of its "
                + "targets on purpose");
        var plan = CapacityPlanner.plan(Stacks.settings("prod", Map.of("nodePools", prodPools(SEED_QUERY),
                "capacity", CAPACITY_ALLOW, "collection", IVF_COLLECTION)));
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(12);
        assertThat(plan.memoryRatio()).isGreaterThan(5);
        // without a reason, prod refuses allowUndersized itself: one line on the key
        var noReason = CAPACITY_ALLOW.replace(", \"undersizedReason\": \"seed topology kept for a load test\"", "");
        assertThatThrownBy(() -> App.load(Stacks.raw("prod", Map.of("nodePools", prodPools(SEED_QUERY),
                "capacity", noReason, "collection", IVF_COLLECTION))))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> assertThat(ex.problems())
                        .extracting(p -> p.key()).containsExactly("milvus-eks:capacity.undersizedReason"));
    }

    @Test
    void aMaxBelowTheNeedIsAnErrorOnMax() {
        var query = "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"max\": 40, \"diskGiB\": 200}";
        assertThatThrownBy(() -> App.load(Stacks.raw("prod", Map.of("nodePools", prodPools(query),
                "collection", IVF_COLLECTION))))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                    assertThat(ex.problems()).extracting(p -> p.key())
                            .containsExactly("milvus-eks:nodePools.query.max", "milvus-eks:capacity.targetQps");
                    assertThat(ex.problems().get(0).message()).contains("40 query nodes").contains("94");
                });
    }

    @Test
    void aGravitonPoolIsRefusedWhileItsImagesLackAProvenArm64Variant() {
        var query = "{\"instanceType\": \"r7g.8xlarge\", \"min\": 3, \"max\": 120, \"diskGiB\": 200}";
        assertThatThrownBy(() -> App.load(Stacks.raw("prod", Map.of("nodePools", prodPools(query)))))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                    assertThat(ex.problems()).extracting(p -> p.key())
                            .containsExactly("milvus-eks:nodePools.query.instanceType");
                    assertThat(ex.problems().get(0).message()).startsWith("r7g.8xlarge is arm64 (Graviton)")
                            .contains("milvusdb/milvus unproven").contains("milvus#43184")
                            .contains("AL2023_x86_64_STANDARD").contains("accepted: an x86_64 type");
                });
    }

    @Test
    void diskAnnOnARootVolumeTheOsFillsIsRefusedEvenWhenUndersizedIsAllowed() {
        var query = "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"max\": 120, \"diskGiB\": 20}";
        var collection = "{\"dim\": 384, \"index\": {\"type\": \"DISKANN\"}, \"replicas\": 2, \"shards\": 8, "
                + "\"partitions\": 64}";
        // staging: prod already refuses DISKANN on a query type without local NVMe (SettingsParser)
        var raw = Stacks.raw("staging", Map.of("nodePools", prodPools(query), "collection", collection,
                "capacity", CAPACITY_ALLOW));
        assertThatThrownBy(() -> App.load(raw))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                    assertThat(ex.problems()).extracting(p -> p.key())
                            .containsExactly("milvus-eks:nodePools.query.diskGiB");
                    assertThat(ex.problems().get(0).message()).contains("20 GiB").contains("DISKANN")
                            .contains("diskGiB >= 31");
                });
    }

    @Test
    void unpinnedQueryPoolTakesThePlannersCountAndPinnedEnoughIsKept() {
        var prod = CapacityPlanner.plan(Stacks.settings("prod"));
        // prod runs the planner's recommendation (ProdStackCommentTest): HNSW_SQ on m6i.8xlarge, 9 a replica for
        // memory, 18 in all, which also serve the 500 QPS: no warning
        assertThat(prod.nodeCount(NodeRole.QUERY)).isEqualTo(18);
        assertThat(prod.queryNodesNeeded()).isEqualTo(18);
        assertThat(prod.query().byMemory()).isEqualTo(9);
        assertThat(prod.queryBound()).isEqualTo("memory");
        assertThat(CapacityCheck.warnings(prod)).isEmpty();
        assertThat(prod.nodeCount(NodeRole.DATA)).isEqualTo(8); // pinned: one streaming node per shard
        assertThat(prod.shortfalls()).isEmpty();
        var pinned = "{\"instanceType\": \"m6i.8xlarge\", \"min\": 3, \"desired\": 20, \"max\": 120, \"diskGiB\": 200}";
        var raw = Stacks.raw("prod", Map.of("nodePools", prodPools(pinned)));
        assertThat(CapacityPlanner.plan(App.load(raw)).nodeCount(NodeRole.QUERY)).isEqualTo(20);
        // staging: 10 M x 384 HNSW (about 19 GB) in 2 shards x 16 partitions: 32 segments of 312,500 rows, so only a
        // 0.6 GB segment in flight; one m6i.2xlarge holds it at 70 % of its pod
        var staging = CapacityPlanner.plan(App.load(Stacks.raw("staging")));
        assertThat(staging.segmentsPerReplica()).isEqualTo(32);
        assertThat(staging.queryNodesNeeded()).isEqualTo(1);
        assertThat(staging.memoryRatio()).isLessThan(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void planStackProdShowsTheCapacityReportAndExportsStableKeys() {
        var plan = Stacks.plan("prod");
        var text = PlanText.render(plan);
        assertThat(text).contains("Capacity (capacity output):")
                .contains("query memory: need 1.52 TB")
                .contains("18 x m6i.8xlarge")
                .contains("max of memory and disk 9 x 2 replica(s), 500 QPS on CPU 14, on local-disk IOPS 0")
                .contains("bound by memory")
                .contains("512 segments of up to 1,953,125 rows")
                .contains("search parameters {ef=100}")
                .doesNotContain("SHORT of the target")
                .contains("$/M vectors/month per replica: $")
                .contains("monitoring (prometheus volumes, alarms)").contains("backups (s3 copies")
                .contains("(fits)")
                .contains("total");
        @SuppressWarnings("unchecked")
        var out = (Map<String, Object>) plan.outputs().get(StackOutputs.CAPACITY);
        assertThat(out).containsKeys("vectors", "dim", "indexType", "replicas", "indexMemoryBytes", "queryNodes",
                "queryNodeMemoryBytes", "memoryRatio", "pools", "totalUsdPerMonth");
        assertThat(((Number) out.get("queryNodes")).intValue()).isEqualTo(18);
        // issue 24: the search parameters the recall holds at, as their own output for verify
        var search = (Map<String, Object>) plan.outputs().get(StackOutputs.SEARCH_PARAMS);
        assertThat(search).containsEntry("indexType", "HNSW_SQ").containsEntry("metricType", "COSINE")
                .containsEntry("params", Map.of("ef", 100)).containsEntry("topK", 10).containsEntry("minRecall", 0.95)
                .containsKeys("buildParams", "expectedRecall", "recallSource", "paramsSource", "rowsPerSegment");
        assertThat(((Number) out.get("queryNodeMemoryBytes")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) out.get("indexMemoryBytes")).doubleValue());
        @SuppressWarnings("unchecked")
        var pools = (Map<String, Map<String, Object>>) out.get("pools");
        assertThat(pools).containsKeys("query", "data", "coord", "infra");
        double sum = new HashMap<>(pools).values().stream()
                .mapToDouble(p -> ((Number) p.get("usdPerMonth")).doubleValue()).sum()
                + ((Number) out.get("mskUsdPerMonth")).doubleValue() + ((Number) out.get("s3UsdPerMonth")).doubleValue()
                + ((Map<String, Number>) out.get("platformUsdPerMonth")).values().stream()
                        .mapToDouble(Number::doubleValue).sum()
                + ((Number) out.get("monitoringUsdPerMonth")).doubleValue()
                + ((Number) out.get("backupUsdPerMonth")).doubleValue();
        // issue 15: the monitoring and backup lines are those outputs' own figures, not a second estimate
        var monitoring = (Map<String, Object>) plan.outputs().get(StackOutputs.MONITORING);
        var backup = (Map<String, Object>) plan.outputs().get(StackOutputs.BACKUP);
        assertThat(out.get("monitoringUsdPerMonth")).isEqualTo(monitoring.get("usdPerMonth"));
        assertThat(out.get("backupUsdPerMonth")).isEqualTo(backup.get("storageUsdPerMonth"));
        assertThat(((Number) out.get("monitoringUsdPerMonth")).doubleValue()).isPositive();
        assertThat(((Number) out.get("backupUsdPerMonth")).doubleValue()).isPositive();
        assertThat(((Number) out.get("totalUsdPerMonth")).doubleValue()).isCloseTo(sum,
                org.assertj.core.api.Assertions.within(0.05));
    }
}
