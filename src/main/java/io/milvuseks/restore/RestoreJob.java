package io.milvuseks.restore;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.milvuseks.backup.BackupConfig;
import io.milvuseks.backup.BackupJob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code milvus-backup restore} as a one-off Kubernetes Job, cut from the deployed {@code milvus-backup} CronJob's
 * own job template: the same image (through the mirror), service account (its IRSA role), ConfigMap, environment
 * and secretKeyRef; only its milvus-backup container runs (not the lock step), and only the command, the arguments,
 * the name and the limits differ. Like {@code kubectl create job --from=cronjob/},
 * so the restore cannot drift from what the stack deployed. The manifest holds no secret: the pod reads the root
 * password from the Secret, as the CronJob's does. Pure: no cluster access here ({@link KubernetesRestoreRunner}).
 */
public final class RestoreJob {

    /** milvus-backup's backup names (v0.5.16 core/backup/func.go ValidateName). */
    public static final Pattern BACKUP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Milvus collection and database names; milvus-backup's rename and filter rules also take only \w+. */
    public static final Pattern MILVUS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /**
     * A 1 B restore runs about two days (docs/backups.md, milvus#26914); the CronJob's 12 h fits a backup only.
     */
    public static final Duration DEFAULT_DEADLINE = Duration.ofHours(72);
    public static final String COMPONENT = "restore";

    /**
     * What to restore: backup {@code backupName}'s copy of {@code database.source}, as {@code database.target}.
     *
     * @param startedAt names the Job, so two restores never share one
     */
    public record Request(String backupName, String database, String source, String target, Duration deadline,
                          Instant startedAt) {
        public Request {
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(startedAt, "startedAt");
            if (!BACKUP_NAME.matcher(backupName).matches()) {
                throw new IllegalArgumentException("backup name " + backupName);
            }
            for (var n : List.of(database, source, target)) {
                if (!MILVUS_NAME.matcher(n).matches()) {
                    throw new IllegalArgumentException("Milvus name " + n);
                }
            }
            if (source.equals(target)) {
                throw new IllegalArgumentException("target must differ from the source");
            }
        }

        public String jobName() {
            return BackupJob.NAME + "-restore-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(startedAt);
        }
    }

    private RestoreJob() {
    }

    /**
     * The container's arguments (milvus-backup v0.5.16 cmd/restore/restore.go). {@code --rename} gives the target
     * its exact name ({@code -s} would suffix every collection of the backup). {@code --filter} names the target:
     * it filters "after mapping" (core/restore/task.go Plan.TaskFilter), so only this one collection is restored,
     * and without it every other collection of the backup would be restored under its own, existing, name, which
     * milvus-backup refuses for the whole run. No {@code --drop_exist_collection}: an existing target fails the run
     * (checkCollExist) and nothing is overwritten. {@code --rebuild_index}: build the indexes the backup's meta
     * records (index files are not backed up).
     */
    public static List<String> args(Request r) {
        return List.of("restore", "--config", BackupConfig.MOUNT_DIR + "/" + BackupConfig.FILE,
                "--name", r.backupName(),
                "--rename", r.database() + "." + r.source() + ":" + r.database() + "." + r.target(),
                "--filter", r.database() + "." + r.target(),
                "--rebuild_index");
    }

    /**
     * The Job: the CronJob's pod template with its milvus-backup container alone (the lock step, if any, is left
     * out: a restore writes no backup), that container running {@code restore}, no retry, the restore's own deadline.
     * The container keeps its environment, so with proxyTls its REST client (which the restore's bulk import uses)
     * trusts the stack's CA as the backup's does ({@link BackupJob#sslCertDir}).
     */
    public static Job from(CronJob cron, Request r) {
        var template = cron.getSpec().getJobTemplate().getSpec().getTemplate();
        var serialization = new KubernetesSerialization();
        // deep copy: the CronJob object stays as read
        var pod = serialization.clone(template);
        var all = new java.util.ArrayList<Container>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        all.addAll(pod.getSpec().getContainers());
        var backup = all.stream().filter(c -> BackupJob.CONTAINER.equals(c.getName())).toList();
        if (backup.size() != 1 || !runsMilvusBackup(backup.get(0))) {
            throw new IllegalArgumentException("CronJob " + cron.getMetadata().getName() + " has no container '"
                    + BackupJob.CONTAINER + "' running " + BackupJob.BINARY + "; is it the stack's backup CronJob?");
        }
        var container = backup.get(0);
        container.setCommand(List.of(BackupJob.BINARY));
        container.setArgs(args(r));
        pod.getSpec().setInitContainers(null);
        pod.getSpec().setContainers(List.of(container));
        if (pod.getMetadata() == null) {
            pod.setMetadata(new ObjectMeta());
        }
        var labels = new LinkedHashMap<String, String>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.put("app.kubernetes.io/component", COMPONENT);
        pod.getMetadata().setLabels(labels);
        return new JobBuilder()
                .withNewMetadata()
                    .withName(r.jobName())
                    .withNamespace(cron.getMetadata().getNamespace())
                    .withLabels(labels)
                    .addToAnnotations("milvus-eks/backup", r.backupName())
                    .addToAnnotations("milvus-eks/target", r.database() + "." + r.target())
                .endMetadata()
                .withNewSpec()
                    // A retry would find its own half-restored target and fail on it: one attempt, then a person.
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(r.deadline().toSeconds())
                    .withTemplate(pod)
                .endSpec()
                .build();
    }

    /** Its command is the binary, or the CronJob's script that execs it ({@code BackupLock.createScript}). */
    private static boolean runsMilvusBackup(Container c) {
        var command = c.getCommand() == null ? List.<String>of() : c.getCommand();
        return command.equals(List.of(BackupJob.BINARY))
                || (command.size() == 3 && command.get(0).equals("/bin/sh")
                && command.get(2).contains("exec " + BackupJob.BINARY + " create"));
    }

    public static String yaml(Job job) {
        return new KubernetesSerialization().asYaml(job);
    }
}
