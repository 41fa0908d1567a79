package io.milvuseks.storage;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketLoggingV2;
import com.pulumi.aws.s3.BucketLoggingV2Args;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.naming.Naming;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where Milvus keeps its data: a versioned, SSE-KMS encrypted, TLS-only, never-public S3 bucket under a customer
 * KMS key, and the IRSA role through which the Milvus service account (and nothing else) reaches it. No access key
 * is created anywhere.
 */
public final class ObjectStorage extends ComponentResource {

    public static final String TYPE = "milvus-eks:storage:ObjectStorage";
    /** KMS waits this long before a scheduled key deletion takes effect (the maximum): time to notice a mistake. */
    public static final int KMS_DELETION_WINDOW_DAYS = 30;
    /** Uploads Milvus abandoned (a crashed data node) stop costing storage after this many days. */
    public static final int ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
    /**
     * Access logs are kept this long, then expire: S3 writes one object per few requests, and Milvus makes millions,
     * so without a rule the log bucket outgrows the data it describes. 90 days, as the VPC flow logs.
     */
    public static final int ACCESS_LOG_RETENTION_DAYS = 90;
    /** Key prefix of the server access logs in the log bucket. */
    public static final String ACCESS_LOG_PREFIX = "s3-access/";
    // S3 bucket_prefix is limited to 37 characters; the provider appends a unique suffix.
    private static final int BUCKET_PREFIX_MAX = 37;

    private final Output<String> bucketName;
    private final Output<String> bucketArn;
    private final Output<String> kmsKeyArn;
    private final Output<String> milvusRoleArn;

