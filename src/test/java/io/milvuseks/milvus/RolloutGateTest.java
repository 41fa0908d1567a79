package io.milvuseks.milvus;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23, item 4: the zone pods outlive Milvus' graceful stop, and a query roll waits for a node's reload. */
class RolloutGateTest {

    @Test
    void theGracePeriodCoversMilvusOwnForceQuit() {
        // Kubernetes' default is 30 s; Milvus quits by force after common.gracefulStopTimeout (1800 s)
        assertThat(Rollout.TERMINATION_GRACE_SECONDS).isGreaterThan(Rollout.MILVUS_GRACEFUL_STOP_SECONDS)
                .isLessThanOrEqualTo(Rollout.MILVUS_GRACEFUL_STOP_SECONDS + 120);
    }

    @Property
    void theGateGrowsWithTheSegmentsAndStaysBounded(@ForAll @LongRange(min = 0, max = 2_000_000) long segmentMiB) {
        int gate = Rollout.queryMinReadySeconds(segmentMiB);
        assertThat(gate).isBetween(Rollout.MIN_READY_SECONDS, Rollout.MILVUS_GRACEFUL_STOP_SECONDS);
        assertThat(Rollout.queryMinReadySeconds(segmentMiB + 100_000)).isGreaterThanOrEqualTo(gate);
        // a roll takes at least the move out, the start and the gate for each pod, and the timeout covers it
        var roll = QueryZoneDeployments.queryPodRoll(segmentMiB);
        assertThat(roll.toSeconds()).isGreaterThanOrEqualTo(gate + segmentMiB / Rollout.LOAD_MIB_PER_SECOND);
    }

    @Test
    void prodsQueryNodeReloadsInAboutFourMinutes() {
        // 70% of a 60,980 MiB query pod at 200 MiB/s, plus a minute of balance cycles
        assertThat(Rollout.queryMinReadySeconds((long) (60_980 * 0.70))).isEqualTo(273);
    }
}
