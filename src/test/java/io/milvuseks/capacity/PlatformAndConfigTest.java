package io.milvuseks.capacity;

import io.milvuseks.config.ElementType;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.milvus.MilvusValues;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every billed part on its own line; the Milvus settings the plan depends on reach user.yaml; shards spread. */
@SuppressWarnings("unchecked")
class PlatformAndConfigTest {

    private static CapacityInput input(int shards, PoolSpec data, Platform platform) {
        return new CapacityInput(1_000_000_000L, 384, ElementType.FLOAT32,
                new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096)), false, 2, 200, 50, shards, 64,
                Map.of(NodeRole.QUERY, PoolSpec.unbounded("m6in.4xlarge", 200), NodeRole.DATA, data),
                MessageQueue.WOODPECKER, Optional.empty(), 30, false, platform);
    }

    @Test
    void prodCostListsEveryBilledPart() {
        var lines = PlatformCost.lines(Platform.PROD_DEFAULT, 1000);
        assertThat(lines.keySet()).containsExactly("eksControlPlane", "natGateways", "natData", "ebsVolumes",
                "interfaceEndpoints", "loadBalancer", "kms", "cloudwatchLogs");
        assertThat(lines.get("eksControlPlane")).isCloseTo(73.0, within(1e-9));         // 0.10 x 730
        assertThat(lines.get("natGateways")).isCloseTo(3 * 32.85, within(1e-9));        // one per zone
        assertThat(lines.get("interfaceEndpoints")).isCloseTo(5 * 3 * 7.30, within(1e-9)); // 5 services x 3 AZs
        // 1,000 GiB of roots + 3 etcd volumes of 50 GiB, each with 3,000 extra IOPS and 125 extra MiB/s
        assertThat(lines.get("ebsVolumes")).isCloseTo(1000 * 0.08 + 3 * (50 * 0.08 + 3000 * 0.005 + 125 * 0.04),
                within(1e-9));
        assertThat(lines.get("loadBalancer")).isCloseTo((0.0225 + 0.006) * 730, within(1e-9));
        assertThat(lines.get("kms")).isEqualTo(2.0);
        var staging = PlatformCost.lines(new Platform(false, 3, false, 1, 10, 3000, 125, false), 0);
        assertThat(staging.get("natGateways")).isCloseTo(32.85, within(1e-9));
        assertThat(staging.get("interfaceEndpoints")).isZero();
        assertThat(staging.get("loadBalancer")).isZero();
        // a version in EKS extended support bills $0.60 per cluster-hour instead of $0.10
        assertThat(PlatformCost.lines(new Platform(false, 3, false, 1, 10, 3000, 125, true), 0).get("eksControlPlane"))
                .isCloseTo(0.60 * 730, within(1e-9));
        assertThat(Platform.from(io.milvuseks.testing.Stacks.settings("prod", java.util.Map.of(
                "kubernetesSupport", "extended"))).extendedSupport()).isTrue();
        assertThat(Platform.from(io.milvuseks.testing.Stacks.settings("prod", java.util.Map.of(
                "kubernetesSupport", "standard"))).extendedSupport()).isFalse();
    }

    @Test
    void theReportShowsTheMemoryShareAndEveryCostLine() {
        var plan = CapacityPlanner.plan(input(8, PoolSpec.unbounded("m6in.4xlarge", 500), Platform.PROD_DEFAULT));
        var text = CapacityReport.text(plan);
        // the same plan as CapacityPlannerExamplesTest's 1 B IVF_FLAT (8 shards x 64 partitions): 67.2 % at peak
        assertThat(text).contains("query pod memory: segments 67.2 % at peak (budget 70 %")
                .contains("under Milvus' write-throttle low water level 85 %")
                .contains("eks control plane").contains("nat gateways").contains("ebs: node root + etcd gp3 volumes")
                .contains("vpc interface endpoints").contains("internal nlb").contains("kms keys")
                .contains("cloudwatch logs").contains("streaming: 8 nodes")
                .contains("$/M vectors/month per replica: $").contains("tiered-storage ~$3.50")
                .contains("bound by memory").contains("one-time index build of a streamed load")
                .contains("a bulk import builds once").contains("512 segments of up to 1,953,125 rows")
                .contains("with a 1-year savings plan (estimate)").contains("total, 1-yr savings plan on instances");
        double parts = plan.pools().values().stream().mapToDouble(CapacityPlan.PoolPlan::usdPerMonth).sum()
                + plan.s3UsdPerMonth() + plan.platformUsdPerMonth();
        assertThat(plan.totalUsdPerMonth()).isCloseTo(parts, within(1e-6));
        var out = CapacityReport.output(plan);
        assertThat(out).containsKeys("querySegmentShare", "memoryLowWaterLevel", "platformUsdPerMonth", "streaming");
    }

    @Test
    void userYamlCarriesTheWaterLevelsAndSegmentSizeThePlanUses() {
        var rendered = new MilvusValues.UserYaml(true, Optional.empty(), Optional.empty()).render();
        Map<String, Object> y = new Yaml().load(rendered);
        var mem = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) y.get("quotaAndLimits"))
                .get("limitWriting")).get("memProtection");
        assertThat(mem).containsEntry("enabled", true)
                .containsEntry("queryNodeMemoryLowWaterLevel", Assumptions.MEMORY_LOW_WATER_LEVEL)
                .containsEntry("queryNodeMemoryHighWaterLevel", Assumptions.MEMORY_HIGH_WATER_LEVEL)
                .containsEntry("dataNodeMemoryLowWaterLevel", 0.85).containsEntry("dataNodeMemoryHighWaterLevel", 0.95);
        var segment = (Map<String, Object>) ((Map<String, Object>) y.get("dataCoord")).get("segment");
        assertThat(segment).containsEntry("maxSize", 4096).containsEntry("diskSegmentMaxSize", 4096)
                .containsEntry("sealProportion", 0.12);
        assertThat((Map<String, Object>) ((Map<String, Object>) y.get("streaming")).get("flush"))
                .containsEntry("growingSegmentBytesHwmThreshold", 0.2);
        // the budget plus overhead leaves a margin under the level the server is told to throttle at
        assertThat(Assumptions.QUERY_SEGMENT_SHARE + Assumptions.RUNTIME_OVERHEAD_SHARE)
                .isLessThan(Assumptions.MEMORY_LOW_WATER_LEVEL);
    }

    @Test
    void shardsThatDoNotSpreadOverAPinnedDataPoolAreAConfigError() {
        var pinned = new PoolSpec("m6in.4xlarge", 3, OptionalInt.of(6), 24, 500);
        var problems = CapacityCheck.problems("milvus-eks", CapacityPlanner.plan(input(8, pinned,
                Platform.PROD_DEFAULT)));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString()).contains("milvus-eks:collection.shards")
                .contains("8 shards do not spread evenly over 6 streaming nodes")
                .contains("accepted: shards a multiple of 6 (6, 12, 18, ...), or a data pool of 1, 2, 4, 8 nodes");
        // an unpinned pool is rounded up to a divisor of the shards instead
        var planned = CapacityPlanner.plan(input(8, new PoolSpec("m6in.4xlarge", 3, OptionalInt.empty(), 24, 500),
                Platform.PROD_DEFAULT));
        assertThat(8 % planned.streaming().nodes()).isZero();
        assertThat(CapacityCheck.problems("milvus-eks", planned)).isEmpty();
        assertThat(CapacityPlanner.evenlySpread(3, 8, 24)).isEqualTo(4);
        assertThat(CapacityPlanner.evenlySpread(5, 8, 24)).isEqualTo(8);
        assertThat(CapacityPlanner.evenlySpread(9, 8, 24)).isEqualTo(9);
    }
}
