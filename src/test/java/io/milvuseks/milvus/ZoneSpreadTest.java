package io.milvuseks.milvus;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneSpreadTest {

    @Test
    void sixtySixQueryNodesOverThreeZones() {
        assertThat(ZoneSpread.split(66, 3)).containsExactly(22, 22, 22);
        assertThat(ZoneSpread.placeable(ZoneSpread.split(66, 3), 66, 1)).isEqualTo(66);
        // what an autoscaling group may hand out when one zone is short of capacity: 62 of 66 pods are placed
        // (20/21/21: the full zone caps the others), four query pods stay Pending
        assertThat(ZoneSpread.placeable(new int[] {20, 23, 23}, 66, 1)).isEqualTo(62);
        assertThat(ZoneSpread.split(67, 3)).containsExactly(23, 22, 22);
    }

    @Property
    void perZoneGroupsSizedBySplitAlwaysTakeAHardSpreadOfOnePodPerNode(
            @ForAll @IntRange(min = 0, max = 400) int nodes, @ForAll @IntRange(min = 1, max = 6) int zones) {
        var layout = ZoneSpread.split(nodes, zones);
        assertThat(Arrays.stream(layout).sum()).isEqualTo(nodes);
        assertThat(Arrays.stream(layout).max().orElse(0) - Arrays.stream(layout).min().orElse(0)).isLessThanOrEqualTo(1);
        assertThat(ZoneSpread.placeable(layout, nodes, 1)).isEqualTo(nodes);
    }

    @Property
    void anyLayoutOffTheSplitLeavesPodsPendingUnderAHardSpread(
            @ForAll @IntRange(min = 3, max = 300) int nodes, @ForAll @IntRange(min = 1, max = 5) int shortBy) {
        // one zone short of its share by shortBy nodes, the others take them: total unchanged
        var layout = ZoneSpread.split(nodes, 3);
        int take = Math.min(shortBy, layout[2]);
        layout[2] -= take;
        layout[0] += take;
        int placed = ZoneSpread.placeable(layout, nodes, 1);
        if (take > 0 && Arrays.stream(layout).max().getAsInt() - Arrays.stream(layout).min().getAsInt() > 1) {
            assertThat(placed).isLessThan(nodes);
        } else {
            assertThat(placed).isEqualTo(nodes);
        }
    }
}
