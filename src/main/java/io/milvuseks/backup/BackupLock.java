package io.milvuseks.backup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backup job's two steps when the backup bucket is under S3 Object Lock: {@code milvus-backup create} writes a
 * backup with no lock at all, then the AWS CLI locks every object version of that backup, and of no other, in
 * {@value BackupStorage#LOCK_MODE} mode for {@code backup.retentionDays} (PutObjectRetention). Pure text, run by
 * {@link BackupJob} (init container, then main container of one pod) and by BackupObjectLockIT against moto.
 *
 * <p>Why not a default retention on the bucket: S3 refuses an upload into a bucket with a default retention unless it
 * carries Content-MD5 or an SDK checksum ("Content-MD5 HTTP header is required for Put Object requests with Object
 * Lock parameters": aws/aws-sdk-php#1694, kopia/kopia#711), and milvus-backup v0.5.16 uploads through minio-go
 * v7.0.97 with empty {@code PutObjectOptions} (internal/storage/minio.go UploadObject), which send neither unless the
 * client enables trailing headers (minio-go api-put-object.go PutObject, api-put-object-streaming.go putObjectDo),
 * which it does not. Its metadata is written last (core/backup/task.go writeMeta), so each run copied the whole
 * collection into locked storage and then failed. BackupObjectLockIT reproduces that refusal and proves this path
 * with the same library and calls. Why not replication into a locked bucket: S3 replication is asynchronous, moto does
 * not replicate (so it cannot be proven here), and it doubles the stored bytes.
 *
 * <p>A backup whose {@code create} fails is never locked (the lock step does not run, and it also refuses a backup
 * without its last meta file): it stays deletable and the bucket's lifecycle expires it like any other.
 */
public final class BackupLock {

    /** Shared by the two containers (an emptyDir): the name of the backup this pod makes. */
    public static final String WORK_DIR = "/run/milvus-backup";
    public static final String NAME_FILE = WORK_DIR + "/name";
    /** milvus-backup's last write (core/backup/task.go writeMeta; internal/storage/mpath MetaKey, FullMeta). */
    public static final String LAST_META = "meta/full_meta.json";
    /** Parallel CLI processes: ~0.3 s and ~60 MB each, so a few thousand versions lock in minutes. */
    public static final int WORKERS = 8;

    public static final String ENV_BUCKET = "BACKUP_BUCKET";
    public static final String ENV_ROOT = "BACKUP_ROOT";
    public static final String ENV_DAYS = "RETENTION_DAYS";
    public static final String ENV_MODE = "LOCK_MODE";

    private BackupLock() {
    }

    /**
     * The milvus-backup container's script (its image is alpine with busybox sh): name the backup after the UTC time
     * in milvus-backup's own format (core/backup/func.go DefaultName, without the nanoseconds), so the lock step knows
     * which backup to lock, then exec {@code create} with that name.
     */
    public static String createScript(String binary, String configPath) {
        return "name=\"backup_$(date -u +%Y_%m_%d_%H_%M_%S)\"\n"
                + "echo \"$name\" > " + NAME_FILE + "\n"
                + "exec " + binary + " create --config " + configPath + " --name \"$name\"\n";
    }

    /** The lock container's environment (besides the AWS region and the IRSA variables the webhook adds). */
    public static Map<String, String> env(String bucket, int retentionDays) {
        var env = new LinkedHashMap<String, String>();
        env.put(ENV_BUCKET, bucket);
        env.putAll(fixedEnv(retentionDays));
        return env;
    }

    /** {@link #env} less the bucket, whose name is known only once the bucket exists. */
    public static Map<String, String> fixedEnv(int retentionDays) {
        var env = new LinkedHashMap<String, String>();
        env.put(ENV_ROOT, BackupStorage.ROOT_PATH);
        env.put(ENV_DAYS, String.valueOf(retentionDays));
        env.put(ENV_MODE, BackupStorage.LOCK_MODE);
        return env;
    }

    /**
     * The lock step, for bash 4.2 (amazon/aws-cli is Amazon Linux 2) and the AWS CLI v2: every version under the
     * backup's prefix (this run wrote each key, a retried copy may have written two), each locked with
     * PutObjectRetention (the CLI sends the Content-MD5 or checksum S3 requires there), {@value #WORKERS} at a time.
     * Exit 0 only when every version is locked; the retention runs from now, so a backup is kept
     * {@code retentionDays} after it finished.
     *
     * @param workDir where the backup's name is ({@code name}, written by {@link #createScript}) and the listing goes
     */
    public static String lockScript(String workDir) {
        return String.join("\n",
                "set -euo pipefail",
                "name=\"$(cat " + workDir + "/name)\"",
                "prefix=\"$" + ENV_ROOT + "/$name/\"",
                "if ! aws s3api head-object --bucket \"$" + ENV_BUCKET + "\" --key \"${prefix}" + LAST_META
                        + "\" >/dev/null; then",
                "  echo \"lock: backup $name has no " + LAST_META + ": not complete, left unlocked\" >&2",
                "  exit 1",
                "fi",
                "until=\"$(date -u -d \"+$" + ENV_DAYS + " days\" +%Y-%m-%dT%H:%M:%SZ)\"",
                "list=" + workDir + "/versions",
                "aws s3api list-object-versions --bucket \"$" + ENV_BUCKET + "\" --prefix \"$prefix\" \\",
                "  --query 'Versions[].[Key,VersionId]' --output text > \"$list\"",
                // the CLI prints None for a page without versions
                "versions=()",
                "while IFS= read -r line; do",
                "  if [ -n \"$line\" ] && [ \"$line\" != None ]; then versions+=(\"$line\"); fi",
                "done < \"$list\"",
                "count=${#versions[@]}",
                "if [ \"$count\" -eq 0 ]; then",
                "  echo \"lock: no object versions under $prefix\" >&2",
                "  exit 1",
                "fi",
                "tab=$'\\t'",
                "pids=()",
                "for ((w = 0; w < " + WORKERS + "; w++)); do",
                "  (",
                "    for ((i = w; i < count; i += " + WORKERS + ")); do",
                "      line=\"${versions[i]}\"",
                "      aws s3api put-object-retention --bucket \"$" + ENV_BUCKET + "\" --key \"${line%%\"$tab\"*}\" \\",
                "        --version-id \"${line##*\"$tab\"}\" --retention \"Mode=$" + ENV_MODE
                        + ",RetainUntilDate=$until\" >/dev/null",
                "    done",
                "  ) &",
                "  pids+=(\"$!\")",
                "done",
                "failed=0",
                "for pid in \"${pids[@]}\"; do wait \"$pid\" || failed=1; done",
                "if [ \"$failed\" -ne 0 ]; then",
                "  echo \"lock: backup $name: some of its $count object versions could not be locked\" >&2",
                "  exit 1",
                "fi",
                "echo \"lock: backup $name: $count object versions locked ($" + ENV_MODE + ") until $until\"",
                "");
    }
}
