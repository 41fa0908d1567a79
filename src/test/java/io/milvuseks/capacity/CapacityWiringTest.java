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
class CapacityWiringTest {

    /** Prod's node pools with the query pool replaced (wire form: JSON text). */
    static String prodPools(String query) {
        return "{\"query\": " + query + ","
                + "\"data\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 8, \"max\": 24, \"diskGiB\": 500},"
                + "\"coord\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 2, \"desired\": 3, \"max\": 6, \"diskGiB\": 100},"
                + "\"infra\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 3, \"max\": 6, \"diskGiB\": 200}}";
    }

    static final String SEED_QUERY =
            "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 12, \"max\": 120, \"diskGiB\": 200}";

    static final String CAPACITY_ALLOW = "{\"vectors\": 1000000000, \"elementType\": \"float32\", "
            + "\"scalarBytesPerEntity\": 200, \"targetQps\": 500, \"allowUndersized\": true}";

    @Test
    void seedTwelve64GiBQueryNodesAreRejectedWithTheCountNeeded() {
        var raw = Stacks.raw("prod", Map.of("nodePools", prodPools(SEED_QUERY)));
        assertThatThrownBy(() -> App.load(raw))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                    assertThat(ex.problems()).hasSize(1);
                    var p = ex.problems().get(0);
                    assertThat(p.key()).isEqualTo("milvus-eks:nodePools.query.desired");
                    // both numbers: the 12 pinned and the 92 worked out in CapacityPlannerExamplesTest
                    assertThat(p.message()).contains("12 query nodes").contains("the 92 the capacity planner needs")
                            .contains("desired >= 92").contains("allowUndersized");
                    assertThat(p.toString()).doesNotContain("\n");
                });
    }

    @Test
    void allowUndersizedTurnsTheErrorIntoAOneLineWarning() {
        var raw = Stacks.raw("prod", Map.of("nodePools", prodPools(SEED_QUERY), "capacity", CAPACITY_ALLOW));
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
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("warning: capacity.allowUndersized: nodePools.query.desired: 12 query nodes")
                .contains("92");
        // and the 500 QPS the 12 pinned nodes cannot serve (always a warning)
        assertThat(lines.get(1)).startsWith("warning: capacity.targetQps: 500 QPS needs 530 query nodes, "
                + "nodePools.query runs 12");
        var plan = CapacityPlanner.plan(Stacks.settings("prod", Map.of("nodePools", prodPools(SEED_QUERY),
                "capacity", CAPACITY_ALLOW)));
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(12);
        assertThat(plan.memoryRatio()).isGreaterThan(5);
    }

    @Test
    void aMaxBelowTheNeedIsAnErrorOnMax() {
        var query = "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"max\": 40, \"diskGiB\": 200}";
        assertThatThrownBy(() -> App.load(Stacks.raw("prod", Map.of("nodePools", prodPools(query)))))
                .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                    assertThat(ex.problems()).extracting(p -> p.key())
                            .containsExactly("milvus-eks:nodePools.query.max");
                    assertThat(ex.problems().get(0).message()).contains("40 query nodes").contains("92");
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
        // memory needs 46 per replica, 92 in all; prod's 500 QPS on IVF_FLAT needs 530 (CapacityCostTest): QPS
        // binds, the pool runs its max of 120 and the plan warns
        assertThat(prod.nodeCount(NodeRole.QUERY)).isEqualTo(120);
        assertThat(prod.queryNodesNeeded()).isEqualTo(530);
        assertThat(prod.query().byMemory()).isEqualTo(46);
        assertThat(prod.queryBound()).isEqualTo("qps");
        assertThat(CapacityCheck.warnings(prod)).singleElement().asString()
                .startsWith("warning: capacity.targetQps: 500 QPS needs 530 query nodes, nodePools.query runs 120");
        assertThat(prod.nodeCount(NodeRole.DATA)).isEqualTo(8); // pinned: one streaming node per shard
        assertThat(prod.shortfalls()).isEmpty();
        var pinned = "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 95, \"max\": 120, \"diskGiB\": 200}";
        var raw = Stacks.raw("prod", Map.of("nodePools", prodPools(pinned)));
        assertThat(CapacityPlanner.plan(App.load(raw)).nodeCount(NodeRole.QUERY)).isEqualTo(95);
        // staging: 10 M x 384 HNSW (about 19 GB) needs two m6i.2xlarge at 70 % of a 31 GB pod less a 4.7 GB segment
        var staging = CapacityPlanner.plan(App.load(Stacks.raw("staging")));
        assertThat(staging.queryNodesNeeded()).isEqualTo(2);
        assertThat(staging.memoryRatio()).isLessThan(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void planStackProdShowsTheCapacityReportAndExportsStableKeys() {
        var plan = Stacks.plan("prod");
        var text = PlanText.render(plan);
        assertThat(text).contains("Capacity (capacity output):")
                .contains("query memory: need 3.54 TB")
                .contains("query pod memory: segments 67.6 % at peak")
                .contains("120 x m6in.4xlarge")
                .contains("memory and disk need 46 x 2 replica(s), 500 QPS needs 530: bound by QPS")
                .contains("SHORT of the target")
                .contains("$/M vectors/month per replica: $")
                .contains("monitoring (prometheus volumes, alarms)").contains("backups (s3 copies")
                .contains("(fits)")
                .contains("total");
        @SuppressWarnings("unchecked")
        var out = (Map<String, Object>) plan.outputs().get(StackOutputs.CAPACITY);
        assertThat(out).containsKeys("vectors", "dim", "indexType", "replicas", "indexMemoryBytes", "queryNodes",
                "queryNodeMemoryBytes", "memoryRatio", "pools", "totalUsdPerMonth");
        assertThat(((Number) out.get("queryNodes")).intValue()).isEqualTo(120);
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
