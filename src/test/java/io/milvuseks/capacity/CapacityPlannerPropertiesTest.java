package io.milvuseks.capacity;

import io.milvuseks.config.ElementType;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.InstanceCatalog;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the collection and node type: enough memory and disk, and never fewer nodes for more data. */
class CapacityPlannerPropertiesTest {

    @Provide
    Arbitrary<CapacityInput> inputs() {
        var vectors = Arbitraries.longs().between(1, 100_000_000_000L);
        var dims = Arbitraries.integers().between(2, 4096);
        var replicas = Arbitraries.integers().between(1, 10);
        var index = Arbitraries.of(IndexType.class);
        var element = Arbitraries.of(ElementType.class);
        var mmap = Arbitraries.of(true, false);
        var scalar = Arbitraries.integers().between(0, 4096);
        var nodeType = Arbitraries.of(InstanceCatalog.ec2Names());
        var disk = Arbitraries.integers().between(20, 4096);
        return Combinators.combine(vectors, dims, replicas, index, element, mmap, scalar, nodeType)
                .flatAs((v, d, r, i, e, m, s, t) -> disk.map(g -> new CapacityInput(v, d, e,
                        IndexComparison.defaults(i, d), m, r, s, 100, 4, 16,
                        Map.of(NodeRole.QUERY, PoolSpec.unbounded(t, g), NodeRole.DATA, PoolSpec.unbounded(t, g)),
                        MessageQueue.WOODPECKER, Optional.empty(), 30, false, Platform.PROD_DEFAULT)));
    }

    @Property(tries = 500)
    void queryNodesNeverProvideLessMemoryOrDiskThanNeeded(@ForAll("inputs") CapacityInput in) {
        var plan = CapacityPlanner.plan(in);
        if (!plan.shortfalls().isEmpty()) {
            // With an unbounded pool only two things fall short, and both are reported: an on-disk index on a root
            // volume the OS fills, or a need beyond the planner's node cap (tiny nodes for enormous data).
            assertThat(plan.shortfalls()).allSatisfy(s -> {
                if (s.field().equals("diskGiB")) {
                    assertThat(plan.indexDiskPerReplica()).isPositive();
                    assertThat(plan.queryNodeUsableDisk()).isZero();
                } else {
                    assertThat(s.field()).isEqualTo("max");
                    assertThat(s.needed()).isGreaterThan(s.configured());
                    assertThat(plan.queryNodesPerReplica()).isEqualTo(s.configured());
                }
            });
            return;
        }
        int nodes = plan.nodeCount(NodeRole.QUERY);
        assertThat(nodes).isEqualTo(plan.queryNodesNeeded()).isPositive();
        // per replica, since replicas never share a query node, and in total
        assertThat((double) plan.queryNodesPerReplica() * plan.queryNodeUsableMemory())
                .isGreaterThanOrEqualTo(plan.memoryNeedPerReplica());
        assertThat(plan.memoryProvisioned()).isGreaterThanOrEqualTo(plan.memoryNeed());
        assertThat(plan.memoryRatio()).isLessThanOrEqualTo(1.0);
        assertThat((double) plan.queryNodesPerReplica() * plan.queryNodeUsableDisk())
                .isGreaterThanOrEqualTo(plan.indexDiskPerReplica());
        // whole segments: the fullest node (ceil(segments / nodes) of them, at most the replica's need) fits
        long k = CapacityPlanner.ceilDiv(plan.segmentsPerReplica(), plan.queryNodesPerReplica());
        assertThat(Math.min(k * plan.segmentMemory(), plan.memoryNeedPerReplica()))
                .isLessThanOrEqualTo(plan.queryNodeUsableMemory());
        // and no more than one node's worth of slack on the binding resource (memory, disk, or whole segments)
        double memNodes = (double) plan.memoryNeedPerReplica() / plan.queryNodeUsableMemory();
        double diskNodes = plan.queryNodeUsableDisk() == 0 ? 0
                : (double) plan.indexDiskPerReplica() / plan.queryNodeUsableDisk();
        long perNode = plan.segmentMemory() == 0 ? 0 : plan.queryNodeUsableMemory() / plan.segmentMemory();
        double segmentNodes = perNode == 0 ? 0 : Math.ceil((double) plan.segmentsPerReplica() / perNode);
        assertThat(plan.queryNodesPerReplica())
                .isLessThan((int) Math.max(Math.max(memNodes, diskNodes), segmentNodes) + 2);
    }

