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
        //   + eviction 100 + daemonsets 1,024 = 2,589 MiB = 2,714,763,264 B -> 63,943,129,169.92 B = 60,980.92 MiB
        //   -> 60,980 MiB = 63,942,164,480 B (whole MiB: the query node pod's limit in the Helm values)
        // segments get 70 %: floor(63,942,164,480 x 0.70) = 44,759,515,136; less one 4 GB segment in flight
        var type = InstanceCatalog.requireEc2("m6in.4xlarge");
        assertThat(type.maxPods()).isEqualTo(110);
        assertThat(Assumptions.kubeReservedMib(type)).isEqualTo(1_465);
        assertThat(CapacityPlanner.podMemory(type)).isEqualTo(63_942_164_480L);
        assertThat(CapacityPlanner.usableMemory(type, 4_325_173_332L)).isEqualTo(44_759_515_136L - 4_325_173_332L);
    }

    @Test
    void oneBillion384dIvfFlatTwoReplicasNeeds92QueryNodesUnderTheWaterLevel() {
        var plan = CapacityPlanner.plan(input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge"));
        // raw vectors: 1e9 x 384 x 4 B = 1,536,000,000,000 B (1.54 TB, the figure)
        assertThat(plan.rawVectorBytes()).isEqualTo(1_536_000_000_000L);
        // entity in a segment: 1,536 (vector) + 200 (scalars) + 8 (id) + 16 (RowID, Timestamp) = 1,760 B
        // rows per 4 GiB segment: 4,294,967,296 / 1,760 = 2,440,322 (floor); segments: 1e9 / 2,440,322 = 409.8 -> 410
        //   (1 GiB segments made 1,640)
        assertThat(plan.entityBytes()).isEqualTo(1_760);
        assertThat(plan.segmentsPerReplica()).isEqualTo(410);
        // IVF_FLAT: (1,536 + 8 id) x 1e9 = 1,544,000,000,000 B + centroids 4,096 x 384 x 4 = 6,291,456 B per segment
        //   x 410 = 2,579,496,960 B -> 1,546,579,496,960 B per replica
        assertThat(plan.indexMemoryPerReplica()).isEqualTo(1_546_579_496_960L);
        // scalars + id + system fields + bloom filter: (200 + 8 + 16 + 1.8) x 1e9 = 225,800,000,000 B
        assertThat(plan.scalarMemoryPerReplica()).isEqualTo(225_800_000_000L);
        // per replica 1,772,379,496,960 B; one full segment: 2,440,322 rows x (1,544 + 225.8) + 6,291,456 centroids
        //   = 4,325,173,331.6 -> 4,325,173,332 B
        // usable per node 44,759,515,136 - 4,325,173,332 = 40,434,341,804 -> 43.83 -> 44 nodes by memory; but a
        //   segment loads whole on one node, and 410 over 44 puts 10 on some (43.25 GB > 40.43 GB usable):
        //   floor(40,434,341,804 / 4,325,173,332) = 9 a node -> ceil(410 / 9) = 46 nodes; x 2 replicas = 92
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(1_772_379_496_960L);
        assertThat(plan.segmentMemory()).isEqualTo(4_325_173_332L);
        assertThat(plan.queryNodeUsableMemory()).isEqualTo(40_434_341_804L);
        assertThat(plan.queryNodesPerReplica()).isEqualTo(46);
        assertThat(plan.queryNodesNeeded()).isEqualTo(92);
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(92);
        // peak share: the fullest node's 9 segments (38,926,559,988 B, above the 38,529,989,064 average) + one in
        //   flight = 43,251,733,320 / 63,942,164,480 = 67.64 %; + 10 % runtime = 77.64 %, under the 85 % low water
        //   level (the plan held 84.4 % before any overhead)
        assertThat(plan.querySegmentShare()).isCloseTo(0.676420, within(1e-6));
        assertThat(plan.querySegmentShare() + Assumptions.RUNTIME_OVERHEAD_SHARE)
                .isLessThan(Assumptions.MEMORY_LOW_WATER_LEVEL);
        // cost: 92 x 1.11378 $/h x 730 h = 74,801.46 $/month (root volumes are on the EBS line)
        assertThat(plan.pools().get(NodeRole.QUERY).usdPerMonth()).isCloseTo(74_801.46, within(0.01));
        // the seed's 12 nodes give 12 x 40.43 GB against 3.54 TB: refused
        var seed = CapacityPlanner.plan(input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge")
                .withPool(NodeRole.QUERY, new PoolSpec("m6in.4xlarge", 3, java.util.OptionalInt.of(12), 120, 200)));
        assertThat(seed.memoryRatio()).isCloseTo(3_544_758_993_920.0 / (12 * 40_434_341_804.0), within(1e-9));
        assertThat(seed.shortfalls()).containsExactly(new CapacityPlan.Shortfall(NodeRole.QUERY, "desired", 12, 92));
    }

    @Test
    void tenBillion384dIvfFlatNeeds912QueryNodes() {
        var plan = CapacityPlanner.plan(input(10_000_000_000L, IVF_FLAT, "m6in.4xlarge"));
        // segments: 1e10 / 2,440,322 = 4,097.8 -> 4,098
        // index: 1,544 x 1e10 + 4,098 x 6,291,456 = 15,465,782,386,688; + scalars 2,258,000,000,000
        //   = 17,723,782,386,688 B per replica; one full segment 4,325,173,332 B (as at 1 B)
        // usable 44,759,515,136 - 4,325,173,332 = 40,434,341,804 -> 438.3 -> 439 per replica by memory; whole
        //   segments, 9 a node: ceil(4,098 / 9) = 456 per replica, 912 for 2
        assertThat(plan.segmentsPerReplica()).isEqualTo(4_098);
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(17_723_782_386_688L);
        assertThat(plan.queryNodesNeeded()).isEqualTo(912);
    }

    @Test
    void tenBillionDiskAnnOnI4i8xlargeIsBoundByMemoryNotDisk() {
        var plan = CapacityPlanner.plan(input(10_000_000_000L, new IndexSpec(IndexType.DISKANN, Map.of()),
                "i4i.8xlarge"));
        // i4i.8xlarge: 256 GiB, 32 vCPU: ENI limit 234 under the EKS cap of 250 -> 234 pods
        //   kube-reserved 255 + 11 x 234 = 2,829 MiB; + 100 + 1,024 = 3,953 MiB
        //   274,877,906,944 x 0.97 - 3,953 MiB -> pod 250,326 MiB = 262,485,835,776 B
        assertThat(InstanceCatalog.requireEc2("i4i.8xlarge").maxPods()).isEqualTo(234);
        assertThat(plan.queryNodePodMemory()).isEqualTo(262_485_835_776L);
        // memory per vector: 1,536 x (0.125 PQ + 0.1 cache) = 345.6 B -> 3,456,000,000,000 B; + scalars
        //   2,258,000,000,000 = 5,714,000,000,000 B per replica; one full segment 2,440,322 x (345.6 + 225.8)
        //   = 1,394,399,990.8 -> 1,394,399,991 B; usable floor(262,485,835,776 x 0.7) - 1,394,399,991
        //   = 182,345,685,052 -> 31.34 -> 32 nodes
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(5_714_000_000_000L);
        assertThat(plan.queryNodeUsableMemory()).isEqualTo(182_345_685_052L);
        // disk: node = 1,536 + 4 + 56 x 4 = 1,764 B -> 2 nodes per 4 KiB sector -> 2,048 B per vector
        //   = 20,480,000,000,000 B per replica; NVMe 7,500 GB x 0.95 = 7,125,000,000,000 B -> 2.87 -> 3 nodes
        assertThat(plan.indexDiskPerReplica()).isEqualTo(20_480_000_000_000L);
        assertThat(plan.queryNodesPerReplica()).isEqualTo(32);
        assertThat(plan.queryNodesNeeded()).isEqualTo(64);
    }

    @Test
    void aWiderVectorCanNeedFewerNodesWhenTheIndexKeepsOnlyCodes() {
        // the counterexample jqwik found (seed 7040029485289417158): 1,421,263 float16 vectors, IVF_RABITQ,
        // 4,090 scalar bytes, one replica on m6i.xlarge (pod 14,548,992,000 B; 70 % = 10,184,294,400 B)
        var narrow = CapacityPlanner.plan(rabitq(2));
        var wide = CapacityPlanner.plan(rabitq(513));
        // dim 2: entity 4 + 4,090 + 8 + 16 = 4,118 B -> floor(4,294,967,296 / 4,118) = 1,042,974 rows a segment, 2
        //   segments; memory per row 1 code + 8 factors + 8 id + 4,114 scalars + 1.8 bloom = 4,132.8 B
        //   need 1,421,263 x 17 + 2 x 32,768 centroids + ceil(1,421,263 x 4,115.8) = 5,873,861,263 B
        //   one segment 1,042,974 x 4,132.8 + 32,768 = 4,310,435,716 B -> usable 5,873,858,684 B: 2,579 B short, 2
        assertThat(narrow.entityBytes()).isEqualTo(4_118);
        assertThat(narrow.memoryNeedPerReplica()).isEqualTo(5_873_861_263L);
        assertThat(narrow.segmentMemory()).isEqualTo(4_310_435_716L);
        assertThat(narrow.queryNodeUsableMemory()).isEqualTo(5_873_858_684L);
        assertThat(narrow.queryNodesNeeded()).isEqualTo(2);
        // dim 513: entity 5,140 B -> 835,596 rows a segment (the raw vector counts toward maxSize, RaBitQ keeps
        //   65 code bytes of its 1,026); need 1,421,263 x 81 + 2 x 8,404,992 + 5,849,634,256 = 5,981,566,543 B
        //   one segment 835,596 x 4,196.8 + 8,404,992 = 3,515,234,285 B -> usable 6,669,060,115 B: 1 node, and
        //   its real peak (5.98 GB + 3.52 GB) is lower than the narrow collection's (5.87 GB + 4.31 GB)
        assertThat(wide.entityBytes()).isEqualTo(5_140);
        assertThat(wide.memoryNeedPerReplica()).isEqualTo(5_981_566_543L);
        assertThat(wide.segmentMemory()).isEqualTo(3_515_234_285L);
        assertThat(wide.queryNodeUsableMemory()).isEqualTo(6_669_060_115L);
        assertThat(wide.queryNodesNeeded()).isEqualTo(1);
    }

    private static CapacityInput rabitq(int dim) {
        return new CapacityInput(1_421_263, dim, ElementType.FLOAT16,
                IndexComparison.defaults(IndexType.IVF_RABITQ, dim), false, 1, 4090, 100, 4, 16,
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
        // at 10 B DiskANN on NVMe (46 i4i.8xlarge with mmap) is cheaper than every lossy index: recommended
        var recommended = IndexComparison.recommended(rows).orElseThrow();
        assertThat(recommended.type()).isEqualTo(IndexType.DISKANN);
        assertThat(IndexProfile.of(recommended.type()).recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(rabitq.totalUsdPerMonth()).isGreaterThan(recommended.totalUsdPerMonth());
        var text = IndexComparison.text(rows);
        assertThat(text).contains("<- recommended: cheapest with recall >= 0.95").contains("below the 0.95 floor, lossy")
                .contains("IVF_RABITQ  lossy: expected recall 0.76: 1-bit RaBitQ")
                .contains("milvus.io/docs/ivf-rabitq.md");
        for (var r : rows) {
            assertThat(IndexComparison.recallTrade(r.type()).isPresent()).as(r.type().wire())
                    .isEqualTo(java.util.Set.of(IndexType.IVF_SQ8, IndexType.IVF_PQ, IndexType.IVF_RABITQ,
                            IndexType.HNSW_SQ).contains(r.type()));
        }
        assertThat(rows.stream().filter(r -> r.type() == IndexType.DISKANN).findFirst().orElseThrow()
                .plan().orElseThrow().input().pool(NodeRole.QUERY).instanceType())
                .isIn("m6idn.4xlarge", "m6idn.8xlarge", "r6idn.4xlarge", "i4i.8xlarge");
    }
}
