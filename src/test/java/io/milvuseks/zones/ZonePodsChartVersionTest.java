package io.milvuseks.zones;

import io.milvuseks.config.ConfigProblem;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The zone pods are copied from one chart version's pods (QueryZonePods, checked by QueryZoneChartIT): another chart
 * with 2+ replicas is refused before any resource, in one line naming the key; with one replica the chart's own pods
 * run and every chart the stack knows is accepted.
 */
class ZonePodsChartVersionTest {

    @Test
    void twoReplicasWithAnotherChartAreRefusedInOneLine() {
        var ex = catchThrowableOfType(InvalidConfigException.class,
                () -> Stacks.settings("prod", Map.of("milvusChartVersion", "5.0.17")));
        assertThat(ex).isNotNull();
        assertThat(ex.problems()).filteredOn(p -> p.key().equals("milvus-eks:milvusChartVersion"))
                .extracting(ConfigProblem::toString).singleElement().satisfies(line -> assertThat(line)
                        .startsWith("config error: ").contains("5.0.17 with 2 replicas")
                        .contains("accepted: " + QueryZones.POD_CHART_VERSION + ", or collection.replicas 1")
                        .doesNotContain("\n"));
    }

    @Test
    void thePinnedChartWithTwoReplicasAndAnyChartWithOneAreAccepted() {
        assertThat(Stacks.settings("prod").milvus().chartVersion()).isEqualTo(QueryZones.POD_CHART_VERSION);
        assertThat(Stacks.settings("staging", Map.of("milvusChartVersion", "4.2.56")).collection().replicas())
                .isEqualTo(1);
    }
}
