package io.milvuseks.capacity;

import io.milvuseks.backup.BackupReport;
import io.milvuseks.config.BackupSettings;
import io.milvuseks.config.ElementType;
import io.milvuseks.config.Environment;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 17: QPS sizes the query pool, the build is one-time and apart, and the recommendation keeps the floor. */
class CapacityCostTest {

    static final IndexSpec IVF_FLAT = new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));

    /** What `capacity` prices for 1 B x 384-d, one shard, on unbounded pools (the CLI's defaults). */
    static CapacityInput cli(int replicas, int qps, double minRecall) {
        return new CapacityInput(1_000_000_000L, 384, ElementType.FLOAT32, IVF_FLAT, false, replicas, 200, qps, 1, 0,
                Map.of(NodeRole.QUERY, PoolSpec.unbounded("m6in.4xlarge", 200),
                        NodeRole.DATA, PoolSpec.unbounded("m6in.4xlarge", 200)),
                MessageQueue.WOODPECKER, Optional.empty(), 30, false, Platform.PROD_DEFAULT, minRecall);
    }

    @Test
    void theTargetQpsChangesTheQueryNodeCountWhenItBinds() {
        // IVF_FLAT: 236 QPS on 8 vCPU over 3 segments of 333,333 rows x 768-d = 88.5 segment searches per vCPU-second;
        //   an IVF search scans a share of its segment, so on ours (1,953,125 rows x 384-d: 512 shard x partition
        //   segments) the rate is 88.5 x 256,000,000 / 750,000,000 = 30.208
        assertThat(IndexProfile.of(IndexType.IVF_FLAT).searchesPerVcpu(1_953_125, 384)).isCloseTo(30.208,
                within(1e-3));
        var base = CapacityPlannerExamplesTest.input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge");
        // memory: 47 per replica x 2 = 94 (worked in CapacityPlannerExamplesTest)
        // the published rate's arithmetic: without a measured file whatever the jar bundles
        var none = CapacityPlanner.plan(base, MeasuredRates.NONE, 1);
        assertThat(none.nodeCount(NodeRole.QUERY)).isEqualTo(94);
        assertThat(none.queryBound()).isEqualTo("memory");
        // 50 QPS x 512 segments / (16 vCPU x 30.208) = 52.97 -> 53 nodes, 54 as 27 per replica (every replica
        // gets the same nodes: one zone group and resource group each): memory binds, 94
        var fifty = CapacityPlanner.plan(base.withTargetQps(50), MeasuredRates.NONE, 1);
        assertThat(fifty.query().byCpu()).isEqualTo(54);
        assertThat(fifty.query().byIops()).isZero();
        assertThat(fifty.nodeCount(NodeRole.QUERY)).isEqualTo(94);
        assertThat(fifty.queryBound()).isEqualTo("memory");
        // 100 QPS: 105.93 -> 106 > 94: the CPU binds, and the stack runs 106
        var hundred = CapacityPlanner.plan(base.withTargetQps(100), MeasuredRates.NONE, 1);
        assertThat(hundred.query().byQps()).isEqualTo(106);
        assertThat(hundred.queryBound()).isEqualTo("cpu");
        assertThat(hundred.nodeCount(NodeRole.QUERY)).isEqualTo(106).isEqualTo(hundred.queryNodesNeeded());
        assertThat(hundred.query().qpsServed()).isCloseTo(106 * 16 * 30.208 / 512, within(0.01))
                .isGreaterThanOrEqualTo(100);
        assertThat(hundred.pools().get(NodeRole.QUERY).usdPerMonth()).isCloseTo(106 * 1.11378 * 730, within(0.01));
        assertThat(CapacityReport.text(hundred)).contains("100 QPS on CPU 106, on local-disk IOPS 0")
                .contains("bound by cpu");
        // prod's 500 QPS needs 530 (529.66): a pool bounded at 120 runs 120 and serves ~113 QPS: outside prod a
        // warning, in prod (this input's platform) a config error naming the cheapest configuration that meets it
        var capped = CapacityPlanner.plan(base.withTargetQps(500).withPool(NodeRole.QUERY,
                new PoolSpec("m6in.4xlarge", 3, OptionalInt.empty(), 120, 200)), MeasuredRates.NONE, 1);
        assertThat(capped.query().byQps()).isEqualTo(530);
        assertThat(capped.nodeCount(NodeRole.QUERY)).isEqualTo(120);
        assertThat(capped.query().qpsServed()).isCloseTo(113.3, within(0.1));
        assertThat(capped.shortfalls()).isEmpty();
        assertThat(CapacityCheck.warnings(capped)).singleElement().asString()
                .startsWith("warning: capacity.targetQps: 500 QPS needs 530 query nodes, nodePools.query runs 120")
                .contains("serve ~113 QPS");
        assertThat(CapacityCheck.problems("milvus-eks", capped)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("milvus-eks:capacity.targetQps");
            assertThat(p.message()).startsWith("500 QPS needs 530 query nodes (IVF_FLAT x m6in.4xlarge, bound by cpu)")
                    .contains("serve ~113 QPS").contains("the cheapest configuration that meets both: collection.index ")
                    .contains("capacity.allowUndersized: true with capacity.undersizedReason");
        });
    }

    @Test
    void theStandingDataPoolServesStreamingAndTheBuildScalesApart() {
        var plan = CapacityPlanner.plan(cli(1, 20, 0.95).withIndex(new IndexSpec(IndexType.DISKANN, Map.of())));
        // one shard: one streaming node stands (it was 21, held for a 24 h rebuild)
        assertThat(plan.pools().get(NodeRole.DATA).nodes()).isEqualTo(1).isEqualTo(plan.streaming().nodes());
        // build: 1e9 / 1e6 x 384 / 128 x 7,200 s / 3,600 = 6,000 vCPU-h per pass; a streamed load indexes every row
        //   twice (the small segments, then the compacted ones): 12,000 vCPU-h; a node builds with 16 x 0.75 = 12
        //   vCPU: 12,000 / (24 h x 12) = 41.7 -> 42 nodes, 12,000 / (42 x 12) = 23.81 h, x 42 x 1.11378 $/h =
        //   $1,113.78 once; a bulk import (import v2 writes full segments) once: 21 nodes, $556.89
        var b = plan.build();
        assertThat(b.nodes()).isEqualTo(42);
        assertThat(b.hours()).isCloseTo(23.8095, within(1e-4));
        assertThat(b.usd()).isCloseTo(1_113.78, within(0.01));
        assertThat(b.overWindow()).isFalse();
        assertThat(plan.search().bulkBuild().nodes()).isEqualTo(21);
        assertThat(plan.search().bulkBuild().usd()).isCloseTo(556.89, within(0.01));
        // not in the monthly cost: the data pool line is the one standing node
        assertThat(plan.pools().get(NodeRole.DATA).usdPerMonth()).isCloseTo(1.11378 * 730, within(0.01));
        // a pool bounded at 8 builds on 8 for 125 h: the same node-hours and dollars, over the 24 h bound (said, not
        // refused)
        var bounded = CapacityPlanner.plan(plan.input().withPool(NodeRole.DATA,
                new PoolSpec("m6in.4xlarge", 1, OptionalInt.empty(), 8, 200)));
        assertThat(bounded.build().nodes()).isEqualTo(8);
        assertThat(bounded.build().hours()).isCloseTo(125, within(1e-9));
        assertThat(bounded.build().usd()).isCloseTo(1_113.78, within(0.01));
        assertThat(bounded.build().overWindow()).isTrue();
        assertThat(bounded.shortfalls()).isEmpty();
        assertThat(CapacityReport.text(bounded)).contains("one-time index build of a streamed load: 6,000 vCPU-h x 2 "
                        + "(the small segments, then the compacted ones) on 8 x m6in.4xlarge")
                .contains("125.0 h, $1,113.78 once, not monthly; longer than the 24 h bound")
                .contains("a bulk import builds once: 62.5 h, $556.89");
    }

    /**
     * The goal: 1 B x 384-d, one replica, recall >= 0.95 at the CLI's default 100 QPS, at most $8 per M
     * vectors a month on demand. On the published rates (no measured file yet) the cheapest plan at the floor is
     * HNSW_SQ on 5 x r6i.8xlarge, memory-bound, $8.78/M ($6.57 with a 1-year savings plan): short of $8, and the
     * comparison says what search rate would reach it. At 20 QPS DiskANN on local NVMe does ($6.76/M).
     */
    @Test
    void oneBillion384dOneReplicaAtTheFloorAndWhatEightDollarsPerMillionWouldTake() {
        var rows = IndexComparison.compare(cli(1, 100, 0.95));
        var rec = IndexComparison.recommended(rows).orElseThrow();
        var plan = rec.plan().orElseThrow();
        assertThat(rec.variant()).isEqualTo("HNSW_SQ");
        assertThat(plan.input().pool(NodeRole.QUERY).instanceType()).isEqualTo("r6i.8xlarge");
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(5);
        assertThat(plan.queryBound()).isEqualTo("memory");
        assertThat(plan.search().rate().recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(plan.search().rate().searchParams()).containsEntry("ef", 100);
        double standing = plan.perMillionPerReplica(plan.totalUsdPerMonth());
        assertThat(standing).isCloseTo(8.78, within(0.01)).isGreaterThan(8.0);
        // the savings-plan column takes the estimate off the instances only
        assertThat(plan.totalUsdPerMonthWithSavingsPlan()).isCloseTo(plan.totalUsdPerMonth()
                - 0.27 * plan.instancesUsdPerMonth(), within(1e-6));
        var takes = IndexComparison.whatItWouldTake(cli(1, 100, 0.95), IndexComparison.Options.standard(), 8.0);
        assertThat(takes).get().asString().startsWith("to reach $8.00/M: a search rate 2x");
        // the build is apart: one-time dollars, not in the standing total
        assertThat(plan.build().usd()).isPositive();
        assertThat(plan.totalUsdPerMonth()).isCloseTo(plan.pools().values().stream()
                .mapToDouble(CapacityPlan.PoolPlan::usdPerMonth).sum() + plan.s3UsdPerMonth()
                + plan.platformUsdPerMonth(), within(1e-6));
        // every lossy index below the floor is marked, none is recommended
        var text = IndexComparison.text(rows);
        for (var t : new String[] {"IVF_SQ8 ", "IVF_PQ ", "IVF_RABITQ ", "IVF_RABITQ+refine "}) {
            assertThat(text.lines().filter(l -> l.trim().startsWith(t)).toList())
                    .anyMatch(l -> l.contains("(below the 0.95 floor, lossy)"))
                    .anyMatch(l -> l.contains("lossy: published recall"));
        }
        assertThat(text).contains("recommended: HNSW_SQ {M=16, efConstruction=300} on 5 x r6i.8xlarge, search {ef=100}, "
                + "bound by memory").contains("$/M vectors/month per replica: $8.78 standing on demand, $6.57 with a "
                + "1-year savings plan").contains("tiered-storage ~$3.50");
        // the committed results file is synthetic only: it is shown beside the published figures, not sized with
        assertThat(text).contains("synthetic datasets only: shown beside the published figures, which size the plan");
        // at 20 QPS DiskANN on local NVMe with mmap'd scalars is memory-bound and under $8
        var at20 = IndexComparison.recommended(IndexComparison.compare(cli(1, 20, 0.95))).orElseThrow();
        assertThat(at20.type()).isEqualTo(IndexType.DISKANN);
        assertThat(at20.plan().orElseThrow().input().mmap()).isTrue();
        assertThat(at20.plan().orElseThrow().perMillionPerReplica(at20.totalUsdPerMonth())).isLessThan(8.0);
        assertThat(IndexComparison.whatItWouldTake(cli(1, 20, 0.95), IndexComparison.Options.standard(), 8.0))
                .isEmpty();
    }

    @Test
    void nothingBelowTheFloorIsEverRecommended() {
        // 0.99: only DiskANN's 0.99 qualifies; 1.0: only FLAT, left out above 10 M vectors, so nothing
        var strict = IndexComparison.compare(cli(1, 20, 0.99));
        assertThat(IndexComparison.recommended(strict)).map(IndexComparison.Row::type).contains(IndexType.DISKANN);
        var exact = IndexComparison.compare(cli(1, 20, 1.0));
        assertThat(IndexComparison.recommended(exact)).isEmpty();
        assertThat(IndexComparison.text(exact)).contains("nothing recommended: no index meets recall >= 1.0")
                .doesNotContain("<- recommended");
        // with no QPS target a PQ or 1-bit code is cheapest: below 0.95 it is passed over; a floor of 0.7 lets it in
        var strictFree = IndexComparison.recommended(IndexComparison.compare(cli(1, 0, 0.95))).orElseThrow();
        var loose = IndexComparison.recommended(IndexComparison.compare(cli(1, 0, 0.7))).orElseThrow();
        assertThat(strictFree.recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(IndexComparison.lossy(loose.type())).isTrue();
        assertThat(loose.recall()).isGreaterThanOrEqualTo(0.7).isLessThan(0.95);
        assertThat(loose.totalUsdPerMonth()).isLessThan(strictFree.totalUsdPerMonth());
    }
}