    /**
     * Issue 14: for every collection the planner accepts (no shortfall), a query node's segments at peak (its share
     * of the replica plus one segment in flight) stay within the documented share, and with the runtime overhead
     * under Milvus' write-throttle low water level; growing data on a streaming node likewise.
     */
    @Property(tries = 1000)
    void memoryStaysUnderTheWriteThrottleForEveryAcceptedPlan(@ForAll("inputs") CapacityInput in) {
        var plan = CapacityPlanner.plan(in);
        Assume.that(plan.shortfalls().isEmpty());
        long pod = plan.queryNodePodMemory();
        double perNode = Math.ceil((double) plan.memoryNeedPerReplica() / plan.queryNodesPerReplica());
        double peak = perNode + Assumptions.SWAP_HEADROOM_SEGMENTS * plan.segmentMemory();
        assertThat(peak).isLessThanOrEqualTo(pod * Assumptions.QUERY_SEGMENT_SHARE + 1);
        assertThat(plan.querySegmentShare() + Assumptions.RUNTIME_OVERHEAD_SHARE)
                .isLessThan(Assumptions.MEMORY_LOW_WATER_LEVEL);
        var st = plan.streaming();
        assertThat(st.perNode()).isLessThanOrEqualTo(st.capPerNode());
        assertThat(st.memoryShare() + Assumptions.RUNTIME_OVERHEAD_SHARE).isLessThan(Assumptions.MEMORY_LOW_WATER_LEVEL);
    }

    @Property(tries = 300)
    void evenlySpreadDataPoolsDivideTheShards(@ForAll("inputs") CapacityInput in) {
        var plan = CapacityPlanner.plan(in);
        int nodes = plan.streaming().nodes();
        // the data pool is unpinned here: the planner picks a divisor of the shards whenever one fits its need
        if (plan.pools().get(NodeRole.DATA).needed() <= in.shards()) {
            assertThat(in.shards() % nodes).as(nodes + " streaming nodes for " + in.shards() + " shards").isZero();
        }
    }

    @Property(tries = 300)
    void moreVectorsNeverNeedFewerNodes(@ForAll("inputs") CapacityInput in,
                                        @ForAll @LongRange(min = 1, max = 10_000_000_000L) long more) {
        var small = CapacityPlanner.plan(in);
        var big = CapacityPlanner.plan(in.withVectors(in.vectors() + more));
        assertThat(big.queryNodesNeeded()).isGreaterThanOrEqualTo(small.queryNodesNeeded());
        assertThat(big.memoryNeed()).isGreaterThanOrEqualTo(small.memoryNeed());
        assertThat(big.totalUsdPerMonth()).isGreaterThanOrEqualTo(small.totalUsdPerMonth());
    }

