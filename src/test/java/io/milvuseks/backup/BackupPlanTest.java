package io.milvuseks.backup;

import com.google.gson.JsonParser;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.milvus.Credentials;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.registry.ChartImages;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The backup bucket, the job's role and the CronJob, as the real program declares them on the mock engine. */
class BackupPlanTest {

    static final String KEY = "aws:kms/key:Key";
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String VERSIONING = "aws:s3/bucketVersioningV2:BucketVersioningV2";
    static final String SSE = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
    static final String PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    static final String POLICY = "aws:s3/bucketPolicy:BucketPolicy";
    static final String LOCK = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2";
    static final String LIFECYCLE = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String CRONJOB = "kubernetes:batch/v1:CronJob";
    static final String CONFIGMAP = "kubernetes:core/v1:ConfigMap";
    static final String SA = "kubernetes:core/v1:ServiceAccount";

    static final Plan PROD = Stacks.plan("prod");

    static PlannedResource one(Plan plan, String type, String name) {
        return plan.find(type, name).orElseThrow(() -> new AssertionError("no " + type + " " + name));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String dotted) {
        for (var segment : dotted.split("\\.")) {
            node = node instanceof List<?> l ? l.get(Integer.parseInt(segment)) : ((Map<String, Object>) node).get(segment);
        }
        return (T) node;
    }

    @Test
    void prodBackupBucketIsLockedInComplianceModeVersionedEncryptedPrivateAndProtected() {
        var bucket = one(PROD, BUCKET, "milvus-eks-prod-backup");
        assertThat(bucket.inputs()).containsEntry("objectLockEnabled", true).containsEntry("forceDestroy", false);
        assertThat((String) bucket.inputs().get("bucketPrefix")).isEqualTo("milvus-eks-prod-backup-");
        assertThat(bucket.protect()).isTrue();
        assertThat(bucket.retainOnDelete()).isTrue();
        assertThat(bucket.parent()).isEqualTo("milvus-eks-prod-backup");
        var id = "mock-milvus-eks-prod-backup";

        var lock = one(PROD, LOCK, "milvus-eks-prod-backup-object-lock");
        assertThat(lock.inputs()).containsEntry("bucket", id).containsEntry("objectLockEnabled", "Enabled");
        // no default retention: S3 would refuse milvus-backup's uploads (BackupObjectLockIT); the job locks instead
        assertThat(lock.inputs()).doesNotContainKey("rule");

        assertThat(map(at(one(PROD, VERSIONING, "milvus-eks-prod-backup-versioning").inputs(),
                "versioningConfiguration"))).containsEntry("status", "Enabled");

        var key = one(PROD, KEY, "milvus-eks-prod-backup-key");
        assertThat(key.inputs()).containsEntry("enableKeyRotation", true);
        assertThat(key.protect()).isTrue();
        var sse = map(list(one(PROD, SSE, "milvus-eks-prod-backup-sse").inputs().get("rules")).get(0));
        assertThat(sse).containsEntry("bucketKeyEnabled", true);
        assertThat(map(sse.get("applyServerSideEncryptionByDefault"))).containsEntry("sseAlgorithm", "aws:kms")
                .containsEntry("kmsMasterKeyId", backupKeyArn(PROD));
        // its own key, not the data key
        assertThat(backupKeyArn(PROD)).isNotEqualTo(PROD.outputs().get(StackOutputs.KMS_KEY_ARN));

        assertThat(one(PROD, PAB, "milvus-eks-prod-backup-public-access").inputs())
                .containsEntry("blockPublicAcls", true).containsEntry("blockPublicPolicy", true)
                .containsEntry("ignorePublicAcls", true).containsEntry("restrictPublicBuckets", true);
        var tls = JsonParser.parseString((String) one(PROD, POLICY, "milvus-eks-prod-backup-policy").inputs()
                .get("policy")).getAsJsonObject().getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(tls.get("Effect").getAsString()).isEqualTo("Deny");
        assertThat(tls.toString()).contains("aws:SecureTransport");

        var rule = map(list(one(PROD, LIFECYCLE, "milvus-eks-prod-backup-lifecycle").inputs().get("rules")).get(0));
        assertThat(map(rule.get("expiration"))).containsEntry("days", 14L);
        assertThat(map(rule.get("noncurrentVersionExpiration"))).containsEntry("noncurrentDays", 1L);
    }

