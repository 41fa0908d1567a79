package io.milvuseks.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CronScheduleTest {

    static double runsPerDay(String cron) {
        return CronSchedule.parse(cron).orElseThrow().runsPerDay();
    }

    @Test
    void averageRunsPerDayOfCommonSchedules() {
        assertThat(runsPerDay("0 2 * * *")).isEqualTo(1);
        assertThat(runsPerDay("@daily")).isEqualTo(1);
        assertThat(runsPerDay("@hourly")).isEqualTo(24);
        assertThat(runsPerDay("30 */6 * * *")).isEqualTo(4);
        assertThat(runsPerDay("0 1,13 * * 1-5")).isCloseTo(2 * 5 / 7.0, within(1e-9));
        assertThat(runsPerDay("0 3 * * 0")).isCloseTo(1 / 7.0, within(1e-9));
        assertThat(runsPerDay("0 3 * * 7")).isCloseTo(1 / 7.0, within(1e-9)); // 7 is Sunday too
        assertThat(runsPerDay("*/15 * * * *")).isEqualTo(96);
        assertThat(CronSchedule.parse("0 2 * * *").orElseThrow().intervalHours()).isEqualTo(24);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "every night", "0 2 * *", "0 2 * * * *", "60 2 * * *", "0 24 * * *", "0 2 0 * *",
            "0 2 * 13 *", "0 2 * * 8", "5-1 * * * *", "*/0 * * * *", "0 2 * JAN *", "0 2 * * MON", "@reboot",
            "1,,2 * * * *", "-1 * * * *"})
    void refusesWhatKubernetesWouldNotRunOrNamesItDoesNotTake(String cron) {
        assertThat(CronSchedule.parse(cron)).as(cron).isEmpty();
    }

    /** Any minute/hour pair is one run a day; n hours spaced evenly give n runs and 24/n hours between them. */
    @Property
    void dailyAndStepSchedules(@ForAll @IntRange(min = 0, max = 59) int minute,
                               @ForAll @IntRange(min = 0, max = 23) int hour,
                               @ForAll @IntRange(min = 1, max = 24) int step) {
        assertThat(runsPerDay(minute + " " + hour + " * * *")).isEqualTo(1);
        int runs = (23 / step) + 1;
        assertThat(runsPerDay(minute + " */" + step + " * * *")).isEqualTo(runs);
        assertThat(CronSchedule.parse(minute + " */" + step + " * * *").orElseThrow().intervalHours())
                .isCloseTo(24.0 / runs, within(1e-9));
    }
}
