package io.milvuseks.backup;

import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketObjectLockConfigurationV2;
import com.pulumi.aws.s3.BucketObjectLockConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.storage.ObjectStorage;

import java.util.List;
import java.util.Map;

/**
 * Where backups go: a bucket apart from Milvus' own, under its own KMS key, versioned, never public, TLS only, and
 * in prod under S3 Object Lock so no one can delete or overwrite a backup for its retention. Declared before
 * storage.ObjectStorage, whose log bucket receives this bucket's access logs; the job's role is {@link BackupAccess}.
 *
 * <p>Object Lock mode: COMPLIANCE. GOVERNANCE lets any principal with {@code s3:BypassGovernanceRetention} delete
 * a locked version, so an admin credential that leaks (the case backups exist for) could erase them; in COMPLIANCE
 * not even the root user can, until the retention ends (S3 user guide, object-lock "Retention modes"). The price:
 * a retention cannot be shortened for objects already written, so {@code backup.retentionDays} is capped at
 * {@value io.milvuseks.config.BackupSettings#MAX_RETENTION_DAYS}. Object Lock can only be enabled when the bucket is
 * created (the provider replaces the bucket otherwise), so it is decided by the environment, not a switch.
 *
 * <p>No default retention: with one, S3 refuses milvus-backup's uploads (they carry no Content-MD5 or checksum), so
 * every backup failed after copying the collection into locked storage. The job locks each complete backup itself,
 * once it is written ({@link BackupLock}). The configuration resource stays, without a rule: on a bucket created
 * with the old default it is an in-place update (PutObjectLockConfiguration without a rule removes the default;
 * terraform-provider-aws bucket_object_lock_configuration: {@code rule} is not ForceNew), and versions locked by it
 * stay locked until their own date.
 */
public final class BackupStorage extends ComponentResource {

    public static final String TYPE = "milvus-eks:backup:BackupStorage";
    public static final String LOCK_MODE = "COMPLIANCE";
    /** Prefix milvus-backup writes under ({@code minio.backupRootPath}). */
    public static final String ROOT_PATH = "backup";
    /**
     * A version made noncurrent (lifecycle expiry of an old backup) goes one day later: its lock, counted from the end
     * of its backup (at most the job's 12 h deadline after its creation), has ended by then.
     */
    public static final int NONCURRENT_GRACE_DAYS = 1;

    private final Output<String> bucketName;
    private final Output<String> bucketArn;
    private final Output<String> kmsKeyArn;
    private final BucketV2 bucket;

    public BackupStorage(String name, BackupStorageArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var naming = args.naming();
        boolean prod = s.prod();
        boolean locked = objectLock(s);
        int retention = s.backup().retentionDays();

        var key = new Key(naming.name("backup-key"), KeyArgs.builder()
                .description("Milvus backups of " + naming.clusterName())
                .enableKeyRotation(true)
                .deletionWindowInDays(ObjectStorage.KMS_DELETION_WINDOW_DAYS)
                .tags(naming.tags(naming.name("backup-key")))
                .build(), opts(prod));
        new Alias(naming.name("backup-key-alias"), AliasArgs.builder()
                .name("alias/" + naming.name("backup"))
                .targetKeyId(key.arn())
                .build(), child());

        var bucket = new BucketV2(naming.name("backup"), BucketV2Args.builder()
                .bucketPrefix(ObjectStorage.bucketPrefix(naming.name("backup")))
                .forceDestroy(false)
                .objectLockEnabled(locked)
                .tags(naming.tags(naming.name("backup")))
                .build(), opts(prod));
        ObjectStorage.kmsEncryption(naming.name("backup-sse"), bucket, key, child());
        var versioning = ObjectStorage.versioning(naming.name("backup-versioning"), bucket, child());
        var block = ObjectStorage.publicAccessBlock(naming.name("backup-public-access"), bucket, child());
        ObjectStorage.tlsOnly(naming.name("backup-policy"), bucket, childAfter(block));
        if (locked) {
            new BucketObjectLockConfigurationV2(naming.name("backup-object-lock"),
                    BucketObjectLockConfigurationV2Args.builder()
                            .bucket(bucket.id())
                            .objectLockEnabled("Enabled")
                            .build(), childAfter(versioning));
        }
        new BucketLifecycleConfigurationV2(naming.name("backup-lifecycle"), BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                        .id("expire-backups-after-retention")
                        .status("Enabled")
                        .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                        // milvus-backup keeps every backup it makes; retention is this rule's job.
                        .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                .days(retention).build())
                        .noncurrentVersionExpiration(
                                BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                                        .noncurrentDays(NONCURRENT_GRACE_DAYS).build())
                        .abortIncompleteMultipartUpload(
                                BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                        .daysAfterInitiation(ObjectStorage.ABORT_INCOMPLETE_UPLOAD_DAYS).build())
                        .build())
                .build(), childAfter(versioning));

        this.bucket = bucket;
        this.bucketName = bucket.bucket();
        this.bucketArn = bucket.arn();
        this.kmsKeyArn = key.arn();
        registerOutputs(Map.of("bucketName", bucketName, "bucketArn", bucketArn, "kmsKeyArn", kmsKeyArn));
    }

    /** Whether the backup bucket is under Object Lock (prod's), and the job locks each backup. */
    public static boolean objectLock(io.milvuseks.config.StackSettings s) {
        return s.prod();
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }

    private CustomResourceOptions childAfter(Resource dependency) {
        return CustomResourceOptions.builder().parent(this).dependsOn(List.of(dependency)).build();
    }

    /** Stateful: protected in prod, and retained everywhere (a destroyed stack leaves its backups). */
    private CustomResourceOptions opts(boolean prod) {
        return CustomResourceOptions.builder().parent(this).protect(prod).retainOnDelete(true).build();
    }

    public Output<String> bucketName() {
        return bucketName;
    }

    public Output<String> bucketArn() {
        return bucketArn;
    }

    public Output<String> kmsKeyArn() {
        return kmsKeyArn;
    }

    /** The bucket itself: storage.ObjectStorage sends its access logs to the stack's log bucket. */
    public BucketV2 bucket() {
        return bucket;
    }
}
