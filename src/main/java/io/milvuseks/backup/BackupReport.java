package io.milvuseks.backup;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.capacity.CapacityPlan;
import io.milvuseks.config.BackupSettings;
import io.milvuseks.config.CronSchedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the backups keep and cost, for the {@code backup} stack output (the capacity report is another package's).
 *
 * <p>Assumption (labelled in the output): a backup copies the collection's binlogs, one entity's stored bytes per
 * vector, and no index files, which a restore rebuilds (milvus-backup restores through bulk import;
 * {@code restore --rebuild_index}). Every run is a full copy: S3 server-side copies share nothing.
 *
 * @param copyBytes     bytes one backup holds
 * @param copies        backups held at once: every run inside the retention, plus the grace day of noncurrent versions
 * @param intervalHours mean hours between runs: the recovery point objective
 */
public record BackupReport(boolean enabled, String schedule, int retentionDays, long copyBytes, long copies,
                           double intervalHours, double usdPerMonth) {

    public static final String ASSUMPTION = "one backup = the binlogs (entity bytes x vectors), no index files (a "
            + "restore rebuilds them); each run is a full copy; S3 Standard at $" + Assumptions.S3_USD_PER_GB_MONTH
            + "/GB-month (us-east-1, first 50 TB)";

    public static BackupReport of(BackupSettings b, CapacityPlan plan) {
        var schedule = CronSchedule.parse(b.schedule()).orElseThrow(() ->
                new IllegalArgumentException("not validated: " + b.schedule()));
        long copyBytes = plan.entityBytes() * plan.input().vectors();
        long copies = (long) Math.ceil((b.retentionDays() + BackupStorage.NONCURRENT_GRACE_DAYS)
                * schedule.runsPerDay());
        double usd = b.enabled() ? copyBytes * (double) copies / 1e9 * Assumptions.S3_USD_PER_GB_MONTH : 0;
        return new BackupReport(b.enabled(), b.schedule(), b.retentionDays(), copyBytes, copies,
                schedule.intervalHours(), usd);
    }

    public Map<String, Object> output() {
        var m = new LinkedHashMap<String, Object>();
        m.put("enabled", enabled);
        m.put("schedule", schedule);
        m.put("retentionDays", retentionDays);
        m.put("recoveryPointHours", Math.round(intervalHours * 10) / 10.0);
        m.put("bytesPerBackup", (double) copyBytes); // the engine serialises no Long
        m.put("backupsRetained", (int) copies);
        m.put("storageUsdPerMonth", Math.round(usdPerMonth * 100) / 100.0);
        m.put("assumption", ASSUMPTION);
        return m;
    }
}
