package io.milvuseks.backup;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.milvuseks.preflight.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRule;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Backups into an S3 Object Lock bucket, against moto (a real S3 API emulator that enforces Object Lock's upload rule:
 * a bucket with a default retention refuses an upload without Content-MD5 or an SDK checksum,
 * MissingUploadObjectWithObjectLockHeaders). milvus-backup's side is played by the objectlock probe, which makes
 * milvus-backup v0.5.16's writes with its client library at its version (minio-go v7.0.97) and its options, through
 * TLS as prod's {@code useSSL: true}; the lock step is the CronJob's own script ({@link BackupLock#lockScript}) run by
 * bash and the AWS CLI v2; the bucket setup and the checks use the AWS SDK for Java.
 */
class BackupObjectLockIT {

    private static URI moto;
    private static S3Client s3;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SOURCE = "milvus-" + RUN;
    /** Milvus' binlogs as milvus-backup finds them: one under the multipart threshold, one over it. */
    private static final Map<String, Integer> BINLOGS = Map.of(
            "milvus/insert_log/451/452/453/100/1", 4096,
            "milvus/insert_log/451/452/453/101/2", 11 << 20);
    private static final int RETENTION_DAYS = 14;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        moto = MotoServer.uri();
        s3 = S3Client.builder().endpointOverride(moto).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .build();
        s3.createBucket(b -> b.bucket(SOURCE));
        var random = new Random(7);
        BINLOGS.forEach((key, size) -> {
            var bytes = new byte[size];
            random.nextBytes(bytes);
            s3.putObject(p -> p.bucket(SOURCE).key(key), RequestBody.fromBytes(bytes));
        });
    }

    /** A versioned bucket with Object Lock on, as BackupStorage creates it; a default retention only if given. */
    private static String lockedBucket(String label, boolean defaultRetention) {
        var bucket = label + "-" + RUN;
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        var config = ObjectLockConfiguration.builder().objectLockEnabled(ObjectLockEnabled.ENABLED);
        if (defaultRetention) {
            config.rule(ObjectLockRule.builder().defaultRetention(DefaultRetention.builder()
                    .mode(ObjectLockRetentionMode.COMPLIANCE).days(RETENTION_DAYS).build()).build());
        }
        s3.putObjectLockConfiguration(p -> p.bucket(bucket).objectLockConfiguration(config.build()));
        return bucket;
    }

    /** milvus-backup's writes of one backup (the probe), threshold 5 MiB so the 11 MiB binlog is copied in parts. */
    private GoProbe.Run backup(String bucket, String name, String... flags) throws Exception {
        var cmd = new ArrayList<>(List.of(GoProbe.program("objectlock").toString(), "-endpoint", moto.toString(),
                "-src-bucket", SOURCE, "-src-prefix", "milvus/", "-dest-bucket", bucket, "-backup-name", name,
                "-multipart-threshold-mib", "5"));
        cmd.addAll(List.of(flags));
        return GoProbe.exec(cmd, dir, Map.of(), 300);
    }

    private static List<JsonObject> calls(GoProbe.Run run) {
        return run.lines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.has("call")).toList();
    }

    /** The CronJob's lock step for backup {@code name}: its script, its environment, the AWS CLI aimed at moto. */
    private GoProbe.Run lock(String bucket, String name) throws Exception {
        var work = Files.createDirectories(dir.resolve("work-" + name));
        Files.writeString(work.resolve("name"), name + "\n");
        var bin = Files.createDirectories(dir.resolve("bin"));
        var aws = bin.resolve("aws");
        Files.writeString(aws, "#!/bin/sh\nexec " + AwsCli.path() + " --endpoint-url " + moto + " \"$@\"\n");
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        var env = new LinkedHashMap<>(BackupLock.env(bucket, RETENTION_DAYS));
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        return GoProbe.exec(List.of("bash", "-ec", BackupLock.lockScript(work.toString())), dir, env, 300);
    }

    private static List<ObjectVersion> versions(String bucket, String prefix) {
        return s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix)).versions().stream().toList();
    }

    @Test
    void aDefaultRetentionRefusesMilvusBackupsUploadsAsInProd() throws Exception {
        var bucket = lockedBucket("default-retention", true);
        // every call, to see which ones the lock refuses
        var all = backup(bucket, "backup_all", "-tls", "-keep-going");
        assertThat(all.exit()).isEqualTo(1);
        var byCall = calls(all);
        var meta = byCall.stream().filter(c -> c.get("call").getAsString().equals("PutObject")).toList();
        assertThat(meta).hasSize(5).allSatisfy(c -> {
            assertThat(c.get("ok").getAsBoolean()).isFalse();
            assertThat(c.get("code").getAsString()).isEqualTo("MissingUploadObjectWithObjectLockHeaders");
        });
        assertThat(versions(bucket, "backup/backup_all/meta/")).isEmpty();
        // milvus-backup stops at its first failed call: over plain HTTP too (streaming-signed), the run fails
        var first = backup(bucket, "backup_first");
        assertThat(first.exit()).isEqualTo(1);
        assertThat(calls(first)).last().satisfies(c -> {
            assertThat(c.get("ok").getAsBoolean()).isFalse();
            assertThat(c.get("code").getAsString()).isEqualTo("MissingUploadObjectWithObjectLockHeaders");
        });
        assertThat(first.lines()).last().asString().contains("\"result\":\"failed\"");
    }

    @Test
    void withoutADefaultRetentionTheBackupIsWrittenThenLockedAndAFailedOneStaysDeletable() throws Exception {
        var bucket = lockedBucket("lock-after", false);

        // a run that dies before its meta: not locked by the lock step, and deletable
        var partial = backup(bucket, "backup_partial", "-tls", "-stop-before-meta");
        assertThat(partial.exit()).isEqualTo(1);
        assertThat(versions(bucket, "backup/backup_partial/")).hasSize(BINLOGS.size());
        var refused = lock(bucket, "backup_partial");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stderr()).contains("lock: backup backup_partial has no meta/full_meta.json: not "
                + "complete, left unlocked");

        // the complete run: every write accepted
        var run = backup(bucket, "backup_ok", "-tls");
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(calls(run)).extracting(c -> c.get("call").getAsString()).contains("CopyObject",
                "NewMultipartUpload", "CopyObjectPart", "CompleteMultipartUpload", "PutObject");
        assertThat(calls(run)).allSatisfy(c -> assertThat(c.get("ok").getAsBoolean()).isTrue());
        var written = versions(bucket, "backup/backup_ok/");
        assertThat(written).hasSize(BINLOGS.size() + 5);
        // unlocked until the lock step: the bucket applies nothing by itself
        assertThat(retention(bucket, written.get(0))).isNull();

        var locked = lock(bucket, "backup_ok");
        assertThat(locked.exit()).as(locked.stderr()).isZero();
        assertThat(locked.stdout()).contains("lock: backup backup_ok: " + written.size()
                + " object versions locked (COMPLIANCE) until ");
        var floor = Instant.now().plus(Duration.ofDays(RETENTION_DAYS)).minus(Duration.ofMinutes(10));
        for (var v : written) {
            var r = retention(bucket, v);
            assertThat(r).as(v.key()).isNotNull();
            assertThat(r.mode()).isEqualTo(ObjectLockMode.COMPLIANCE);
            assertThat(r.until()).isAfter(floor).isBefore(floor.plus(Duration.ofMinutes(20)));
            // a locked version cannot be deleted
            var denied = catchThrowableOfType(() -> s3.deleteObject(d -> d.bucket(bucket).key(v.key())
                    .versionId(v.versionId())), S3Exception.class);
            assertThat(denied).as("delete " + v.key()).isNotNull();
            assertThat(denied.statusCode()).isEqualTo(403);
        }
        // an overwrite and a plain delete only stack a new version / a delete marker on top: the backup stays
        var meta = written.stream().filter(v -> v.key().endsWith(BackupLock.LAST_META)).findFirst().orElseThrow();
        var original = s3.getObjectAsBytes(g -> g.bucket(bucket).key(meta.key()).versionId(meta.versionId()))
                .asUtf8String();
        s3.putObject(p -> p.bucket(bucket).key(meta.key()), RequestBody.fromString("overwritten"));
        s3.deleteObject(d -> d.bucket(bucket).key(meta.key()));
        assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key(meta.key()).versionId(meta.versionId()))
                .asUtf8String()).isEqualTo(original).contains("full_meta.json");

        // the failed run's copies were left out of the lock: they can be deleted for good
        for (var v : versions(bucket, "backup/backup_partial/")) {
            assertThat(retention(bucket, v)).isNull();
            s3.deleteObject(d -> d.bucket(bucket).key(v.key()).versionId(v.versionId()));
        }
        assertThat(versions(bucket, "backup/backup_partial/")).isEmpty();
    }

    @Test
    void aVersionThatCannotBeLockedFailsTheLockStep() throws Exception {
        // a bucket without Object Lock refuses every PutObjectRetention: the workers' failures must reach the exit
        var bucket = "no-lock-" + RUN;
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(v -> v.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
        assertThat(backup(bucket, "backup_unlockable", "-tls").exit()).isZero();
        var run = lock(bucket, "backup_unlockable");
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("lock: backup backup_unlockable: some of its 7 object versions could not "
                + "be locked");
        assertThat(run.stdout()).doesNotContain("locked (COMPLIANCE)");
    }

    record Retention(ObjectLockMode mode, Instant until) {
    }

    /**
     * The version's retention from HeadObject's x-amz-object-lock-* headers, or null without one. (moto 5.2.5 has no
     * GetObjectRetention: it answers with the object; S3 returns the same headers on HeadObject.)
     */
    private static Retention retention(String bucket, ObjectVersion v) {
        var head = s3.headObject(h -> h.bucket(bucket).key(v.key()).versionId(v.versionId()));
        return head.objectLockMode() == null ? null : new Retention(head.objectLockMode(),
                head.objectLockRetainUntilDate());
    }
}
