package io.milvuseks.backup;

import io.milvuseks.render.Canonical;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM policy of the backup job's IRSA role: read the Milvus bucket and its key, write the backup bucket and its
 * key, nothing else. Pure JSON, known at plan time.
 *
 * <p>No {@code s3:DeleteObject} on the Milvus bucket and no write there at all: a compromised or buggy backup job
 * cannot damage the data it protects. On the backup bucket, deletes without a version id only add a delete marker;
 * no {@code s3:DeleteObjectVersion}, no {@code s3:BypassGovernanceRetention}: the role cannot undo a backup. Under
 * Object Lock it may lock ({@link BackupLock}): {@code s3:PutObjectRetention} under the backups' prefix, only in
 * COMPLIANCE mode and for at most the retention plus a day ({@code s3:object-lock-mode},
 * {@code s3:object-lock-remaining-retention-days}: S3 user guide, object-lock-managing "retention limits"; minio-go
 * pkg/policy/condition keys: "specific for s3:PutObjectRetention"), so a stolen role can neither lock in GOVERNANCE
 * nor pin backups for years; a COMPLIANCE retention cannot be shortened by anyone, so it cannot unlock either.
 */
public final class BackupPolicies {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** The MinIO client milvus-backup uses asks for the bucket region before its first request. */
    static final List<String> BUCKET_READ = List.of("s3:ListBucket", "s3:GetBucketLocation");

    private BackupPolicies() {
    }

    /**
     * @param lockDays with Object Lock (prod): the retention the lock step sets ({@code backup.retentionDays});
     *                 empty without it, and then no retention grant at all
     */
    public static String backupJobPolicy(String milvusBucketArn, String milvusKeyArn, String backupBucketArn,
                                         String backupKeyArn, java.util.OptionalInt lockDays) {
        var statements = new java.util.ArrayList<Object>(List.of(
                statement("ReadMilvusBucket", BUCKET_READ, List.of(milvusBucketArn)),
                statement("ReadMilvusObjects", List.of("s3:GetObject"), List.of(milvusBucketArn + "/*")),
                statement("DecryptMilvusObjects", List.of("kms:Decrypt"), List.of(milvusKeyArn)),
                statement("ListBackupBucket", List.of("s3:ListBucket", "s3:GetBucketLocation",
                        "s3:ListBucketMultipartUploads"), List.of(backupBucketArn)),
                statement("WriteBackupObjects", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"), List.of(backupBucketArn + "/*")),
                // Encrypt/GenerateDataKey to write under SSE-KMS, Decrypt to read back (multipart upload, list).
                statement("BackupKey", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"),
                        List.of(backupKeyArn))));
        lockDays.ifPresent(days -> {
            // list-object-versions of the backup's prefix, then PutObjectRetention per version (BackupLock)
            statements.add(statement("ListBackupVersions", List.of("s3:ListBucketVersions"),
                    List.of(backupBucketArn)));
            var lock = statement("LockBackupObjects", List.of("s3:PutObjectRetention"),
                    List.of(backupBucketArn + "/" + BackupStorage.ROOT_PATH + "/*"));
            var condition = new LinkedHashMap<String, Object>();
            condition.put("StringEquals", Map.of("s3:object-lock-mode", BackupStorage.LOCK_MODE));
            condition.put("NumericLessThanEquals", Map.of("s3:object-lock-remaining-retention-days",
                    String.valueOf(days + 1)));
            lock.put("Condition", condition);
            statements.add(lock);
        });
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return GSON.toJson(Canonical.stable(doc));
    }

    /**
     * Where milvus-backup v0.5.16 puts a restore's copies in the Milvus bucket: it copies the backup's binlogs
     * server-side to {@code restore-temp-<task>-<db>-<collection>/} at the bucket's root (no rootPath), bulk-imports
     * them, and deletes them (core/restore/coll_task.go copyAndRewriteDir, cleanTempFiles).
     */
    public static final String RESTORE_TEMP_PREFIX = "restore-temp-";

    /**
     * The temporary grant of {@code backup.restoreAccess}: write and delete under {@link #RESTORE_TEMP_PREFIX} in
     * the Milvus bucket, nowhere else in it, and encrypt there with its key. Actions from milvus-backup's MinIO
     * client (internal/storage/minio.go): CopyObject, or for objects over 500 MiB NewMultipartUpload +
     * CopyObjectPart + CompleteMultipartUpload (s3:PutObject) and AbortMultipartUpload on failure; RemoveObject for
     * the cleanup (s3:DeleteObject; the bucket is versioned, so this only adds a delete marker). SSE-KMS on the
     * destination needs kms:GenerateDataKey (S3 user guide, UsingKMSEncryption: CopyObject and multipart upload);
     * the kms:Decrypt multipart also needs is in the job policy already. Milvus' own data under its rootPath stays
     * read-only to the job.
     */
    public static String restorePolicy(String milvusBucketArn, String milvusKeyArn) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(
                statement("WriteRestoreTempObjects", List.of("s3:PutObject", "s3:AbortMultipartUpload",
                        "s3:DeleteObject"), List.of(milvusBucketArn + "/" + RESTORE_TEMP_PREFIX + "*")),
                statement("EncryptRestoreTempObjects", List.of("kms:GenerateDataKey"), List.of(milvusKeyArn))));
        return GSON.toJson(Canonical.stable(doc));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources) {
        var s = new LinkedHashMap<String, Object>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions);
        s.put("Resource", resources);
        return s;
    }
}
