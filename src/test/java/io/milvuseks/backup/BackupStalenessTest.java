package io.milvuseks.backup;

import io.milvuseks.config.BackupSettings;
import io.milvuseks.config.CronSchedule;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The longest gap between two runs of a schedule, from which the stale-backup alert's limit follows. */
class BackupStalenessTest {

    static long gapHours(String cron) {
        return BackupStaleness.maxGapSeconds(CronSchedule.parse(cron).orElseThrow()) / 3600;
    }

    @Test
    void longestGapsOfKnownSchedules() {
        assertThat(gapHours("0 2 * * *")).isEqualTo(24);
        assertThat(gapHours("@daily")).isEqualTo(24);
        assertThat(gapHours("30 */6 * * *")).isEqualTo(6);
        assertThat(gapHours("0 2,20 * * *")).isEqualTo(18); // 02:00 to 20:00, then 20:00 to 02:00
        assertThat(gapHours("0 2 * * 1-5")).isEqualTo(72); // Friday to Monday
        assertThat(gapHours("0 0 * * 0")).isEqualTo(7 * 24);
        assertThat(gapHours("0 3 1 * *")).isEqualTo(31 * 24); // the longest month
        assertThat(gapHours("0 0 1,15 * 1")).isEqualTo(7 * 24); // day of month OR Monday
        assertThat(gapHours("0 0 29 2 *")).isEqualTo(4 * 365 * 24 + 24); // leap days only
    }

    @Test
    void theLimitAddsTheJobsDeadlineAndAnHour() {
        var daily = BackupStaleness.of(BackupSettings.defaults(io.milvuseks.config.Environment.PROD));
        assertThat(daily.thresholdSeconds()).isEqualTo((24 + 12 + 1) * 3600L);
        assertThat(BackupJob.DEADLINE_SECONDS).isEqualTo(12 * 3600);
    }

    /** A daily schedule at a set of times: the longest gap is at most a day, at least its mean, a day for one time. */
    @Property(tries = 60)
    void dailySchedulesNeverWaitLongerThanADay(@ForAll @Size(min = 1, max = 4) @UniqueElements
                                               List<@IntRange(min = 0, max = 23) Integer> hours,
                                               @ForAll @IntRange(min = 0, max = 59) int minute) {
        var cron = minute + " " + hours.stream().map(String::valueOf).collect(Collectors.joining(",")) + " * * *";
        var schedule = CronSchedule.parse(cron).orElseThrow();
        long gap = BackupStaleness.maxGapSeconds(schedule);
        assertThat(gap).isLessThanOrEqualTo(24 * 3600L).isGreaterThanOrEqualTo(
                (long) (schedule.intervalHours() * 3600));
        if (hours.size() == 1) {
            assertThat(gap).isEqualTo(24 * 3600L);
        }
    }
}