    @Test
    void inProdItsAccessLogsGoToTheStacksLogBucketWhichAdmitsThem() {
        var logging = one(PROD, "aws:s3/bucketLoggingV2:BucketLoggingV2", "milvus-eks-prod-backup-logging");
        assertThat(logging.inputs()).containsEntry("bucket", "mock-milvus-eks-prod-backup")
                .containsEntry("targetBucket", "mock-milvus-eks-prod-access-logs");
        var policy = JsonParser.parseString((String) one(PROD, POLICY, "milvus-eks-prod-access-logs-policy").inputs()
                .get("policy")).getAsJsonObject().getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(policy.getAsJsonObject("Condition").getAsJsonObject("ArnLike").getAsJsonArray("aws:SourceArn")
                .toString()).contains("arn:aws:s3:::milvus-eks-prod-data-mock", "arn:aws:s3:::milvus-eks-prod-backup-mock");
    }

    @Test
    void objectLockOnlyInProdAndRetentionFromConfig() {
        var staging = Stacks.plan(Stacks.raw("staging", Map.of("backup", "{\"enabled\": true, \"retentionDays\": 3}")));
        var bucket = one(staging, BUCKET, "milvus-eks-staging-backup");
        assertThat(bucket.inputs().get("objectLockEnabled")).isEqualTo(false);
        assertThat(bucket.protect()).isFalse();
        assertThat(bucket.retainOnDelete()).isTrue();
        assertThat(staging.ofType(LOCK)).isEmpty();
        var rule = map(list(one(staging, LIFECYCLE, "milvus-eks-staging-backup-lifecycle").inputs().get("rules"))
                .get(0));
        assertThat(map(rule.get("expiration"))).containsEntry("days", 3L);

        // staging's job writes and never locks: one container, and no retention grant
        var stagingPod = map(at(one(staging, CRONJOB, "milvus-eks-staging-backup-job").inputs(),
                "spec.jobTemplate.spec.template.spec"));
        assertThat(stagingPod).doesNotContainKey("initContainers");
        assertThat(list(stagingPod.get("containers"))).singleElement()
                .satisfies(c -> assertThat(map(c)).containsEntry("name", BackupJob.CONTAINER));
        assertThat((String) one(staging, ROLE_POLICY, "milvus-eks-staging-backup-job-access").inputs().get("policy"))
                .doesNotContain("PutObjectRetention").doesNotContain("ListBucketVersions");

        var prod = Stacks.plan(Stacks.raw("prod", Map.of("backup", "{\"retentionDays\": 30}")));
        assertThat(env(lockContainer(prod))).containsEntry("RETENTION_DAYS", "30");
        assertThat((String) one(prod, ROLE_POLICY, "milvus-eks-prod-backup-job-access").inputs().get("policy"))
                .contains("\"s3:object-lock-remaining-retention-days\":\"31\"");
    }

    @Test
    void stagingHasNoBackupByDefault() {
        var staging = Stacks.plan("staging");
        assertThat(staging.find(BUCKET, "milvus-eks-staging-backup")).isEmpty();
        assertThat(staging.ofType(CRONJOB)).noneMatch(c -> c.name().contains("backup"));
        assertThat(list(staging.outputs().get(StackOutputs.IMAGE_REFERENCES)))
                .noneMatch(r -> String.valueOf(r).contains("milvus-backup"));
        assertThat(map(staging.outputs().get(StackOutputs.BACKUP))).containsEntry("enabled", false)
                .containsEntry("storageUsdPerMonth", 0.0);
    }

