package io.milvuseks.milvus;

import io.milvuseks.registry.ChartImages;
import io.milvuseks.registry.Mirror;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.batch.v1.CronJob;
import com.pulumi.kubernetes.batch.v1.CronJobArgs;
import com.pulumi.kubernetes.batch.v1.inputs.CronJobSpecArgs;
import com.pulumi.kubernetes.batch.v1.inputs.JobSpecArgs;
import com.pulumi.kubernetes.batch.v1.inputs.JobTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.List;
import java.util.Map;

/**
 * etcd upkeep the bundled chart (bitnami etcd 8.12.0) cannot do: a scheduled defrag and snapshots to S3.
 *
 * <ul>
 *   <li><b>Defrag</b>: the quota counts the whole backend file, and compaction only frees pages inside it; only a
 *       defrag returns them. Chart 8.12.0 has no defrag job (it came in later bitnami versions), so a weekly
 *       CronJob defrags one member at a time and clears a NOSPACE alarm afterwards.</li>
 *   <li><b>Snapshots</b>: the chart's {@code disasterRecovery} writes to a ReadWriteMany PVC (templates/
 *       snapshot-pvc.yaml), which EBS cannot provide. Every 6 hours a CronJob saves a snapshot and copies it to the
 *       Milvus bucket at {@value #SNAPSHOT_KEY}: the bucket's versioning keeps the earlier ones for
 *       {@code bucketNoncurrentVersionDays}. It runs as the {@code milvus} service account, whose IRSA role already
 *       reads and writes that bucket (a narrower role would need the storage component).</li>
 * </ul>
 */
public final class EtcdMaintenance extends ComponentResource {

    public static final String TYPE = "milvus-eks:milvus:EtcdMaintenance";
    public static final String DEFRAG_SCHEDULE = "30 3 * * 0";
    public static final String SNAPSHOT_SCHEDULE = "15 */6 * * *";
    public static final String SNAPSHOT_KEY = "etcd-snapshots/etcd.db";

    public EtcdMaintenance(String name, StackSettings s, String release, Output<String> namespace,
                           Output<String> bucketName, Output<Mirror> mirror, Provider provider, List<Resource> dependsOn,
                           ComponentResourceOptions options) {
        super(TYPE, name, options);
        int members = s.milvus().etcdReplicas();
        var ns = s.milvus().namespace();
        var opts = CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(dependsOn).build();

        // Images through the mirror, never Docker Hub: the chart's etcd image (etcdctl and bash) and the AWS CLI.
        var etcdImage = mirror.applyValue(m -> m.route(ChartImages.ETCD).reference());
        var awsCliImage = mirror.applyValue(m -> m.route(ChartImages.AWS_CLI).reference());
        var defrag = ContainerArgs.builder().name("defrag").image(etcdImage)
                .command("/bin/bash", "-ec", defragScript(release, ns, members))
                .env(EnvVarArgs.builder().name("ETCDCTL_API").value("3").build())
                .build();
        new CronJob(name + "-defrag", CronJobArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(release + "-etcd-defrag").namespace(namespace).build())
                .spec(cronSpec(DEFRAG_SCHEDULE, pod(PodSpecArgs.builder().containers(defrag))))
                .build(), opts);

        var scratch = VolumeMountArgs.builder().name("snapshot").mountPath("/snapshot").build();
        var save = ContainerArgs.builder().name("save").image(etcdImage)
                .command("/bin/bash", "-ec", "etcdctl --endpoints=" + clientUrl(release, ns)
                        + " --command-timeout=300s snapshot save /snapshot/etcd.db")
                .env(EnvVarArgs.builder().name("ETCDCTL_API").value("3").build())
                .volumeMounts(scratch).build();
        var upload = ContainerArgs.builder().name("upload").image(awsCliImage)
                .args(bucketName.applyValue(b -> List.of("s3", "cp", "/snapshot/etcd.db",
                        "s3://" + b + "/" + SNAPSHOT_KEY, "--only-show-errors")))
                .env(EnvVarArgs.builder().name("AWS_REGION").value(s.region()).build())
                .volumeMounts(scratch).build();
        new CronJob(name + "-snapshot", CronJobArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(release + "-etcd-snapshot").namespace(namespace).build())
                .spec(cronSpec(SNAPSHOT_SCHEDULE, pod(PodSpecArgs.builder()
                        .serviceAccountName(Naming.MILVUS_SERVICE_ACCOUNT)
                        // save first (init container), then upload: the copy never sees a partial file
                        .initContainers(save).containers(upload)
                        .volumes(VolumeArgs.builder().name("snapshot")
                                .emptyDir(EmptyDirVolumeSourceArgs.builder().build()).build()))))
                .build(), opts);
        registerOutputs(Map.of());
    }

    /** Member n's client URL: bitnami's StatefulSet {@code <release>-etcd} behind {@code <release>-etcd-headless}. */
    static String memberUrl(String release, String ns, int n) {
        return "http://" + release + "-etcd-" + n + "." + release + "-etcd-headless." + ns + ".svc.cluster.local:"
                + NetworkRules.ETCD_CLIENT_PORT;
    }

    static String clientUrl(String release, String ns) {
        return "http://" + release + "-etcd." + ns + ".svc.cluster.local:" + NetworkRules.ETCD_CLIENT_PORT;
    }

    /**
     * One member at a time (a member is blocked while it defrags), a pause between members, then clear a NOSPACE
     * alarm: after a defrag that freed room, disarming is the documented recovery (etcd op-guide maintenance).
     */
    static String defragScript(String release, String ns, int members) {
        var sb = new StringBuilder();
        for (int n = 0; n < members; n++) {
            sb.append("etcdctl --endpoints=").append(memberUrl(release, ns, n))
                    .append(" --command-timeout=600s defrag\nsleep 60\n");
        }
        sb.append("etcdctl --endpoints=").append(clientUrl(release, ns)).append(" alarm disarm\n");
        return sb.toString();
    }

    private static PodTemplateSpecArgs pod(PodSpecArgs.Builder spec) {
        return PodTemplateSpecArgs.builder()
                .metadata(ObjectMetaArgs.builder().labels(Map.of(NetworkRules.MAINTENANCE_LABEL, "true")).build())
                .spec(spec.restartPolicy("OnFailure").nodeSelector(Scheduling.nodeSelector(NodeRole.INFRA)
                                .entrySet().stream().collect(java.util.stream.Collectors.toMap(
                                        Map.Entry::getKey, e -> String.valueOf(e.getValue()))))
                        .build())
                .build();
    }

    private static CronJobSpecArgs cronSpec(String schedule, PodTemplateSpecArgs pod) {
        return CronJobSpecArgs.builder().schedule(schedule).concurrencyPolicy("Forbid")
                .successfulJobsHistoryLimit(1).failedJobsHistoryLimit(3)
                .jobTemplate(JobTemplateSpecArgs.builder().spec(JobSpecArgs.builder()
                        .backoffLimit(2).activeDeadlineSeconds(3600).template(pod).build()).build())
                .build();
    }
}
