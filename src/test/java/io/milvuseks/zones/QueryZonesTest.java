package io.milvuseks.zones;

import io.milvuseks.milvus.ZoneSpread;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryZonesTest {

    private static final List<String> SIX = List.of("use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6",
            "use1-az3");

    @Test
    void prodTwoReplicasOfFortyFourNodes() {
        var z = QueryZones.of(2, SIX.subList(0, 3), 3, 88, 120);
        assertThat(z.zoned()).isTrue();
        assertThat(z.zones()).extracting(QueryZones.Zone::zone).containsExactly("use1-az1", "use1-az2");
        assertThat(z.zones()).extracting(QueryZones.Zone::desired).containsExactly(44, 44);
        assertThat(z.zones()).extracting(QueryZones.Zone::min).containsExactly(2, 2);
        assertThat(z.zones()).extracting(QueryZones.Zone::max).containsExactly(60, 60);
        assertThat(z.resourceGroups()).containsExactly("zone_use1_az1", "zone_use1_az2");
    }

    @Test
    void oneReplicaKeepsOneGroupOverEveryZone() {
        assertThat(QueryZones.of(1, SIX.subList(0, 3), 3, 10, 20).zoned()).isFalse();
        assertThat(QueryZones.of(1, SIX.subList(0, 3), 3, 10, 20).resourceGroups()).isEmpty();
    }

    @Test
    void moreReplicasThanZonesIsRefused() {
        assertThatThrownBy(() -> QueryZones.of(4, SIX.subList(0, 3), 3, 10, 20))
                .hasMessageContaining("4 replicas need as many zones; 3 configured");
    }

    @Test
    void resourceGroupNamesAreWhatMilvusAccepts() {
        // proxy validateResourceGroupName: letters, digits, underscores, not starting with a digit
        for (var zone : List.of("use1-az1", "us-east-1a", "apse2-az3")) {
            assertThat(QueryZones.resourceGroupName(zone)).matches("[a-zA-Z_][a-zA-Z0-9_]*");
        }
        assertThat(QueryZones.resourceGroupName("us-east-1a")).isEqualTo("zone_us_east_1a");
    }

    /**
     * For every R in 2..zones and node counts: each zone group holds at least a replica's share, min <= desired <=
     * max, the groups sit in distinct configured zones, and a scheduler that puts each zone Deployment's pods on any
     * free node its nodeSelector admits (in any order) places every pod; losing any one zone then leaves at least
     * one replica with all its nodes (R - 1 of them, in fact).
     */
    @Property
    void losingAnyZoneLeavesAWholeReplica(@ForAll @IntRange(min = 2, max = 6) int zones,
                                          @ForAll @IntRange(min = 2, max = 6) int replicas,
                                          @ForAll @IntRange(min = 1, max = 80) int perReplica,
                                          @ForAll @IntRange(min = 0, max = 40) int headroom,
                                          @ForAll long seed) {
        if (replicas > zones) {
            assertThatThrownBy(() -> QueryZones.of(replicas, SIX.subList(0, zones), 1, perReplica * replicas,
                    perReplica * replicas + headroom)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        int desired = perReplica * replicas;
        var layout = QueryZones.of(replicas, SIX.subList(0, zones), Math.min(3, desired), desired, desired + headroom);
        assertThat(layout.zones()).hasSize(replicas);
        assertThat(layout.zones()).extracting(QueryZones.Zone::zone).doesNotHaveDuplicates()
                .containsExactlyElementsOf(SIX.subList(0, replicas));
        assertThat(layout.resourceGroups()).doesNotHaveDuplicates();
        for (var z : layout.zones()) {
            assertThat(z.desired()).isEqualTo(perReplica);
            assertThat(z.min()).isLessThanOrEqualTo(z.desired());
            assertThat(z.max()).isGreaterThanOrEqualTo(z.desired());
            // one domain, one pod per node: a hard spread over it is met by construction
            assertThat(ZoneSpread.placeable(new int[] {z.desired()}, z.desired(), 1)).isEqualTo(z.desired());
        }

        // nodes: each zone group's ASG has its zone's subnet only, so its nodes are in that zone
        record Node(int zone, String group) {
        }
        var free = new ArrayList<Node>();
        for (var z : layout.zones()) {
            for (int i = 0; i < z.desired(); i++) {
                free.add(new Node(z.index(), z.zone()));
            }
        }
        java.util.Collections.shuffle(free, new Random(seed));
        // pods: replica r's Deployment selects its group's label; any admitting free node will do
        var nodeZones = new int[replicas][];
        for (var z : layout.zones()) {
            nodeZones[z.index()] = new int[z.desired()];
            for (int p = 0; p < z.desired(); p++) {
                var node = free.stream().filter(n -> n.group().equals(z.zone())).findFirst();
                assertThat(node).as("pod %d of replica %d has a node", p, z.index()).isPresent();
                free.remove(node.get());
                nodeZones[z.index()][p] = node.get().zone();
            }
        }
        for (int lost = 0; lost < zones; lost++) {
            assertThat(QueryZones.wholeReplicaSurvives(nodeZones, lost)).as("zone %d lost", lost).isTrue();
        }
    }

    @Test
    void theCheckCatchesReplicasThatShareAZone() {
        // one group over three zones, as before: nothing stops a node of each replica landing in zone 0
        int[][] spread = {{0, 1, 2}, {0, 1, 2}};
        assertThat(QueryZones.wholeReplicaSurvives(spread, 0)).isFalse();
        assertThat(QueryZones.wholeReplicaSurvives(new int[][] {{0, 0}, {1, 1}}, 0)).isTrue();
    }
}