    public ObjectStorage(String name, ObjectStorageArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var settings = args.settings();
        var naming = args.naming();
        var prod = settings.prod();

        // Stateful: in prod a `pulumi destroy` or a replacement must be a deliberate, two-step act. Retained like
        // the buckets everywhere: a retained bucket whose key was scheduled for deletion becomes unreadable.
        var key = new Key(naming.name("data-key"), KeyArgs.builder()
                .description("Milvus object storage and message log of " + naming.clusterName())
                .enableKeyRotation(true)
                .deletionWindowInDays(KMS_DELETION_WINDOW_DAYS)
                .tags(naming.tags(naming.name("data-key")))
                .build(), opts(prod, true));
        new Alias(naming.name("data-key-alias"), AliasArgs.builder()
                .name("alias/" + naming.name("data"))
                .targetKeyId(key.arn())
                .build(), child());

        // The data outlives the stack: even outside prod, deleting the stack leaves the bucket behind.
        var bucket = new BucketV2(naming.name("data"), BucketV2Args.builder()
                .bucketPrefix(bucketPrefix(naming.name("data")))
                .forceDestroy(false)
                .tags(naming.tags(naming.name("data")))
                .build(), opts(prod, true));

        kmsEncryption(naming.name("data-sse"), bucket, key, child());
        var versioning = versioning(naming.name("data-versioning"), bucket, child());
        var publicBlock = publicAccessBlock(naming.name("data-public-access"), bucket);
        tlsOnly(naming.name("data-policy"), bucket, childAfter(publicBlock));

        new BucketLifecycleConfigurationV2(naming.name("data-lifecycle"), BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                        .id("expire-noncurrent-versions")
                        .status("Enabled")
                        .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                        // Milvus deletes segments all the time; on a versioned bucket each delete leaves a marker,
                        // and markers without versions only slow every LIST down.
                        .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                .expiredObjectDeleteMarker(true).build())
                        .noncurrentVersionExpiration(
                                BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                                        .noncurrentDays(settings.storage().noncurrentVersionDays()).build())
                        .abortIncompleteMultipartUpload(
                                BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                        .daysAfterInitiation(ABORT_INCOMPLETE_UPLOAD_DAYS).build())
                        .build())
                .build(), childAfter(versioning));

        if (settings.storage().accessLogging()) {
            accessLogs(naming, prod, bucket, key, args.alsoLogged());
        }

        // Auto-named (<logical name>-<random>): a replacement (IAM role name and path force one) creates the new
        // role before deleting the old, which a fixed name would refuse with EntityAlreadyExists.
        var role = new Role(naming.name("milvus-s3"), RoleArgs.builder()
                .description("IRSA role of the Milvus service account: its bucket and key only")
                .assumeRolePolicy(Output.tuple(args.oidcProviderArn(), args.oidcIssuer()).applyValue(t ->
                        IamPolicies.irsaTrustPolicy(t.t1, t.t2, settings.milvus().namespace(),
                                Naming.MILVUS_SERVICE_ACCOUNT)))
                .tags(naming.tags(naming.name("milvus-s3")))
                .build(), child());
        new RolePolicy(naming.name("milvus-s3-access"), RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(bucket.arn(), key.arn()).applyValue(t ->
                        IamPolicies.milvusAccessPolicy(t.t1, t.t2)))
                .build(), child());

        this.bucketName = bucket.bucket();
        this.bucketArn = bucket.arn();
        this.kmsKeyArn = key.arn();
        this.milvusRoleArn = role.arn();
        registerOutputs(Map.of("bucketName", bucketName, "bucketArn", bucketArn, "kmsKeyArn", kmsKeyArn,
                "milvusRoleArn", milvusRoleArn));
    }

    /**
     * A second bucket for S3 server access logs. S3 cannot deliver access logs into an SSE-KMS bucket, so this one
     * uses SSE-S3; log delivery is granted by bucket policy (new buckets have ACLs disabled).
     */
    private void accessLogs(Naming naming, boolean prod, BucketV2 source, Key key, List<BucketV2> alsoLogged) {
        var logs = new BucketV2(naming.name("access-logs"), BucketV2Args.builder()
                .bucketPrefix(bucketPrefix(naming.name("logs")))
                .forceDestroy(false)
                .tags(naming.tags(naming.name("access-logs")))
                .build(), opts(prod, true));
        new BucketServerSideEncryptionConfigurationV2(naming.name("access-logs-sse"),
                BucketServerSideEncryptionConfigurationV2Args.builder()
                        .bucket(logs.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(
                                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs
                                                .builder().sseAlgorithm("AES256").build())
                                .build())
                        .build(), child());
        var block = publicAccessBlock(naming.name("access-logs-public-access"), logs);
        new BucketLifecycleConfigurationV2(naming.name("access-logs-lifecycle"),
                BucketLifecycleConfigurationV2Args.builder()
                        .bucket(logs.id())
                        .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("expire-access-logs")
                                .status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder()
                                        .prefix(ACCESS_LOG_PREFIX).build())
                                .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                        .days(ACCESS_LOG_RETENTION_DAYS).build())
                                .abortIncompleteMultipartUpload(
                                        BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                                .daysAfterInitiation(ABORT_INCOMPLETE_UPLOAD_DAYS).build())
                                .build())
                        .build(), child());
        // The account id comes from the key ARN: no getCallerIdentity invoke needed.
        var policy = new BucketPolicy(naming.name("access-logs-policy"), BucketPolicyArgs.builder()
                .bucket(logs.id())
                .policy(Output.tuple(logs.arn(), Output.all(Stream.concat(Stream.of(source),
                                alsoLogged.stream()).map(BucketV2::arn).toList()), key.arn()).applyValue(t ->
                        IamPolicies.logBucketPolicy(t.t1, t.t2, IamPolicies.accountOf(t.t3), ACCESS_LOG_PREFIX)))
                .build(), childAfter(block));
        new BucketLoggingV2(naming.name("data-logging"), BucketLoggingV2Args.builder()
                .bucket(source.id())
                .targetBucket(logs.id())
                .targetPrefix(ACCESS_LOG_PREFIX)
                .build(), childAfter(policy));
        for (var other : alsoLogged) {
            new BucketLoggingV2(other.pulumiResourceName() + "-logging", BucketLoggingV2Args.builder()
                    .bucket(other.id())
                    .targetBucket(logs.id())
                    .targetPrefix(ACCESS_LOG_PREFIX)
                    .build(), childAfter(policy));
        }
    }

    private BucketPublicAccessBlock publicAccessBlock(String name, BucketV2 bucket) {
        return publicAccessBlock(name, bucket, child());
    }

    /** SSE-KMS with the given customer key; shared with the backup bucket (package backup). */
    public static BucketServerSideEncryptionConfigurationV2 kmsEncryption(String name, BucketV2 bucket, Key key,
                                                                           CustomResourceOptions options) {
        return new BucketServerSideEncryptionConfigurationV2(name,
                BucketServerSideEncryptionConfigurationV2Args.builder()
                        .bucket(bucket.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(
                                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs
                                                .builder().sseAlgorithm("aws:kms").kmsMasterKeyId(key.arn()).build())
                                // Bucket key: one KMS call per bucket-key period instead of per object.
                                .bucketKeyEnabled(true)
                                .build())
                        .build(), options);
    }

    /** Versioning on; shared with the backup bucket. */
    public static BucketVersioningV2 versioning(String name, BucketV2 bucket, CustomResourceOptions options) {
        return new BucketVersioningV2(name, BucketVersioningV2Args.builder()
                .bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder()
                        .status("Enabled").build())
                .build(), options);
    }

    /** A bucket policy denying any request not made over TLS; shared with the backup bucket. */
    public static BucketPolicy tlsOnly(String name, BucketV2 bucket, CustomResourceOptions options) {
        return new BucketPolicy(name, BucketPolicyArgs.builder()
                .bucket(bucket.id())
                .policy(bucket.arn().applyValue(IamPolicies::tlsOnlyBucketPolicy))
                .build(), options);
    }

    /** All four public-access switches on: shared with the backup bucket (package backup). */
    public static BucketPublicAccessBlock publicAccessBlock(String name, BucketV2 bucket,
                                                            CustomResourceOptions options) {
        return new BucketPublicAccessBlock(name, BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build(), options);
    }

    /** A {@code bucketPrefix} within S3's limit, ending in '-': shared with the backup bucket. */
    public static String bucketPrefix(String name) {
        var prefix = name.length() > BUCKET_PREFIX_MAX - 1 ? name.substring(0, BUCKET_PREFIX_MAX - 1) : name;
        return prefix.replaceAll("-+$", "") + "-";
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }

    private CustomResourceOptions childAfter(Resource dependency) {
        return CustomResourceOptions.builder().parent(this).dependsOn(List.of(dependency)).build();
    }

    private CustomResourceOptions opts(boolean protect, boolean retainOnDelete) {
        return CustomResourceOptions.builder().parent(this).protect(protect).retainOnDelete(retainOnDelete).build();
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

    public Output<String> milvusRoleArn() {
        return milvusRoleArn;
    }
}
