package io.milvuseks.restore;

import com.google.gson.Gson;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.milvuseks.StackOutputs;
import io.milvuseks.backup.BackupJob;
import io.milvuseks.milvus.Credentials;
import io.milvuseks.plan.Plan;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The restore Job, cut from the CronJob the real prod program declares on the mock engine (the object the cluster
 * holds after `pulumi up`), as the command would create it.
 */
class RestoreJobTest {

    static final String SENTINEL = "SENTINEL-root-password-never-in-a-manifest";
    static final Plan PLAN = Stacks.plan(Stacks.raw("prod", Map.of("milvusRootPassword", SENTINEL)));
    static final RestoreJob.Request REQUEST = new RestoreJob.Request("backup_2026_12_01_02_00_00_5", "default",
            "documents", "documents_restored", RestoreJob.DEFAULT_DEADLINE, Instant.parse("2026-12-02T10:15:30Z"));

    /** The deployed CronJob as the Kubernetes API would return it. */
    static CronJob deployedCronJob() {
        var cron = PLAN.find("kubernetes:batch/v1:CronJob", "milvus-eks-prod-backup-job").orElseThrow();
        return new KubernetesSerialization().unmarshal(new Gson().toJson(cron.inputs()), CronJob.class);
    }

    @Test
    void theJobRunsTheCronJobsImageAsItsServiceAccountWithRestoreArguments() {
        var cron = deployedCronJob();
        var job = RestoreJob.from(cron, REQUEST);

        assertThat(job.getMetadata().getName()).isEqualTo("milvus-backup-restore-20261202-101530");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("milvus");
        var pod = job.getSpec().getTemplate().getSpec();
        // milvus-backup alone: prod's lock step (the CronJob's main container there) is left out
        assertThat(pod.getInitContainers()).isNullOrEmpty();
        assertThat(pod.getContainers()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("backup"));
        var container = pod.getContainers().get(0);
        // the image through the mirror, exactly the CronJob's (and listed in the stack's image references)
        var cronImage = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getInitContainers().get(0)
                .getImage();
        assertThat(container.getImage()).isEqualTo(cronImage)
                .endsWith("/docker-hub-prod/milvusdb/milvus-backup:v0.5.16").contains(".dkr.ecr.");
        assertThat(list(PLAN.outputs().get(StackOutputs.IMAGE_REFERENCES))).contains(container.getImage());
        assertThat(pod.getServiceAccountName()).isEqualTo(BackupJob.SERVICE_ACCOUNT);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).containsEntry("milvus.io/role", "infra");
        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("config", "work");
        assertThat(pod.getVolumes().get(0).getConfigMap().getName()).isEqualTo("milvus-backup-config");
        assertThat(container.getCommand()).containsExactly(BackupJob.BINARY);
        assertThat(container.getArgs()).containsExactly("restore", "--config", "/etc/milvus-backup/backup.yaml",
                "--name", "backup_2026_12_01_02_00_00_5",
                "--rename", "default.documents:default.documents_restored",
                "--filter", "default.documents_restored", "--rebuild_index");
        assertThat(container.getArgs()).doesNotContain("--drop_exist_collection", "-s", "--suffix");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(Duration.ofHours(72).toSeconds());
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "milvus-backup")
                .containsEntry("app.kubernetes.io/component", "restore");
        // the CronJob object itself is left as read
        var cronPod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(cronPod.getInitContainers().get(0).getCommand()).first().isEqualTo("/bin/sh");
        assertThat(cronPod.getContainers()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("lock"));
    }

    @Test
    void withProxyTlsTheRestoresRestClientTrustsTheStacksCaAsTheBackupsDoes() {
        // the restore's bulk import goes through milvus-backup's REST client, which reads Go's system pool only
        var env = RestoreJob.from(deployedCronJob(), REQUEST).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv();
        assertThat(env).filteredOn(e -> e.getName().equals("SSL_CERT_DIR")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/etc/ssl/certs:/etc/milvus-backup"));
        var mounts = RestoreJob.from(deployedCronJob(), REQUEST).getSpec().getTemplate().getSpec().getContainers()
                .get(0).getVolumeMounts();
        assertThat(mounts).extracting(m -> m.getMountPath()).contains("/etc/milvus-backup");
    }

    @Test
    void aCronJobWithoutLockStepGivesTheSameRestore() {
        // staging's bucket has no Object Lock: milvus-backup is the CronJob's only container
        var staging = Stacks.plan(Stacks.raw("staging", Map.of("backup", "{\"enabled\": true}")));
        var raw = staging.find("kubernetes:batch/v1:CronJob", "milvus-eks-staging-backup-job").orElseThrow();
        var cron = new KubernetesSerialization().unmarshal(new Gson().toJson(raw.inputs()), CronJob.class);
        assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getInitContainers())
                .isNullOrEmpty();
        var pod = RestoreJob.from(cron, REQUEST).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getCommand()).containsExactly(BackupJob.BINARY);
            assertThat(c.getArgs()).startsWith("restore", "--config", "/etc/milvus-backup/backup.yaml");
        });
    }

    @Test
    void thePasswordComesFromTheSecretAndNoSecretIsInTheManifest() {
        var job = RestoreJob.from(deployedCronJob(), REQUEST);
        var env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        var password = env.stream().filter(e -> e.getName().equals(BackupJob.PASSWORD_ENV)).findFirst().orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo(Credentials.SECRET_NAME);
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(Credentials.ROOT_PASSWORD_KEY);
        var yaml = RestoreJob.yaml(job);
        assertThat(yaml).doesNotContain(SENTINEL).doesNotContain("[secret]")
                .contains("kind: \"Job\"").contains("secretKeyRef");
        assertThat(env).allSatisfy(e -> assertThat(e.getValue() == null || !e.getValue().contains(SENTINEL)).isTrue());
    }

    @Test
    void aCronJobThatIsNotTheBackupJobIsRefused() {
        var other = deployedCronJob();
        other.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getInitContainers().get(0)
                .setCommand(java.util.List.of("/bin/sh", "-ec", "echo hello"));
        assertThatThrownBy(() -> RestoreJob.from(other, REQUEST)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no container 'backup' running /app/milvus-backup");
        var renamed = deployedCronJob();
        renamed.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getInitContainers().get(0)
                .setName("something-else");
        assertThatThrownBy(() -> RestoreJob.from(renamed, REQUEST)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no container 'backup'");
    }

    @Test
    void namesOutsideMilvusBackupsRulesAndARestoreOntoTheSourceAreRefused() {
        var now = Instant.now();
        var d = Duration.ofHours(1);
        assertThatThrownBy(() -> new RestoreJob.Request("9backup", "default", "a", "b", d, now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestoreJob.Request("b", "default", "a", "x.y", d, now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestoreJob.Request("b", "default", "a", "a", d, now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RestoreJob.BACKUP_NAME.matcher("backup_2026_12_01_02_00_00_123456789").matches()).isTrue();
        assertThat(RestoreJob.BACKUP_NAME.matcher("_x".repeat(64)).matches()).isTrue();
        assertThat(RestoreJob.BACKUP_NAME.matcher("_x".repeat(64) + "y").matches()).isFalse();
    }
}
