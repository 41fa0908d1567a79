package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.config.ConfigKey;
import io.milvuseks.naming.Naming;
import io.milvuseks.config.StackSettings;

import com.pulumi.resources.Resource;
import io.milvuseks.config.NodeRole;
import io.milvuseks.milvus.EtcdBudget;
import io.milvuseks.milvus.MilvusRelease;
import io.milvuseks.milvus.MilvusReleaseArgs;
import io.milvuseks.milvus.MilvusSizing;
import io.milvuseks.milvus.MilvusValuesFactory;
import io.milvuseks.registry.ImageRegistry;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.monitoring.AlertRouting;
import io.milvuseks.monitoring.Monitoring;
import io.milvuseks.monitoring.MonitoringArgs;
import io.milvuseks.monitoring.MonitoringReport;
import io.milvuseks.upgrade.PreviousOutputs;
import io.milvuseks.backup.BackupJob;
import io.milvuseks.backup.BackupJobArgs;
import io.milvuseks.autoscaling.AutoscalingLayer;

import java.util.ArrayList;
import java.util.Map;
import java.util.List;

/** The Kubernetes layer: autoscaling, monitoring, Milvus and the backup job, on the AWS layer's cluster. */
final class KubernetesLayer {

    private KubernetesLayer() {
    }

    static void declare(Context ctx, StackSettings settings, AwsLayer aws) {
        var naming = aws.naming();
        var nodeCounts = aws.nodeCounts();
        var milvusSizing = aws.milvusSizing();
        var cluster = aws.cluster();
        var storage = aws.storage();
        var messageLog = aws.messageLog();
        var registry = aws.registry();
        var alertRouting = aws.alertRouting();
        var backupBucket = aws.backupBucket();
        var backup = aws.backup();
        var autoscalerAccess = aws.autoscalerAccess();
        // Milvus goes in once its nodes, bucket, IRSA role, queue and default StorageClass exist.
        var rootPassword = ctx.config().requireSecret(ConfigKey.MILVUS_ROOT_PASSWORD.key());
        List<Resource> milvusDependsOn = new ArrayList<>(cluster.nodeGroups());
        milvusDependsOn.addAll(List.of(cluster.defaultStorageClass(), storage, messageLog));
        milvusDependsOn.addAll(registry.pullPrerequisites());
        AutoscalingLayer.declare(settings, naming, cluster, registry, autoscalerAccess);
        if (alertRouting != null) {
            var monitoring = monitoring(settings, naming, cluster, alertRouting, registry, nodeCounts, milvusSizing);
            // Milvus' ServiceMonitor needs the operator's CRDs, which this release installs.
            milvusDependsOn.add(monitoring.release());
            ctx.export(StackOutputs.MONITORING, Output.of(MonitoringReport.output(monitoring.sizing())));
        }
        var milvus = new MilvusRelease(Naming.MILVUS_RELEASE, new MilvusReleaseArgs(settings,
                milvusSizing, storage.bucketName(), storage.milvusRoleArn(),
                messageLog.bootstrapBrokersSaslScram(), rootPassword, messageLog.scramPassword(),
                cluster.kubernetesProvider(), milvusDependsOn, registry.chartValues(), registry.mirror()),
                ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.MILVUS_NAMESPACE, milvus.namespace());
        // read back by the next apply's upgrade check (upgrade.PreviousOutputs)
        ctx.export(StackOutputs.MILVUS_IMAGE_TAG, Output.of(settings.milvus().imageTag()));
        ctx.export(StackOutputs.MILVUS_CHART_VERSION, Output.of(settings.milvus().chartVersion()));
        ctx.export(StackOutputs.MILVUS_PROXY_SERVICE, milvus.proxyService());
        ctx.export(StackOutputs.MILVUS_PROXY_PORT, Output.of(MilvusValuesFactory.PROXY_PORT));
        ctx.export(StackOutputs.MILVUS_TLS, Output.of(settings.milvus().proxyTls()));
        milvus.caPem().ifPresent(pem -> ctx.export(StackOutputs.MILVUS_CA_PEM, pem));
        milvus.tlsServerName().ifPresent(n -> ctx.export(StackOutputs.MILVUS_TLS_SERVER_NAME, Output.of(n)));
        ctx.export(StackOutputs.MILVUS_ETCD, Output.of(EtcdBudget.of(settings).toOutput()));
        ctx.export(StackOutputs.MILVUS_ROOT_PASSWORD, rootPassword);
        // In the Milvus namespace (its output orders the job after it); no dependsOn on the whole release, whose
        // children include reads that are not resources. A run before Secret milvus-credentials exists waits for it.
        backupBucket.ifPresent(b -> new BackupJob(naming.name("backup-job"), new BackupJobArgs(settings,
                milvus.namespace(), milvus.proxyService(), storage.bucketName(), b, backup.orElseThrow().roleArn(),
                registry.mirror(),
                milvus.caPem(), milvus.tlsServerName(), cluster.kubernetesProvider(), List.of()),
                ComponentResourceOptions.Empty));
    }

    private static Monitoring monitoring(StackSettings settings, Naming naming, EksCluster cluster,
                                         AlertRouting routing, ImageRegistry registry,
                                         Map<NodeRole, Integer> nodeCounts,
                                         MilvusSizing milvusSizing) {
        int nodes = nodeCounts.values().stream().mapToInt(Integer::intValue).sum();
        int milvusPods = AwsLayer.milvusPods(milvusSizing);
        // The alert line: the planner's peak share of the query pod (segments plus runtime), under the write throttle.
        double share = Assumptions.QUERY_SEGMENT_SHARE + Assumptions.RUNTIME_OVERHEAD_SHARE;
        List<Resource> deps = new ArrayList<>(cluster.nodeGroups());
        deps.add(cluster.defaultStorageClass());
        deps.addAll(registry.pullPrerequisites());
        return new Monitoring(naming.name("monitoring"), new MonitoringArgs(settings, naming,
                cluster.kubernetesProvider(), routing, registry.mirror(), share, nodes, milvusPods, deps),
                ComponentResourceOptions.Empty);
    }
}
