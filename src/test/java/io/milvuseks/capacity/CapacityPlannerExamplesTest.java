package io.milvuseks.capacity;

import io.milvuseks.config.ElementType;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.InstanceCatalog;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The cases, worked by hand below; the planner must agree with the arithmetic in the comments. */
class CapacityPlannerExamplesTest {

    /** Memory alone (no QPS target): the hand-worked memory cases below. */
    static CapacityInput input(long vectors, IndexSpec index, String queryType) {
        return input(vectors, index, queryType, 0);
    }

    static CapacityInput input(long vectors, IndexSpec index, String queryType, int qps) {
        return new CapacityInput(vectors, 384, ElementType.FLOAT32, index, false, 2, 200, qps, 8, 64,
                Map.of(NodeRole.QUERY, PoolSpec.unbounded(queryType, 200),
                        NodeRole.DATA, PoolSpec.unbounded("m6in.4xlarge", 500)),
                MessageQueue.WOODPECKER, Optional.empty(), 30, false, Platform.PROD_DEFAULT);
    }

    static final IndexSpec IVF_FLAT = new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));

    @Test
    void m6in4xlargeGivesSegments70PercentOfItsPod() {
        // 64 GiB = 68,719,476,736 B; the kernel keeps 3 %: 68,719,476,736 x 0.97 = 66,657,892,433.92
        // ENI limit 234 pods, EKS managed node groups cap 16 vCPU at 110 -> kube-reserved 255 + 11 x 110 = 1,465 MiB;
        //   + eviction 100 = 1,565 MiB = 1,641,021,440 B -> allocatable 65,016,870,993.92 B
        // the 3 % margin of nominal (2,061,584,302.08, issue 21 finding 6) + daemonsets 1,024 MiB (1,073,741,824)
        //   -> 61,881,544,867.84 B = 59,014.84 MiB -> 59,014 MiB = 61,880,664,064 B (whole MiB: the query node pod's
        //   limit in the Helm values)
        // segments get 70 %: floor(61,880,664,064 x 0.70) = 43,316,464,844; less one segment in flight
        var type = InstanceCatalog.requireEc2("m6in.4xlarge");
        assertThat(type.maxPods()).isEqualTo(110);
        assertThat(Assumptions.kubeReservedMib(type)).isEqualTo(1_465);
        assertThat(CapacityPlanner.allocatableMemory(type)).isCloseTo(65_016_870_993.92, within(0.01));
        assertThat(CapacityPlanner.podMemory(type)).isEqualTo(61_880_664_064L);
        assertThat(CapacityPlanner.usableMemory(type, 3_462_932_081L)).isEqualTo(43_316_464_844L - 3_462_932_081L);
    }

    @Test
    void oneBillion384dIvfFlatTwoReplicasNeeds94QueryNodesUnderTheWaterLevel() {
        var plan = CapacityPlanner.plan(input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge"));
        // raw vectors: 1e9 x 384 x 4 B = 1,536,000,000,000 B (1.54 TB, the figure)
        assertThat(plan.rawVectorBytes()).isEqualTo(1_536_000_000_000L);
        // entity in a segment: 1,536 (vector) + 200 (scalars) + 8 (id) + 16 (RowID, Timestamp) = 1,760 B
        // rows per 4 GiB segment: 4,294,967,296 / 1,760 = 2,440,322 (floor); 1e9 / 2,440,322 would be 410 segments,
        //   but compaction never merges across the 8 shards x 64 partitions: 512 pairs of 1,953,125 rows, one
        //   segment each (issue 24)
        assertThat(plan.entityBytes()).isEqualTo(1_760);
        assertThat(plan.segmentsPerReplica()).isEqualTo(512);
        assertThat(plan.search().segments().rowsPerSegment()).isEqualTo(1_953_125);
        // IVF_FLAT: (1,536 + 8 id) x 1e9 = 1,544,000,000,000 B + centroids 4,096 x 384 x 4 = 6,291,456 B per segment
        //   x 512 = 3,221,225,472 B -> 1,547,221,225,472 B per replica
        assertThat(plan.indexMemoryPerReplica()).isEqualTo(1_547_221_225_472L);
        // scalars + id + system fields + bloom filter: (200 + 8 + 16 + 1.8) x 1e9 = 225,800,000,000 B
        assertThat(plan.scalarMemoryPerReplica()).isEqualTo(225_800_000_000L);
        // per replica 1,773,021,225,472 B; one full segment: 1,953,125 rows x (1,544 + 225.8) + 6,291,456 centroids
        //   = 3,462,932,081 B
        // usable per node 43,316,464,844 - 3,462,932,081 = 39,853,532,763 -> 44.49 -> 45 nodes by memory; but a
        //   segment loads whole on one node, and 512 over 45 puts 12 on some (41.56 GB > 39.85 GB usable):
        //   floor(39,853,532,763 / 3,462,932,081) = 11 a node -> ceil(512 / 11) = 47 nodes; x 2 replicas = 94
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(1_773_021_225_472L);
        assertThat(plan.segmentMemory()).isEqualTo(3_462_932_081L);
        assertThat(plan.queryNodeUsableMemory()).isEqualTo(39_853_532_763L);
        assertThat(plan.queryNodesPerReplica()).isEqualTo(47);
        assertThat(plan.queryNodesNeeded()).isEqualTo(94);
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(94);
        // peak share: the fullest node's 11 segments (38,092,252,891 B, above the 37,723,855,861 average) + one in
        //   flight = 41,555,184,972 / 61,880,664,064 = 67.15 %; + 10 % runtime = 77.15 %, under the 85 % low water
        //   level (the plan held 84.4 % before any overhead)
        assertThat(plan.querySegmentShare()).isCloseTo(0.671537, within(1e-6));
        assertThat(plan.querySegmentShare() + Assumptions.RUNTIME_OVERHEAD_SHARE)
                .isLessThan(Assumptions.MEMORY_LOW_WATER_LEVEL);
        // cost: 94 x 1.11378 $/h x 730 h = 76,427.58 $/month (root volumes are on the EBS line)
        assertThat(plan.pools().get(NodeRole.QUERY).usdPerMonth()).isCloseTo(76_427.58, within(0.01));
        // the seed's 12 nodes give 12 x 39.85 GB against 3.55 TB: refused
        var seed = CapacityPlanner.plan(input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge")
                .withPool(NodeRole.QUERY, new PoolSpec("m6in.4xlarge", 3, java.util.OptionalInt.of(12), 120, 200)));
        assertThat(seed.memoryRatio()).isCloseTo(3_546_042_450_944.0 / (12 * 39_853_532_763.0), within(1e-9));
        assertThat(seed.shortfalls()).containsExactly(new CapacityPlan.Shortfall(NodeRole.QUERY, "desired", 12, 94));
    }

    @Test
    void tenBillion384dIvfFlatNeeds1024QueryNodes() {
        var plan = CapacityPlanner.plan(input(10_000_000_000L, IVF_FLAT, "m6in.4xlarge"));
        // 512 (shard, partition) pairs of 19,531,250 rows: 8.004 full segments each -> 9 segments a pair, 4,608
        //   (1e10 / 2,440,322 alone would be 4,098), the fullest 2,440,322 rows
        // index: 1,544 x 1e10 + 4,608 x 6,291,456 = 15,468,991,029,248; + scalars 2,258,000,000,000
        //   = 17,726,991,029,248 B per replica; one full segment 2,440,322 x 1,769.8 + 6,291,456 = 4,325,173,332 B
        // usable 43,316,464,844 - 4,325,173,332 = 38,991,291,512 -> 454.6 -> 455 per replica by memory; whole
        //   segments, 9 a node: ceil(4,608 / 9) = 512 per replica, 1,024 for 2
        assertThat(plan.segmentsPerReplica()).isEqualTo(4_608);
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(17_726_991_029_248L);
        assertThat(plan.queryNodesNeeded()).isEqualTo(1_024);
    }

    @Test
    void tenBillionDiskAnnOnI4i8xlargeIsBoundByMemoryNotDisk() {
        var plan = CapacityPlanner.plan(input(10_000_000_000L, new IndexSpec(IndexType.DISKANN, Map.of()),
                "i4i.8xlarge"));
        // i4i.8xlarge: 256 GiB, 32 vCPU: ENI limit 234 under the EKS cap of 250 -> 234 pods
        //   kube-reserved 255 + 11 x 234 = 2,829 MiB; + 100 eviction -> allocatable 274,877,906,944 x 0.97
        //   - 2,929 MiB; less the 3 % margin (8,246,337,208.32) and 1,024 MiB daemonsets -> pod 242,464 MiB
        //   = 254,239,834,112 B
        assertThat(InstanceCatalog.requireEc2("i4i.8xlarge").maxPods()).isEqualTo(234);
        assertThat(plan.queryNodePodMemory()).isEqualTo(254_239_834_112L);
        // memory per vector: 1,536 x (0.125 PQ + 0.1 cache) = 345.6 B -> 3,456,000,000,000 B; + scalars
        //   2,258,000,000,000 = 5,714,000,000,000 B per replica; one full segment 2,440,322 x (345.6 + 225.8)
        //   = 1,394,399,990.8 -> 1,394,399,991 B; usable floor(254,239,834,112 x 0.7) - 1,394,399,991
        //   = 176,573,483,887 -> 32.36 -> 33 nodes; whole segments: 4,608 over 33 puts 140 on some (195.2 GB), so
        //   floor(176,573,483,887 / 1,394,399,991) = 126 a node -> ceil(4,608 / 126) = 37 nodes
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(5_714_000_000_000L);
        assertThat(plan.queryNodeUsableMemory()).isEqualTo(176_573_483_887L);
        // disk: node = 1,536 + 4 + 56 x 4 = 1,764 B -> 2 nodes per 4 KiB sector -> 2,048 B per vector
        //   = 20,480,000,000,000 B per replica; NVMe 7,500 GB x 0.95 = 7,125,000,000,000 B -> 2.87 -> 3 nodes
        assertThat(plan.indexDiskPerReplica()).isEqualTo(20_480_000_000_000L);
        assertThat(plan.queryNodesPerReplica()).isEqualTo(37);
        assertThat(plan.queryNodesNeeded()).isEqualTo(74);
    }

    @Test
    void aWiderVectorCanNeedFewerNodesWhenTheIndexKeepsOnlyCodes() {
        // the counterexample jqwik found (seed 7040029485289417158): 1,421,263 float16 vectors, IVF_RABITQ,
        // 4,090 scalar bytes, one replica on m6i.xlarge (pod 14,033,092,608 B; 70 % = 9,823,164,825 B), one shard
        // and no partitions (so the segments are as the row count makes them)
        var narrow = CapacityPlanner.plan(rabitq(2));
        var wide = CapacityPlanner.plan(rabitq(513));
        // dim 2: entity 4 + 4,090 + 8 + 16 = 4,118 B -> floor(4,294,967,296 / 4,118) = 1,042,974 rows a segment, 2
        //   segments; memory per row 1 code + 8 factors + 8 id + 4,114 scalars + 1.8 bloom = 4,132.8 B
        //   need 1,421,263 x 17 + 2 x 32,768 centroids + ceil(1,421,263 x 4,115.8) = 5,873,861,263 B
        //   one segment 1,042,974 x 4,132.8 + 32,768 = 4,310,435,716 B -> usable 5,512,729,109 B: short, 2 nodes
        assertThat(narrow.entityBytes()).isEqualTo(4_118);
        assertThat(narrow.memoryNeedPerReplica()).isEqualTo(5_873_861_263L);
        assertThat(narrow.segmentMemory()).isEqualTo(4_310_435_716L);
        assertThat(narrow.queryNodeUsableMemory()).isEqualTo(5_512_729_109L);
        assertThat(narrow.queryNodesNeeded()).isEqualTo(2);
        // dim 513: entity 5,140 B -> 835,596 rows a segment (the raw vector counts toward maxSize, RaBitQ keeps
        //   65 code bytes of its 1,026); need 1,421,263 x 81 + 2 x 8,404,992 + 5,849,634,256 = 5,981,566,543 B
        //   one segment 835,596 x 4,196.8 + 8,404,992 = 3,515,234,285 B -> usable 6,307,930,540 B: 1 node, and
        //   its real peak (5.98 GB + 3.52 GB) is lower than the narrow collection's (5.87 GB + 4.31 GB)
        assertThat(wide.entityBytes()).isEqualTo(5_140);
        assertThat(wide.memoryNeedPerReplica()).isEqualTo(5_981_566_543L);
        assertThat(wide.segmentMemory()).isEqualTo(3_515_234_285L);
        assertThat(wide.queryNodeUsableMemory()).isEqualTo(6_307_930_540L);
        assertThat(wide.queryNodesNeeded()).isEqualTo(1);
    }

    private static CapacityInput rabitq(int dim) {
        return new CapacityInput(1_421_263, dim, ElementType.FLOAT16,
                IndexComparison.defaults(IndexType.IVF_RABITQ, dim), false, 1, 4090, 100, 1, 0,
                Map.of(NodeRole.QUERY, PoolSpec.unbounded("m6i.xlarge", 20),
                        NodeRole.DATA, PoolSpec.unbounded("m6i.xlarge", 20)),
                MessageQueue.WOODPECKER, Optional.empty(), 30, false, Platform.PROD_DEFAULT);
    }

    @Test
    void quantisedIndexesNeedFarFewerNodesThanIvfFlatAtTenBillion() {
        var base = input(10_000_000_000L, IVF_FLAT, "m6in.4xlarge");
        var rows = IndexComparison.compare(base);
        var ivfFlat = rows.stream().filter(r -> r.type() == IndexType.IVF_FLAT).findFirst().orElseThrow();
        var rabitq = rows.stream().filter(r -> r.type() == IndexType.IVF_RABITQ).findFirst().orElseThrow();
        var flat = rows.stream().filter(r -> r.type() == IndexType.FLAT).findFirst().orElseThrow();
        // RaBitQ: 384 / 8 = 48 code + 8 factors + 8 id = 64 B vs IVF_FLAT's 1,544 B per vector
        assertThat(rabitq.plan().orElseThrow().queryNodesNeeded())
                .isLessThan(ivfFlat.plan().orElseThrow().queryNodesNeeded() / 4);
        assertThat(flat.plan()).isEmpty();
        // the recommendation is the cheapest plan at the floor; RaBitQ without refine (0.76) never is
        var recommended = IndexComparison.recommended(rows).orElseThrow();
        assertThat(recommended.plan().orElseThrow().search().rate().recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(rows.stream().filter(r -> r.plan().isPresent() && r.recall() >= 0.95)
                .mapToDouble(IndexComparison.Row::totalUsdPerMonth).min().orElseThrow())
                .isEqualTo(recommended.totalUsdPerMonth());
        assertThat(recommended.type()).isNotEqualTo(IndexType.IVF_RABITQ);
        var text = IndexComparison.text(rows);
        assertThat(text).contains("<- recommended: cheapest with recall >= 0.95").contains("below the 0.95 floor, lossy")
                .contains("IVF_RABITQ         lossy: published recall 0.760: 1-bit RaBitQ")
                .contains("milvus.io/docs/ivf-rabitq.md");
        for (var r : rows) {
            assertThat(IndexComparison.recallTrade(r.spec()).isPresent()).as(r.variant())
                    .isEqualTo(java.util.Set.of(IndexType.IVF_SQ8, IndexType.IVF_PQ, IndexType.IVF_RABITQ,
                            IndexType.HNSW_SQ).contains(r.type()));
        }
        // DiskANN only on local NVMe meeting the prod floor, never Graviton while the Milvus image's arm64 is unproven
        var diskann = InstanceCatalog.requireEc2(rows.stream().filter(r -> r.type() == IndexType.DISKANN).findFirst()
                .orElseThrow().plan().orElseThrow().input().pool(NodeRole.QUERY).instanceType());
        assertThat(diskann.hasLocalNvme()).isTrue();
        assertThat(diskann.graviton()).isFalse();
        assertThat(io.milvuseks.instances.RoleFloor.PROD.shortfalls(diskann)).isEmpty();
    }
}
