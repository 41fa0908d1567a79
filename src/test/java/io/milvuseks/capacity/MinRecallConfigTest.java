package io.milvuseks.capacity;

import io.milvuseks.App;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** capacity.minRecall: a number in (0, 1], default 0.95, one config line per bad value. */
class MinRecallConfigTest {

    static String capacity(String minRecall) {
        return "{\"vectors\": 1000000000, \"elementType\": \"float32\", \"scalarBytesPerEntity\": 200, "
                + "\"targetQps\": 500, \"allowUndersized\": false" + (minRecall == null ? "" : ", \"minRecall\": "
                + minRecall) + "}";
    }

    @Test
    void defaultsTo095AndReachesThePlan() {
        assertThat(Stacks.settings("prod").capacity().minRecall()).isEqualTo(0.95);
        var settings = Stacks.settings("prod", Map.of("capacity", capacity("0.9")));
        assertThat(settings.capacity().minRecall()).isEqualTo(0.9);
        var plan = CapacityPlanner.plan(settings);
        assertThat(plan.input().minRecall()).isEqualTo(0.9);
        assertThat(CapacityReport.output(plan)).containsEntry("minRecall", 0.9).containsEntry("expectedRecall", 0.9528)
                .containsEntry("meetsMinRecall", true);
    }

    @Test
    void anythingOutsideZeroToOneIsOneConfigLine() {
        for (var bad : new String[] {"0", "-0.5", "1.01", "\"high\"", "true"}) {
            var raw = Stacks.raw("prod", Map.of("capacity", capacity(bad)));
            assertThatThrownBy(() -> App.load(raw)).as(bad)
                    .isInstanceOfSatisfying(InvalidConfigException.class, ex -> {
                        assertThat(ex.problems()).hasSize(1);
                        var p = ex.problems().get(0);
                        assertThat(p.key()).isEqualTo("milvus-eks:capacity.minRecall");
                        assertThat(p.toString()).startsWith("config error: milvus-eks:capacity.minRecall: ")
                                .contains("accepted: a number greater than 0 and at most 1").doesNotContain("\n");
                    });
        }
        // 1 is accepted: exact search only
        assertThat(Stacks.settings("prod", Map.of("capacity", capacity("1"))).capacity().minRecall()).isEqualTo(1.0);
    }
}
