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

    static CapacityInput input(long vectors, IndexSpec index, String queryType) {
        return new CapacityInput(vectors, 384, ElementType.FLOAT32, index, false, 2, 200, 500, 8, 64,
                Map.of(NodeRole.QUERY, PoolSpec.unbounded(queryType, 200),
                        NodeRole.DATA, PoolSpec.unbounded("m6in.4xlarge", 500)),
                MessageQueue.WOODPECKER, Optional.empty(), 30, false);
    }

    static final IndexSpec IVF_FLAT = new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));

    @Test
    void m6in4xlargeGivesMilvus55GbOfIts64GiB() {
        // 64 GiB = 68,719,476,736 B; the kernel keeps 3 %: 68,719,476,736 x 0.97 = 66,657,892,433.92
        // 16 vCPU < 30 -> 110 pods -> kube-reserved 255 + 11 x 110 = 1,465 MiB; + eviction 100 + daemonsets 1,024
        //   = 2,589 MiB = 2,714,763,264 B -> pod memory 66,657,892,433.92 - 2,714,763,264 = 63,943,129,169.92
        //   = 60,980.92 MiB -> 60,980 MiB = 63,942,164,480 B (whole MiB: the query node pod's limit in the Helm
        //   values is exactly this many Mi)
        // Milvus fills 90 %: 57,547,948,032; minus 2 GiB swap headroom (2,147,483,648)
        //   = 55,400,464,384 B usable per query node
        var type = InstanceCatalog.requireEc2("m6in.4xlarge");
        assertThat(CapacityPlanner.podMemory(type)).isEqualTo(63_942_164_480L);
        assertThat(CapacityPlanner.usableMemory(InstanceCatalog.requireEc2("m6in.4xlarge")))
                .isEqualTo(55_400_464_384L);
    }

    @Test
    void oneBillion384dIvfFlatTwoReplicasNeeds66QueryNodes() {
        var plan = CapacityPlanner.plan(input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge"));
        // raw vectors: 1e9 x 384 x 4 B = 1,536,000,000,000 B (1.54 TB, the figure)
        assertThat(plan.rawVectorBytes()).isEqualTo(1_536_000_000_000L);
        // entity in a segment: 1,536 (vector) + 200 (scalars) + 8 (id) + 16 (RowID, Timestamp) = 1,760 B
        // rows per 1 GiB segment: 1,073,741,824 / 1,760 = 610,080 (floor); segments: 1e9 / 610,080 = 1,639.1 -> 1,640
        assertThat(plan.entityBytes()).isEqualTo(1_760);
        assertThat(plan.segmentsPerReplica()).isEqualTo(1_640);
        // IVF_FLAT: (1,536 + 8 id) x 1e9 = 1,544,000,000,000 B + centroids 4,096 x 384 x 4 = 6,291,456 B per segment
        //   x 1,640 = 10,317,987,840 B -> 1,554,317,987,840 B per replica
        assertThat(plan.indexMemoryPerReplica()).isEqualTo(1_554_317_987_840L);
        // scalars + id + system fields + bloom filter: (200 + 8 + 16 + 1.8) x 1e9 = 225,800,000,000 B
        assertThat(plan.scalarMemoryPerReplica()).isEqualTo(225_800_000_000L);
        // per replica 1,780,117,987,840 B / 55,400,464,384 B per node = 32.13 -> 33 nodes; x 2 replicas = 66
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(1_780_117_987_840L);
        assertThat(plan.queryNodesPerReplica()).isEqualTo(33);
        assertThat(plan.queryNodesNeeded()).isEqualTo(66);
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(66);
        // cost: 66 x (1.11378 $/h x 730 h + 200 GiB x 0.08 $) = 66 x (813.0594 + 16) = 54,717.92 $/month
        assertThat(plan.pools().get(NodeRole.QUERY).usdPerMonth()).isCloseTo(54_717.92, within(0.01));
        // the seed's 12 x 64 GiB give 12 x 55.4 GB = 0.66 TB against 3.56 TB: ratio 5.4 (undersized)
        var seed = CapacityPlanner.plan(input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge")
                .withPool(NodeRole.QUERY, new PoolSpec("m6in.4xlarge", 3, java.util.OptionalInt.of(12), 120, 200)));
        assertThat(seed.memoryRatio()).isCloseTo(3_560_235_975_680.0 / (12 * 55_400_464_384.0), within(1e-9));
        assertThat(seed.shortfalls()).containsExactly(new CapacityPlan.Shortfall(NodeRole.QUERY, "desired", 12, 66));
    }

    @Test
    void tenBillion384dIvfFlatNeeds644QueryNodes() {
        var plan = CapacityPlanner.plan(input(10_000_000_000L, IVF_FLAT, "m6in.4xlarge"));
        // segments: 1e10 / 610,080 = 16,391.3 -> 16,392
        // index: 1,544 x 1e10 = 15,440,000,000,000 + 16,392 x 6,291,456 = 103,129,546,752 -> 15,543,129,546,752 B
        // scalars: 225.8 x 1e10 = 2,258,000,000,000 B -> need 17,801,129,546,752 B per replica
        // / 55,400,464,384 = 321.31 -> 322 per replica, 644 for 2 replicas
        assertThat(plan.segmentsPerReplica()).isEqualTo(16_392);
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(17_801_129_546_752L);
        assertThat(plan.queryNodesNeeded()).isEqualTo(644);
    }

    @Test
    void tenBillionDiskAnnOnI4i8xlargeIsBoundByMemoryNotDisk() {
        var plan = CapacityPlanner.plan(input(10_000_000_000L, new IndexSpec(IndexType.DISKANN, Map.of()),
                "i4i.8xlarge"));
        // i4i.8xlarge: 256 GiB, 32 vCPU; 110 pods pinned on every node -> 255 + 1,210 + 100 + 1,024 = 2,589 MiB
        //   274,877,906,944 x 0.97 = 266,631,569,735.68 - 2,714,763,264 = 263,916,806,471.68 B = 251,690.x MiB
        //   -> pod 251,690 MiB = 263,916,093,440 B
        //   x 0.9 = 237,524,484,096 - 2,147,483,648 = 235,377,000,448 B usable
        assertThat(plan.queryNodePodMemory()).isEqualTo(263_916_093_440L);
        assertThat(plan.queryNodeUsableMemory()).isEqualTo(235_377_000_448L);
        // memory per vector: 1,536 x (0.125 PQ + 0.1 cache) = 345.6 B -> 3,456,000,000,000 B; + scalars
        //   2,258,000,000,000 = 5,714,000,000,000 B per replica / 235,377,000,448 = 24.28 -> 25 nodes
        assertThat(plan.memoryNeedPerReplica()).isEqualTo(5_714_000_000_000L);
        // disk: node = 1,536 + 4 + 56 x 4 = 1,764 B -> 2 nodes per 4 KiB sector -> 2,048 B per vector
        //   = 20,480,000,000,000 B per replica; NVMe 7,500 GB x 0.95 = 7,125,000,000,000 B -> 2.87 -> 3 nodes
        assertThat(plan.indexDiskPerReplica()).isEqualTo(20_480_000_000_000L);
        assertThat(plan.queryNodesPerReplica()).isEqualTo(25);
        assertThat(plan.queryNodesNeeded()).isEqualTo(50);
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
        var cheapest = IndexComparison.cheapest(rows).orElseThrow();
        assertThat(cheapest.type()).isNotEqualTo(IndexType.IVF_FLAT);
        assertThat(rows.stream().filter(r -> r.type() == IndexType.DISKANN).findFirst().orElseThrow()
                .plan().orElseThrow().input().pool(NodeRole.QUERY).instanceType())
                .isIn("m6idn.4xlarge", "m6idn.8xlarge", "r6idn.4xlarge", "i4i.8xlarge");
    }
}