    /**
     * More dimensions never need less memory at rest or local disk, nor, at the same swap headroom, fewer query
     * nodes. The node count itself may drop, and rightly: dataCoord seals a segment at maxSize of stored bytes, raw
     * vector included, so a wider vector means fewer rows per sealed segment, while an index that keeps only codes
     * in memory (IVF_SQ8, IVF_RABITQ, HNSW_SQ, DiskANN) loads each row in fewer bytes than it stores (and HNSW's
     * fixed per-row graph weighs less in a wider row). The segment in flight, which every query node keeps headroom
     * for, then shrinks faster than the data at rest grows, and the real peak (segments plus one in flight) is lower.
     * Found by seed 7040029485289417158; worked by hand in
     * CapacityPlannerExamplesTest#aWiderVectorCanNeedFewerNodesWhenTheIndexKeepsOnlyCodes.
     */
    @Property(tries = 300)
    void moreDimensionsNeedFewerNodesOnlyWhenTheSegmentInFlightShrinks(
            @ForAll("inputs") CapacityInput in, @ForAll @IntRange(min = 1, max = 2048) int more) {
        // IVF_PQ is left out: its code size follows m, a divisor of dim, which is not monotone in dim
        Assume.that(in.index().type() != IndexType.IVF_PQ);
        var small = CapacityPlanner.plan(in);
        var big = CapacityPlanner.plan(in.withDim(in.dim() + more));
        assertThat(big.memoryNeed()).isGreaterThanOrEqualTo(small.memoryNeed());
        assertThat(big.indexDiskPerReplica()).isGreaterThanOrEqualTo(small.indexDiskPerReplica());
        boolean headroomKept = big.segmentMemory() >= small.segmentMemory();
        Statistics.label("segment in flight").collect(headroomKept ? "kept or grew" : "shrank");
        Statistics.label("query nodes").collect(Long.signum(big.queryNodesNeeded() - small.queryNodesNeeded()));
        if (headroomKept) {
            assertThat(big.queryNodesNeeded()).isGreaterThanOrEqualTo(small.queryNodesNeeded());
        }
        // at the narrower collection's headroom, the wider one's data never fits on fewer nodes
        var type = InstanceCatalog.requireEc2(in.pool(NodeRole.QUERY).instanceType());
        long usable = CapacityPlanner.usableMemory(type, small.segmentMemory());
        if (usable > 0 && small.queryNodeUsableMemory() > 0) {
            assertThat(CapacityPlanner.ceilDiv(big.memoryNeedPerReplica(), usable))
                    .isGreaterThanOrEqualTo(CapacityPlanner.ceilDiv(small.memoryNeedPerReplica(),
                            small.queryNodeUsableMemory()));
        }
    }

    @Property(tries = 300)
    void moreReplicasNeverNeedFewerNodes(@ForAll("inputs") CapacityInput in,
                                         @ForAll @IntRange(min = 1, max = 9) int more) {
        var small = CapacityPlanner.plan(in);
        var big = CapacityPlanner.plan(in.withReplicas(Math.min(10, in.replicas() + more)));
        // every replica's memory need, or the pool's QPS need when larger (queries go to the least busy replica),
        // as whole replicas: every replica gets the same nodes (a zone group and a resource group each)
        int r = big.input().replicas();
        assertThat(big.queryNodesNeeded()).isEqualTo(Math.max(big.queryNodesPerReplica() * r, big.query().byQps()));
        assertThat(big.query().byQps() % r).isZero();
        // Monotone, except for that rounding when QPS binds: 3 QPS-nodes' worth is 2 x 2 = 4 nodes with 2 replicas
        // but 3 x 1 with 3 (really: one node of each replica answers a third of the queries). Never more than
        // replicas - 1 nodes below, and monotone whenever memory binds both.
        assertThat(big.queryNodesNeeded()).isGreaterThanOrEqualTo(small.queryNodesNeeded() - (small.input().replicas() - 1));
        if (small.queryBound().equals("memory") && big.queryBound().equals("memory")) {
            assertThat(big.queryNodesNeeded()).isGreaterThanOrEqualTo(small.queryNodesNeeded());
            assertThat(big.totalUsdPerMonth()).isGreaterThanOrEqualTo(small.totalUsdPerMonth());
        }
    }

    /** Issue 17: the query pool serves the target QPS whenever it is free to run the nodes (no pin, no max). */
    @Property(tries = 300)
    void theQueryPoolServesTheTargetQps(@ForAll("inputs") CapacityInput in,
                                        @ForAll @IntRange(min = 0, max = 100_000) int qps) {
        var plan = CapacityPlanner.plan(in.withTargetQps(qps));
        Assume.that(!plan.query().qpsShortfall() && plan.shortfalls().isEmpty());
        assertThat(plan.query().qpsServed()).isGreaterThanOrEqualTo(qps * (1 - 1e-9));
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(Math.max(plan.queryNodesPerReplica() * in.replicas(),
                plan.query().byQps()));
        Statistics.label("bound").collect(plan.queryBound());
    }

