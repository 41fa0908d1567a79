package io.milvuseks.zones;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23, item 1, as properties over every zone count and replica count: with the stack's layout (query and data
 * zone groups, a streaming Deployment per zone in its zone's resource group, strict isolation from
 * {@link QueryZones#streamingConfig}), a zone's loss leaves R - 1 replicas whole — query nodes and delegators all
 * outside that zone — and stalls writes only on the pchannels whose WAL owner was there, with streaming nodes left to
 * take them over. Then what the other settings do: a primary resource group, and the layout before this change.
 * Milvus' placement rules are modelled in {@link ZoneLossModel}, each with its source.
 */
class ZoneLossTest {

    private static final List<String> SIX = List.of("use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6",
            "use1-az3");

    @Property
    void losingAnyZoneLeavesWholeReplicasAndStallsOnlyThePchannelsItOwned(
            @ForAll @IntRange(min = 2, max = 6) int zones, @ForAll @IntRange(min = 2, max = 6) int replicas,
            @ForAll @IntRange(min = 1, max = 20) int perReplica, @ForAll @IntRange(min = 1, max = 24) int dataNodes,
            @ForAll @IntRange(min = 1, max = 16) int shards, @ForAll long seed) {
        if (replicas > zones) {
            return; // refused by the config parser and QueryZones.of (QueryZonesTest)
        }
        var layout = QueryZones.of(replicas, SIX.subList(0, zones), 1, perReplica * replicas,
                perReplica * replicas + 10);
        var dataZones = layout.alongside(1, dataNodes, dataNodes + 10);
        // every zone group runs streaming nodes of its own, so strict isolation never leaves a replica without
        assertThat(dataZones).hasSize(replicas).allSatisfy(z -> assertThat(z.desired()).isPositive());
        var model = ZoneLossModel.ofStack(zones, layout, dataZones, shards, null);
        assertThat(model.strictIsolation()).isTrue();
        int streamingNodes = model.streaming().size();
        int perNodeMax = (shards + streamingNodes - 1) / streamingNodes;
        for (int lost = 0; lost < zones; lost++) {
            var loss = model.lose(lost, shards, new Random(seed));
            if (lost < replicas) {
                // the lost zone's own replica goes; every other one keeps its query nodes and delegators
                assertThat(loss.wholeReplicas()).as("zone %d lost", lost).hasSize(replicas - 1)
                        .doesNotContain(lost);
                int inZone = dataZones.get(lost).desired();
                assertThat(loss.stalledPchannels()).as("pchannels stalled, zone %d lost", lost)
                        .isLessThanOrEqualTo(inZone * perNodeMax);
                assertThat(loss.survivingStreamingNodes()).isPositive();
            } else {
                // a zone without zone groups: nothing of Milvus' data path was there
                assertThat(loss.wholeReplicas()).hasSize(replicas);
                assertThat(loss.stalledPchannels()).isZero();
            }
        }
    }

    /** The other setting: every pchannel's WAL in one group. Its zone's loss stalls every write; others none. */
    @Property
    void withAPrimaryResourceGroupItsZoneHoldsEveryWal(@ForAll @IntRange(min = 2, max = 6) int zones,
                                                       @ForAll @IntRange(min = 1, max = 24) int dataNodes,
                                                       @ForAll @IntRange(min = 1, max = 16) int shards,
                                                       @ForAll long seed) {
        var layout = QueryZones.of(2, SIX.subList(0, zones), 1, 8, 20);
        var dataZones = layout.alongside(1, dataNodes, dataNodes + 10);
        var model = ZoneLossModel.ofStack(zones, layout, dataZones, shards, layout.zones().get(0).resourceGroup());
        assertThat(model.lose(0, shards, new Random(seed)).stalledPchannels()).isEqualTo(shards);
        for (int lost = 1; lost < zones; lost++) {
            assertThat(model.lose(lost, shards, new Random(seed)).stalledPchannels()).isZero();
            assertThat(model.lose(lost, shards, new Random(seed)).wholeReplicas()).contains(0);
        }
    }

    /**
     * Before this change: the streaming nodes on the multi-zone data pool with no resource-group label (they report
     * in the default group) and strict isolation off. The replicas' groups are uncovered, so both replicas draw
     * their delegators from the one pool of all streaming nodes, spread over every zone: losing any zone takes
     * delegators of both, and no replica stays whole.
     */
    @Test
    void theLayoutBeforeLosesDelegatorsOfEveryReplica() {
        var layout = QueryZones.of(2, SIX.subList(0, 3), 1, 88, 120);
        var streaming = new ArrayList<ZoneLossModel.StreamingNode>();
        for (int i = 0; i < 8; i++) {
            streaming.add(new ZoneLossModel.StreamingNode(i % 3, ZoneLossModel.DEFAULT_GROUP));
        }
        var stack = ZoneLossModel.ofStack(3, layout, layout.alongside(3, 8, 24), 8, null);
        var before = new ZoneLossModel(3, stack.replicas(), streaming, 8, null, false);
        for (int lost = 0; lost < 3; lost++) {
            assertThat(before.lose(lost, 8, new Random(1)).wholeReplicas()).as("zone %d lost", lost).isEmpty();
            assertThat(stack.lose(lost, 8, new Random(1)).wholeReplicas()).as("zone %d lost", lost).isNotEmpty();
        }
        // and strict isolation with those unlabelled nodes would leave every replica without delegators
        var strictBefore = new ZoneLossModel(3, stack.replicas(), streaming, 8, null, true);
        assertThat(strictBefore.delegators(8)).allSatisfy(d -> assertThat(d).isEmpty());
    }
}
