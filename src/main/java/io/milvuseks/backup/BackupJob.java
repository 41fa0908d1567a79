package io.milvuseks.backup;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.batch.v1.CronJob;
import com.pulumi.kubernetes.batch.v1.CronJobArgs;
import com.pulumi.kubernetes.batch.v1.inputs.CronJobSpecArgs;
import com.pulumi.kubernetes.batch.v1.inputs.JobSpecArgs;
import com.pulumi.kubernetes.batch.v1.inputs.JobTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.ServiceAccount;
import com.pulumi.kubernetes.core.v1.ServiceAccountArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretKeySelectorArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.config.NodeRole;
import io.milvuseks.milvus.Credentials;
import io.milvuseks.milvus.MilvusValuesFactory;
import io.milvuseks.milvus.NetworkRules;
import io.milvuseks.milvus.Scheduling;
import io.milvuseks.registry.ChartImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * milvus-backup on a schedule: a CronJob in the Milvus namespace that runs {@code milvus-backup create} as its own
 * service account (IRSA role of {@link BackupAccess}), with its configuration in a ConfigMap that holds no secret
 * and the Milvus root password from Secret {@value Credentials#SECRET_NAME} through a secretKeyRef. Where the backup
 * bucket is under Object Lock, {@code create} is the pod's init container and the AWS CLI then locks that backup
 * ({@link BackupLock}) as its main container: the Job completes only when the backup is written and locked.
 */
public final class BackupJob extends ComponentResource {

    public static final String TYPE = "milvus-eks:backup:BackupJob";
    public static final String NAME = "milvus-backup";
    public static final String SERVICE_ACCOUNT = "milvus-backup";
    /** The container running milvus-backup (RestoreJob finds it by this name), and the lock step's. */
    public static final String CONTAINER = "backup";
    public static final String LOCK_CONTAINER = "lock";
    /** The binary in the image (its Dockerfile: ENTRYPOINT ["/app/milvus-backup", "server"]). */
    public static final String BINARY = "/app/milvus-backup";
    /** milvus-backup's environment key for milvus.password (internal/cfg/cfg.go). */
    public static final String PASSWORD_ENV = "MILVUS_PASSWORD";
    /**
     * A run that has not finished in this time is stopped (and reported as failed): at 1 B vectors a backup copies a
     * few TB server-side; twelve hours, lock step included, leaves a wide margin and still ends before the next daily
     * run.
     */
    public static final int DEADLINE_SECONDS = 12 * 3600;

    public BackupJob(String name, BackupJobArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var opts = CustomResourceOptions.builder().parent(this).provider(args.provider())
                .dependsOn(args.dependsOn()).build();
        var labels = Map.of("app.kubernetes.io/name", NAME, "app.kubernetes.io/part-of", "milvus-eks");

        new ServiceAccount(name + "-sa", ServiceAccountArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(SERVICE_ACCOUNT).namespace(args.namespace()).labels(labels)
                        .annotations(args.jobRoleArn().applyValue(arn ->
                                Map.of(MilvusValuesFactory.IRSA_ANNOTATION, arn)))
                        .build())
                .build(), opts);

        var host = Output.tuple(args.proxyService(), args.namespace())
                .applyValue(t -> t.t1 + "." + t.t2 + ".svc.cluster.local");
        var yaml = Output.tuple(host, args.milvusBucket(), args.storage().bucketName()).applyValue(t ->
                new BackupConfig(t.t1, MilvusValuesFactory.PROXY_PORT, NetworkRules.METRICS_PORT, s.region(), t.t2,
                        MILVUS_ROOT_PATH, t.t3, args.tlsServerName()).yaml());
        var data = args.caPem()
                .map(ca -> Output.tuple(yaml, ca).applyValue(t -> Map.of(BackupConfig.FILE, t.t1,
                        BackupConfig.CA_FILE, t.t2)))
                .orElseGet(() -> yaml.applyValue(y -> Map.of(BackupConfig.FILE, y)));
        var config = new ConfigMap(name + "-config", ConfigMapArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(NAME + "-config").namespace(args.namespace())
                        .labels(labels).build())
                .data(data)
                .build(), opts);

        // The REST client (bulk insert, segment info) has no CA option: Go's system pool must hold the stack's CA.
        var env = new ArrayList<EnvVarArgs>(List.of(EnvVarArgs.builder().name(PASSWORD_ENV).valueFrom(
                        EnvVarSourceArgs.builder().secretKeyRef(SecretKeySelectorArgs.builder()
                                .name(Credentials.SECRET_NAME).key(Credentials.ROOT_PASSWORD_KEY).build()).build())
                        .build(),
                EnvVarArgs.builder().name("AWS_REGION").value(s.region()).build()));
        args.caPem().ifPresent(ca -> env.add(EnvVarArgs.builder().name(CERT_DIR_ENV)
                .value(sslCertDir(BackupConfig.MOUNT_DIR)).build()));
        var work = VolumeMountArgs.builder().name("work").mountPath(BackupLock.WORK_DIR).build();
        var backup = ContainerArgs.builder().name(CONTAINER)
                .image(args.mirror().applyValue(m -> m.route(ChartImages.MILVUS_BACKUP).reference()))
                .command("/bin/sh", "-ec", BackupLock.createScript(BINARY, CONFIG_PATH))
                .env(env)
                .volumeMounts(VolumeMountArgs.builder().name("config").mountPath(BackupConfig.MOUNT_DIR)
                        .readOnly(true).build(), work)
                .build();
        // With Object Lock the backup runs first (an init container) and the lock step only after it succeeded.
        var lockEnv = new ArrayList<EnvVarArgs>(List.of(EnvVarArgs.builder().name(BackupLock.ENV_BUCKET)
                .value(args.storage().bucketName()).build()));
        BackupLock.fixedEnv(s.backup().retentionDays()).forEach((k, v) ->
                lockEnv.add(EnvVarArgs.builder().name(k).value(v).build()));
        lockEnv.add(EnvVarArgs.builder().name("AWS_REGION").value(s.region()).build());
        var lock = ContainerArgs.builder().name(LOCK_CONTAINER)
                .image(args.mirror().applyValue(m -> m.route(ChartImages.AWS_CLI).reference()))
                .command("/bin/bash", "-ec", BackupLock.lockScript(BackupLock.WORK_DIR))
                .env(lockEnv)
                .volumeMounts(work)
                .build();
        var spec = PodSpecArgs.builder();
        if (BackupStorage.objectLock(s)) {
            spec.initContainers(backup).containers(lock);
        } else {
            spec.containers(backup);
        }
        var nodeSelector = Scheduling.nodeSelector(NodeRole.INFRA).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
        var pod = PodTemplateSpecArgs.builder()
                .metadata(ObjectMetaArgs.builder().labels(labels).build())
                .spec(spec
                        .serviceAccountName(SERVICE_ACCOUNT)
                        .restartPolicy("Never")
                        .nodeSelector(nodeSelector)
                        .volumes(VolumeArgs.builder().name("config").configMap(ConfigMapVolumeSourceArgs.builder()
                                .name(config.metadata().applyValue(m -> m.name().orElseThrow())).build()).build(),
                                VolumeArgs.builder().name("work").emptyDir(EmptyDirVolumeSourceArgs.builder()
                                        .build()).build())
                        .build())
                .build();
        new CronJob(name, CronJobArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(NAME).namespace(args.namespace()).labels(labels).build())
                .spec(CronJobSpecArgs.builder()
                        .schedule(s.backup().schedule())
                        // A backup still copying when the next is due is left to finish: two at once only race.
                        .concurrencyPolicy("Forbid")
                        .successfulJobsHistoryLimit(3).failedJobsHistoryLimit(3)
                        .jobTemplate(JobTemplateSpecArgs.builder().spec(JobSpecArgs.builder()
                                .backoffLimit(1).activeDeadlineSeconds(DEADLINE_SECONDS).template(pod).build())
                                .build())
                        .build())
                .build(), opts);
        registerOutputs(Map.of());
    }

    /** Milvus' rootPath in its bucket (milvus.MilvusValuesFactory externalS3.rootPath). */
    public static final String MILVUS_ROOT_PATH = "milvus";

    public static final String CONFIG_PATH = BackupConfig.MOUNT_DIR + "/" + BackupConfig.FILE;

    /**
     * Go's certificate directories (crypto/x509 root_unix.go): with SSL_CERT_DIR set, its directories replace the
     * default ones ({@value #SYSTEM_CERT_DIR} first on Linux), while the bundle file (alpine, the milvus-backup
     * image's base: /etc/ssl/certs/ca-certificates.crt) is still read; so the system roots S3's TLS needs stay and the
     * CA in {@code caDir} joins them. SSL_CERT_FILE would replace the bundle instead. Files of a ConfigMap volume
     * are symlinks into {@code ..data/}, which Go reads (it skips only links without a '/': readUniqueDirectoryEntries).
     */
    public static String sslCertDir(String caDir) {
        return SYSTEM_CERT_DIR + ":" + caDir;
    }

    public static final String SYSTEM_CERT_DIR = "/etc/ssl/certs";
    public static final String CERT_DIR_ENV = "SSL_CERT_DIR";
}
