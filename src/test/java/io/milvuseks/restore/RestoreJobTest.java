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
        var container = pod.getContainers().get(0);
        // the image through the mirror, exactly the CronJob's (and listed in the stack's image references)
        var cronImage = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage();
        assertThat(container.getImage()).isEqualTo(cronImage)
                .endsWith("/docker-hub-prod/milvusdb/milvus-backup:v0.5.16").contains(".dkr.ecr.");
        assertThat(list(PLAN.outputs().get(StackOutputs.IMAGE_REFERENCES))).contains(container.getImage());
        assertThat(pod.getServiceAccountName()).isEqualTo(BackupJob.SERVICE_ACCOUNT);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).containsEntry("milvus.io/role", "infra");
        assertThat(pod.getVolumes()).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("milvus-backup-config"));
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
        assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getArgs()).containsExactly("create", "--config", "/etc/milvus-backup/backup.yaml");
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
        other.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .setCommand(java.util.List.of("/bin/sh"));
        assertThatThrownBy(() -> RestoreJob.from(other, REQUEST)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not run /app/milvus-backup");
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