    @Test
    void theJobRoleReadsTheMilvusBucketAndWritesTheBackupBucketOnly() {
        var role = one(PROD, ROLE, "milvus-eks-prod-backup-job");
        var trust = JsonParser.parseString((String) role.inputs().get("assumeRolePolicy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(trust.toString()).contains("system:serviceaccount:milvus:milvus-backup")
                .contains("sts:AssumeRoleWithWebIdentity");

        var doc = JsonParser.parseString((String) one(PROD, ROLE_POLICY, "milvus-eks-prod-backup-job-access")
                .inputs().get("policy")).getAsJsonObject();
        var dataKey = (String) PROD.outputs().get(StackOutputs.KMS_KEY_ARN);
        var backupKey = backupKeyArn(PROD);
        var grants = new ArrayList<String>(); // "action on resource", every pair the policy allows
        doc.getAsJsonArray("Statement").forEach(el -> {
            var s = el.getAsJsonObject();
            assertThat(s.get("Effect").getAsString()).isEqualTo("Allow");
            if (s.get("Sid").getAsString().equals("LockBackupObjects")) {
                // only COMPLIANCE, and no longer than the retention (plus the day S3 rounds up to)
                var c = s.getAsJsonObject("Condition");
                assertThat(c.getAsJsonObject("StringEquals").get("s3:object-lock-mode").getAsString())
                        .isEqualTo("COMPLIANCE");
                assertThat(c.getAsJsonObject("NumericLessThanEquals").get("s3:object-lock-remaining-retention-days")
                        .getAsString()).isEqualTo("15");
            } else {
                assertThat(s.has("Condition")).isFalse();
            }
            s.getAsJsonArray("Action").forEach(a -> s.getAsJsonArray("Resource").forEach(r ->
                    grants.add(a.getAsString() + " " + r.getAsString())));
        });
        assertThat(grants).noneMatch(g -> g.contains("*") && !g.endsWith("/*"));
        var data = "arn:aws:s3:::milvus-eks-prod-data-mock";
        var backup = "arn:aws:s3:::milvus-eks-prod-backup-mock";
        assertThat(grants).containsExactlyInAnyOrder(
                "s3:ListBucket " + data, "s3:GetBucketLocation " + data,
                "s3:GetObject " + data + "/*",
                "kms:Decrypt " + dataKey,
                "s3:ListBucket " + backup, "s3:GetBucketLocation " + backup,
                "s3:ListBucketMultipartUploads " + backup,
                "s3:GetObject " + backup + "/*", "s3:PutObject " + backup + "/*", "s3:DeleteObject " + backup + "/*",
                "s3:AbortMultipartUpload " + backup + "/*", "s3:ListMultipartUploadParts " + backup + "/*",
                "kms:Decrypt " + backupKey, "kms:Encrypt " + backupKey, "kms:GenerateDataKey " + backupKey,
                // the lock step: list the backup's versions, lock them (under the backups' prefix only)
                "s3:ListBucketVersions " + backup, "s3:PutObjectRetention " + backup + "/backup/*");
    }

    @Test
    void theCronJobRunsMilvusBackupFromTheMirrorAsItsOwnServiceAccountOnTheSchedule() {
        var raw = Stacks.raw("prod", Map.of("backup", "{\"schedule\": \"30 */6 * * *\"}"));
        var plan = Stacks.plan(raw);
        var cron = one(plan, CRONJOB, "milvus-eks-prod-backup-job");
        assertThat((Object) at(cron.inputs(), "metadata.namespace")).isEqualTo("milvus");
        assertThat((Object) at(cron.inputs(), "spec.schedule")).isEqualTo("30 */6 * * *");
        assertThat((Object) at(cron.inputs(), "spec.concurrencyPolicy")).isEqualTo("Forbid");
        Map<String, Object> pod = at(cron.inputs(), "spec.jobTemplate.spec.template.spec");
        assertThat(pod).containsEntry("serviceAccountName", BackupJob.SERVICE_ACCOUNT);
        assertThat(map(pod.get("nodeSelector"))).containsEntry("milvus.io/role", "infra");
        // prod's bucket is locked: milvus-backup first (init container), the lock step after it succeeded
        var container = map(list(pod.get("initContainers")).get(0));
        assertThat(container).containsEntry("name", BackupJob.CONTAINER);
        var image = (String) container.get("image");
        assertThat(image).endsWith("/docker-hub-prod/milvusdb/milvus-backup:v0.5.16").contains(".dkr.ecr.");
        assertThat(list(plan.outputs().get(StackOutputs.IMAGE_REFERENCES))).contains(image);
        assertThat(list(container.get("command"))).containsExactly("/bin/sh", "-ec",
                BackupLock.createScript(BackupJob.BINARY, "/etc/milvus-backup/backup.yaml"));
        assertThat(BackupLock.createScript(BackupJob.BINARY, "/etc/milvus-backup/backup.yaml"))
                .contains("echo \"$name\" > /run/milvus-backup/name\n")
                .endsWith("exec /app/milvus-backup create --config /etc/milvus-backup/backup.yaml --name \"$name\"\n");
        assertThat(list(container.get("volumeMounts"))).extracting(m -> map(m).get("mountPath"))
                .containsExactly("/etc/milvus-backup", "/run/milvus-backup");

        var lock = lockContainer(plan);
        assertThat(lock).containsEntry("name", BackupJob.LOCK_CONTAINER);
        var cli = (String) lock.get("image");
        assertThat(cli).endsWith("/docker-hub-prod/amazon/aws-cli:2.22.35").contains(".dkr.ecr.");
        assertThat(list(plan.outputs().get(StackOutputs.IMAGE_REFERENCES))).contains(cli);
        assertThat(list(lock.get("command"))).containsExactly("/bin/bash", "-ec",
                BackupLock.lockScript("/run/milvus-backup"));
        assertThat(env(lock)).containsEntry("BACKUP_BUCKET", "milvus-eks-prod-backup-mock")
                .containsEntry("BACKUP_ROOT", "backup").containsEntry("RETENTION_DAYS", "14")
                .containsEntry("LOCK_MODE", "COMPLIANCE").containsEntry("AWS_REGION", "us-east-1");
        assertThat(list(lock.get("volumeMounts"))).extracting(m -> map(m).get("mountPath"))
                .containsExactly("/run/milvus-backup");
        assertThat(list(pod.get("volumes"))).extracting(v -> map(v).get("name")).containsExactly("config", "work");
        assertThat(map(map(list(pod.get("volumes")).get(1)).get("emptyDir"))).isEmpty();
        var env = list(container.get("env"));
        var password = env.stream().map(e -> map(e)).filter(e -> e.get("name").equals("MILVUS_PASSWORD"))
                .findFirst().orElseThrow();
        assertThat(password).doesNotContainKey("value");
        assertThat(map(at(password, "valueFrom.secretKeyRef"))).containsEntry("name", Credentials.SECRET_NAME)
                .containsEntry("key", Credentials.ROOT_PASSWORD_KEY);

        var sa = one(plan, SA, "milvus-eks-prod-backup-job-sa");
        assertThat((Object) at(sa.inputs(), "metadata.name")).isEqualTo(BackupJob.SERVICE_ACCOUNT);
        assertThat(String.valueOf(map(at(sa.inputs(), "metadata.annotations")).get("eks.amazonaws.com/role-arn")))
                .startsWith("arn:aws:iam::").contains("milvus-eks-prod-backup-job");
    }

    @Test
    void theConfigMapNamesBothBucketsUsesIamAndHoldsNoSecret() {
        var sentinel = "SENTINEL-root-password-never-in-a-configmap";
        var plan = Stacks.plan(Stacks.raw("prod", Map.of("milvusRootPassword", sentinel)));
        var cm = one(plan, CONFIGMAP, "milvus-eks-prod-backup-job-config");
        assertThat(String.valueOf(cm.inputs())).doesNotContain(sentinel).doesNotContain("[secret]");
        Map<String, Object> yaml = new Yaml().load((String) map(cm.inputs().get("data")).get("backup.yaml"));
        assertThat(map(yaml.get("milvus"))).containsEntry("address", "milvus.milvus.svc.cluster.local")
                .containsEntry("port", 19530).containsEntry("tlsMode", 1).containsEntry("user", "root").doesNotContainKey("password");
        var s3 = map(yaml.get("minio"));
        assertThat(s3).containsEntry("cloudProvider", "aws").containsEntry("useIAM", true)
                .containsEntry("backupUseIAM", true)
                .containsEntry("bucketName", "milvus-eks-prod-data-mock")
                .containsEntry("backupBucketName", "milvus-eks-prod-backup-mock")
                .doesNotContainKeys("accessKeyID", "secretAccessKey", "backupAccessKeyID", "backupSecretAccessKey");
        // the source path is where the chart tells Milvus to write
        var values = plan.resources().stream().filter(r -> r.type().equals("kubernetes:helm.sh/v3:Release"))
                .filter(r -> r.name().equals("milvus")).findFirst().orElseThrow().inputs();
        assertThat(String.valueOf((Object) at(values, "values.externalS3.rootPath"))).isEqualTo(s3.get("rootPath"));
    }

    @Test
    void withProxyTlsTheJobVerifiesTheProxyAgainstTheStacksCa() {
        var plan = PROD; // prod's stack file turns proxyTls on
        var data = map(one(plan, CONFIGMAP, "milvus-eks-prod-backup-job-config").inputs().get("data"));
        Map<String, Object> yaml = new Yaml().load((String) data.get("backup.yaml"));
        assertThat(map(yaml.get("milvus"))).containsEntry("tlsMode", 1)
                .containsEntry("caCertPath", "/etc/milvus-backup/ca.pem")
                .containsEntry("serverName", plan.outputs().get(StackOutputs.MILVUS_TLS_SERVER_NAME));
        assertThat((String) data.get("ca.pem")).isEqualTo(plan.outputs().get(StackOutputs.MILVUS_CA_PEM));
        // the REST client has no CA option: Go's pool reads the CA's directory besides the system one
        assertThat(env(backupContainer(plan))).containsEntry("SSL_CERT_DIR", "/etc/ssl/certs:/etc/milvus-backup")
                .doesNotContainKey("SSL_CERT_FILE");
        // without TLS: plain gRPC, no CA
        var plain = map(one(Stacks.plan(Stacks.raw("prod", Map.of("proxyTls", "false"))), CONFIGMAP,
                "milvus-eks-prod-backup-job-config").inputs().get("data"));
        assertThat(plain).containsOnlyKeys("backup.yaml");
        assertThat(env(backupContainer(Stacks.plan(Stacks.raw("prod", Map.of("proxyTls", "false"))))))
                .doesNotContainKey("SSL_CERT_DIR");
        assertThat(map(((Map<String, Object>) new Yaml().load((String) plain.get("backup.yaml"))).get("milvus")))
                .containsEntry("tlsMode", 0).doesNotContainKey("caCertPath");
    }

    @Test
    void theBackupOutputCarriesTheBucketRecoveryPointAndStorageEstimate() {
        var out = map(PROD.outputs().get(StackOutputs.BACKUP));
        assertThat(out).containsEntry("enabled", true).containsEntry("schedule", "0 2 * * *")
                .containsEntry("retentionDays", 14).containsEntry("recoveryPointHours", 24.0)
                .containsEntry("backupsRetained", 15).containsEntry("objectLock", "COMPLIANCE")
                .containsEntry("bucketName", "milvus-eks-prod-backup-mock");
        assertThat((Double) out.get("storageUsdPerMonth")).isPositive();
        assertThat((String) out.get("assumption")).contains("S3 Standard");
    }

    @Test
    void badBackupSettingsAreOneLineEach() {
        var ex = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("backup",
                "{\"schedule\": \"every night\", \"retentionDays\": 400, \"copies\": 2}")),
                InvalidConfigException.class);
        assertThat(ex.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "config error: milvus-eks:backup.copies: unknown key; accepted keys: enabled, restoreAccess, retentionDays, "
                        + "schedule",
                "config error: milvus-eks:backup.schedule: 'every night' is not a schedule Kubernetes runs; accepted: "
                        + io.milvuseks.config.CronSchedule.ACCEPTED,
                "config error: milvus-eks:backup.retentionDays: 400 is out of range; accepted: 1..365");
        var notMap = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("backup", "[1]")),
                InvalidConfigException.class);
        assertThat(notMap.problems()).extracting(Object::toString).containsExactly(
                "config error: milvus-eks:backup: must be a map; accepted: a map of enabled, restoreAccess, retentionDays, "
                        + "schedule");
        var badMinute = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("backup",
                "{\"schedule\": \"61 2 * * *\", \"enabled\": \"yes\"}")), InvalidConfigException.class);
        assertThat(badMinute.problems()).hasSize(2).extracting(Object::toString)
                .anyMatch(p -> p.startsWith("config error: milvus-eks:backup.schedule: '61 2 * * *'"))
                .anyMatch(p -> p.startsWith("config error: milvus-eks:backup.enabled:"));
    }

    static Map<String, Object> podSpec(Plan plan) {
        return at(one(plan, CRONJOB, "milvus-eks-prod-backup-job").inputs(), "spec.jobTemplate.spec.template.spec");
    }

    static Map<String, Object> backupContainer(Plan plan) {
        return map(list(podSpec(plan).get("initContainers")).get(0));
    }

    static Map<String, Object> lockContainer(Plan plan) {
        return map(list(podSpec(plan).get("containers")).get(0));
    }

    /** A container's plain env values by name (secretKeyRef entries have none). */
    static Map<String, Object> env(Map<String, Object> container) {
        var out = new java.util.LinkedHashMap<String, Object>();
        list(container.get("env")).forEach(e -> out.put((String) map(e).get("name"), map(e).get("value")));
        return out;
    }

    static String backupKeyArn(Plan plan) {
        var sse = map(list(one(plan, SSE, "milvus-eks-prod-backup-sse").inputs().get("rules")).get(0));
        return (String) map(sse.get("applyServerSideEncryptionByDefault")).get("kmsMasterKeyId");
    }
}