    /**
     * Issue 17: the standing data pool is never below what streaming needs (growing segments to their seal cap, at
     * most one node per shard), and the one-time build runs on at least the standing nodes, within the pool's max.
     */
    @Property(tries = 300)
    void theStandingDataPoolNeverDropsBelowStreamingsNeed(@ForAll("inputs") CapacityInput in,
                                                          @ForAll @IntRange(min = 1, max = 64) int shards,
                                                          @ForAll @IntRange(min = 0, max = 256) int extraMax) {
        var withShards = new CapacityInput(in.vectors(), in.dim(), in.elementType(), in.index(), in.mmap(),
                in.replicas(), in.scalarBytesPerEntity(), in.targetQps(), shards, in.partitions(), in.pools(),
                in.queue(), in.msk(), in.noncurrentVersionDays(), false, in.platform());
        var dataType = in.pool(NodeRole.DATA).instanceType();
        // a bounded, unpinned data pool whose max allows one node per shard
        var bounded = withShards.withPool(NodeRole.DATA, new PoolSpec(dataType, 1, java.util.OptionalInt.empty(),
                shards + extraMax, 100));
        for (var plan : java.util.List.of(CapacityPlanner.plan(withShards), CapacityPlanner.plan(bounded))) {
            var st = plan.streaming();
            long need = st.capPerNode() == 0 ? shards
                    : Math.min(shards, CapacityPlanner.ceilDiv(st.demand(), st.capPerNode()));
            int standing = plan.pools().get(NodeRole.DATA).nodes();
            assertThat((long) standing).isGreaterThanOrEqualTo(need);
            assertThat(plan.build().nodes()).isGreaterThanOrEqualTo(standing)
                    .isLessThanOrEqualTo(plan.input().pool(NodeRole.DATA).max());
            // the build's dollars are its node-hours, and they never enter the standing total
            var type = InstanceCatalog.requireEc2(dataType);
            assertThat(plan.build().usd()).isCloseTo(plan.build().nodes() * plan.build().hours() * type.usdPerHour(),
                    org.assertj.core.api.Assertions.within(1e-6));
            assertThat(plan.pools().get(NodeRole.DATA).usdPerMonth()).isCloseTo(standing * type.usdPerMonth(),
                    org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    /** Issue 17: whatever the floor, the recommended index meets it, and nothing cheaper that meets it is passed by. */
    @Property(tries = 40)
    void theRecommendedIndexAlwaysMeetsTheFloor(@ForAll("inputs") CapacityInput in,
                                                @ForAll @IntRange(min = 50, max = 100) int floorPercent) {
        var rows = IndexComparison.compare(in.withMinRecall(floorPercent / 100.0));
        var rec = IndexComparison.recommended(rows);
        // recall at each plan's own search parameters (refine indexes have their own: IndexProfile.of(spec))
        var eligible = rows.stream().filter(r -> r.plan().isPresent() && r.plan().get().shortfalls().isEmpty()
                && !r.plan().get().query().qpsShortfall() && r.recall() >= floorPercent / 100.0).toList();
        Statistics.label("recommended").collect(rec.map(IndexComparison.Row::variant).orElse("none"));
        assertThat(rec.isPresent()).isEqualTo(!eligible.isEmpty());
        rec.ifPresent(r -> {
            assertThat(r.recall()).isGreaterThanOrEqualTo(floorPercent / 100.0);
            assertThat(r.plan().orElseThrow().search().rate().meets(floorPercent / 100.0)).isTrue();
            assertThat(eligible).allSatisfy(e -> assertThat(e.totalUsdPerMonth())
                    .isGreaterThanOrEqualTo(r.totalUsdPerMonth()));
        });
        // issue 24: no Graviton type is ever compared while the query pool's images lack a proven arm64 variant
        assertThat(rows).allSatisfy(r -> r.plan().ifPresent(p -> assertThat(InstanceCatalog.requireEc2(
                p.input().pool(NodeRole.QUERY).instanceType()).graviton()).isFalse()));
    }

    /**
     * Issue 24: compaction never merges across (shard, partition) pairs, so there are at least shards x partitions
     * sealed segments (as many as there are rows, if fewer), none over maxSize, together holding every row; and a
     * streamed load's small segments are never fewer than the sealed ones.
     */
    @Property(tries = 500)
    void segmentsAreAtLeastShardsTimesPartitions(@ForAll("inputs") CapacityInput in,
                                                 @ForAll @IntRange(min = 1, max = 16) int shards,
                                                 @ForAll @IntRange(min = 0, max = 1024) int partitions) {
        var plan = CapacityPlanner.plan(new CapacityInput(in.vectors(), in.dim(), in.elementType(), in.index(),
                in.mmap(), in.replicas(), in.scalarBytesPerEntity(), in.targetQps(), shards, partitions, in.pools(),
                in.queue(), in.msk(), in.noncurrentVersionDays(), false, in.platform()));
        var seg = plan.search().segments();
        long pairs = (long) shards * Math.max(1, partitions);
        assertThat(plan.segmentsPerReplica()).isGreaterThanOrEqualTo(Math.min(in.vectors(), pairs))
                .isEqualTo(seg.sealed());
        long maxRows = IndexFootprint.segmentMaxBytes(in.index().type()) / plan.entityBytes();
        assertThat(seg.rowsPerSegment()).isLessThanOrEqualTo(Math.max(1, maxRows));
        assertThat(seg.sealed() * seg.rowsPerSegment()).isGreaterThanOrEqualTo(in.vectors());
        assertThat(seg.loadSegments()).isGreaterThanOrEqualTo(seg.sealed());
        // the QPS fan-out is over the sealed segments: the served QPS is nodes x per-node searches / segments
        Statistics.label("segments over rows/maxSize").collect(seg.sealed() > CapacityPlanner.ceilDiv(in.vectors(),
                Math.max(1, maxRows)) ? "more" : "equal");
    }

    /**
     * Issue 24: the query count is max(memory, CPU, IOPS): an unbounded pool runs exactly the largest of the three
     * needs, names it as the bound, and the nodes serve the target within both their CPU and their disk's IOPS.
     */
    @Property(tries = 500)
    void theQueryCountIsTheMaxOfMemoryCpuAndIops(@ForAll("inputs") CapacityInput in,
                                                 @ForAll @IntRange(min = 0, max = 20_000) int qps) {
        var plan = CapacityPlanner.plan(in.withTargetQps(qps));
        Assume.that(plan.shortfalls().isEmpty());
        var q = plan.query();
        int memory = plan.queryNodesPerReplica() * in.replicas();
        int nodes = plan.nodeCount(NodeRole.QUERY);
        assertThat(nodes).isEqualTo(Math.max(memory, Math.max(q.byCpu(), q.byIops())));
        assertThat(plan.queryBound()).isEqualTo(nodes == memory ? "memory" : q.byIops() > q.byCpu() ? "iops" : "cpu");
        if (plan.search().reads() == 0) {
            assertThat(q.byIops()).isZero();
        }
        if (!q.qpsShortfall()) {
            var type = InstanceCatalog.requireEc2(in.pool(NodeRole.QUERY).instanceType());
            double searches = (double) qps * plan.segmentsPerReplica();
            assertThat((double) nodes * type.vcpu() * plan.search().rate().rate()).isGreaterThanOrEqualTo(searches * (1 - 1e-9));
            assertThat((double) nodes * plan.search().nodeIops() * Assumptions.IOPS_SHARE)
                    .isGreaterThanOrEqualTo(searches * plan.search().reads() * (1 - 1e-9));
        }
        Statistics.label("bound").collect(plan.queryBound());
    }
}
