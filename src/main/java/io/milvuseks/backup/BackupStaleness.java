package io.milvuseks.backup;

import io.milvuseks.config.BackupSettings;
import io.milvuseks.config.CronSchedule;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How old the last successful backup may get before the stack alerts (monitoring.AlertRules MilvusBackupStale): the
 * schedule's longest gap between two runs, plus the job's deadline (a run may succeed up to
 * {@link BackupJob#DEADLINE_SECONDS} after it started), plus an hour for the CronJob controller and the scrape.
 * The longest gap, not the mean: a weekday schedule leaves a weekend that must not alert.
 *
 * @param maxGapSeconds the longest time between two consecutive runs of the schedule (UTC, as EKS runs CronJobs)
 */
public record BackupStaleness(long maxGapSeconds) {

    public static final long SLACK_SECONDS = 3600;
    /** Long enough for a schedule on 29 February to fire twice (2024 and 2028). */
    static final int WINDOW_YEARS = 8;
    static final LocalDate WINDOW_START = LocalDate.of(2024, 1, 1);

    public static BackupStaleness of(BackupSettings b) {
        var schedule = CronSchedule.parse(b.schedule()).orElseThrow(() ->
                new IllegalArgumentException("not validated: " + b.schedule()));
        return new BackupStaleness(maxGapSeconds(schedule));
    }

    /** The age of the last success past which the alert fires. */
    public long thresholdSeconds() {
        return maxGapSeconds + BackupJob.DEADLINE_SECONDS + SLACK_SECONDS;
    }

    /**
     * Every run in {@value #WINDOW_YEARS} years from 2024-01-01, minute by minute as cron fires them: a day matches its
     * month and, as in cron (and robfig/cron, which Kubernetes uses), its day of month AND day of week when one of the
     * two is '*', either of them when both are restricted. A schedule that fires less than twice in the window counts
     * the whole window.
     */
    static long maxGapSeconds(CronSchedule c) {
        long previous = -1;
        long max = 0;
        var end = WINDOW_START.plusYears(WINDOW_YEARS);
        for (var day = WINDOW_START; day.isBefore(end); day = day.plusDays(1)) {
            if (!runsOn(c, day)) {
                continue;
            }
            long midnight = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            for (int h = c.hours().nextSetBit(0); h >= 0; h = c.hours().nextSetBit(h + 1)) {
                for (int m = c.minutes().nextSetBit(0); m >= 0; m = c.minutes().nextSetBit(m + 1)) {
                    long t = midnight + h * 3600L + m * 60L;
                    if (previous >= 0) {
                        max = Math.max(max, t - previous);
                    }
                    previous = t;
                }
            }
        }
        return max > 0 ? max : end.atStartOfDay().toEpochSecond(ZoneOffset.UTC)
                - WINDOW_START.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    static boolean runsOn(CronSchedule c, LocalDate day) {
        if (!c.months().get(day.getMonthValue())) {
            return false;
        }
        boolean dom = c.daysOfMonth().get(day.getDayOfMonth());
        boolean dow = c.daysOfWeek().get(day.getDayOfWeek().getValue() % 7); // cron: 0 is Sunday
        if (c.domStar() && c.dowStar()) {
            return true;
        }
        if (c.domStar()) {
            return dow;
        }
        if (c.dowStar()) {
            return dom;
        }
        return dom || dow;
    }
}
