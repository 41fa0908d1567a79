package io.milvuseks.config;

/**
 * Scheduled milvus-backup runs into the stack's backup bucket (package {@code backup}).
 *
 * @param schedule      a five-field cron expression (or @daily, @hourly, ...), in the cluster's time zone (UTC on EKS)
 * @param retentionDays how long each backup is kept, and in prod locked against deletion and overwrite
 * @param restoreAccess a temporary grant for a restore: the job's role may also write milvus-backup's temporary
 *                      restore files into the Milvus bucket (backup.BackupPolicies#restorePolicy); off by default
 */
public record BackupSettings(boolean enabled, String schedule, int retentionDays, boolean restoreAccess) {

    public BackupSettings(boolean enabled, String schedule, int retentionDays) {
        this(enabled, schedule, retentionDays, false);
    }

    public static final String DEFAULT_SCHEDULE = "0 2 * * *";
    public static final int DEFAULT_RETENTION_DAYS = 14;
    /** Object Lock in COMPLIANCE mode cannot be shortened by anyone: a year bounds what a typo can lock in. */
    public static final int MAX_RETENTION_DAYS = 365;

    /**
     * On by default in prod. Off in staging: its data is disposable and re-loadable, and a backup copy doubles
     * its S3 bill; turn it on there to rehearse a restore.
     */
    public static BackupSettings defaults(Environment env) {
        return new BackupSettings(env.isProd(), DEFAULT_SCHEDULE, DEFAULT_RETENTION_DAYS);
    }
}
