package io.milvuseks.autoscaling;

import io.milvuseks.milvus.DataNodeHpa;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HPA never runs below the standing count nor above the pool, for every pool the config accepts. */
class DataNodeHpaPropertiesTest {

    @Property
    void theHpaSpansExactlyStandingToMax(@ForAll @IntRange(min = 1, max = 200) int standing,
                                         @ForAll @IntRange(min = 0, max = 200) int extra) {
        var hpa = new DataNodeHpa(standing, standing + extra, DataNodeHpa.CPU_UTILIZATION);
        assertThat(hpa.minReplicas()).isEqualTo(standing);
        assertThat(hpa.maxReplicas()).isGreaterThanOrEqualTo(hpa.minReplicas());
    }

    @Property
    void aMaximumBelowTheStandingCountIsRefused(@ForAll @IntRange(min = 2, max = 200) int standing,
                                                @ForAll @IntRange(min = 1, max = 199) int below) {
        int max = Math.max(1, standing - below);
        if (max < standing) {
            assertThatThrownBy(() -> new DataNodeHpa(standing, max, 60)).hasMessageContaining("1 <= min <= max");
        }
    }

    @Property
    void theMetricsServerGrowsWithTheClusterAndNeverBelowTheChartsDefaults(
            @ForAll @IntRange(min = 1, max = 5000) int nodes) {
        var v = new MetricsServerValues(new io.milvuseks.registry.Mirror.Routed("r", "m", "v1"), Map.of(), nodes);
        assertThat(v.cpuMilli()).isGreaterThanOrEqualTo(Math.max(100, nodes));
        assertThat(v.memoryMiB()).isGreaterThanOrEqualTo(Math.max(200, 2 * nodes));
    }
}
