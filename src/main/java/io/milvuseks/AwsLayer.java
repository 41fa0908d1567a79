package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.capacity.CapacityReport;
import io.milvuseks.cluster.ApiAccessPath;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.cluster.EksClusterArgs;
import io.milvuseks.config.ConfigKey;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.network.Network;
import io.milvuseks.network.NetworkArgs;
import io.milvuseks.naming.Naming;
import io.milvuseks.config.StackSettings;
import io.milvuseks.queue.MessageLog;
import io.milvuseks.queue.MessageLogArgs;
import io.milvuseks.storage.ObjectStorage;
import io.milvuseks.storage.ObjectStorageArgs;

import io.milvuseks.config.NodeRole;
import io.milvuseks.milvus.MilvusSizing;
import io.milvuseks.config.ImageSource;
import io.milvuseks.registry.ImageRegistry;
import io.milvuseks.registry.ImageRegistryArgs;

import io.milvuseks.capacity.CapacityPlan;
import io.milvuseks.milvus.Component;
import io.milvuseks.monitoring.AlertRouting;
import io.milvuseks.monitoring.MonitoringSizing;
import io.milvuseks.backup.BackupAccess;
import io.milvuseks.backup.BackupReport;
import io.milvuseks.backup.BackupStorage;
import io.milvuseks.backup.BackupStorageArgs;
import io.milvuseks.autoscaling.AutoscalingLayer;

import java.util.Arrays;
import java.util.Map;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;

/**
 * The AWS layer: network, EKS and its node groups, storage, the message log, the image registry, and the AWS-only
 * parts of alerting, backups and autoscaling — what a first apply with {@code kubernetesLayer: false} creates.
 * Its handles are what the Kubernetes layer builds on.
 *
 * @param alertRouting null with monitoring off
 */
record AwsLayer(Naming naming, CapacityPlan capacity, Map<NodeRole, Integer> nodeCounts, MilvusSizing milvusSizing,
                EksCluster cluster, ObjectStorage storage, MessageLog messageLog, ImageRegistry registry,
                AlertRouting alertRouting, Optional<BackupStorage> backupBucket, Optional<BackupAccess> backup,
                Optional<io.milvuseks.autoscaling.AutoscalerAccess> autoscalerAccess) {

    static AwsLayer declare(Context ctx, StackSettings settings) {
        var naming = new Naming(settings.project(), settings.stack());
        ctx.export(StackOutputs.ENVIRONMENT, Output.of(settings.environment().wire()));
        ctx.export(StackOutputs.REGION, Output.of(settings.region()));
        ctx.export(StackOutputs.MESSAGE_QUEUE, Output.of(settings.messageQueue().wire()));

        // The planner sizes the pools a stack does not pin; App.load already refused what cannot hold the data.
        var capacity = CapacityPlanner.plan(settings);
        var nodeCounts = new EnumMap<NodeRole, Integer>(NodeRole.class);
        for (var role : NodeRole.values()) {
            nodeCounts.put(role, capacity.nodeCount(role));
        }
        var milvusSizing = MilvusSizing.plan(settings, nodeCounts);

        var network = new Network(naming.name("network"), NetworkArgs.from(settings, naming),
                ComponentResourceOptions.Empty);
        var cluster = new EksCluster(naming.name("eks"), EksClusterArgs.from(settings, naming,
                nodeCounts, network.vpcId(), network.privateSubnetIds(), network.privateSubnetIdsByZone()),
                ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.CLUSTER_NAME, cluster.clusterName());
        ctx.export(StackOutputs.CLUSTER_ENDPOINT, cluster.endpoint());
        ctx.export(StackOutputs.OIDC_PROVIDER_ARN, cluster.oidcProviderArn());
        ctx.export(StackOutputs.KUBECONFIG, cluster.kubeconfig());
        ctx.export(StackOutputs.NODE_GROUP_NAMES, cluster.nodeGroupNames());
        var apiAccess = ApiAccessPath.of(settings.cluster());
        ctx.export(StackOutputs.KUBERNETES_API_ACCESS, Output.of(apiAccess.output(settings.cluster())));
        ctx.export(StackOutputs.CONTROL_PLANE_LOG_GROUP, Output.of(cluster.controlPlaneLogs().output()));

        // The backup bucket first: the data layer's log bucket admits its access logs.
        var backupBucket = settings.backup().enabled() ? Optional.of(new BackupStorage(naming.name("backup"),
                new BackupStorageArgs(settings, naming), ComponentResourceOptions.Empty))
                : Optional.<BackupStorage>empty();
        var storage = new ObjectStorage(naming.name("storage"), new ObjectStorageArgs(settings, naming,
                cluster.oidcProviderArn(), cluster.oidcIssuer(), backupBucket.map(b -> List.of(b.bucket()))
                .orElse(List.of())), ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.BUCKET_NAME, storage.bucketName());
        ctx.export(StackOutputs.KMS_KEY_ARN, storage.kmsKeyArn());
        ctx.export(StackOutputs.MILVUS_ROLE_ARN, storage.milvusRoleArn());

        // Only msk needs the SCRAM password; the parser already refused an msk stack without it.
        var scramPassword = settings.messageQueue() == MessageQueue.MSK
                ? ctx.config().requireSecret(ConfigKey.MSK_SCRAM_PASSWORD.key()) : null;
        var messageLog = new MessageLog(naming.name("message-log"), new MessageLogArgs(settings, naming,
                storage.kmsKeyArn(), network.vpcId(), network.privateSubnetIds(), cluster.clusterSecurityGroupId(),
                scramPassword), ComponentResourceOptions.Empty);
        messageLog.bootstrapBrokersSaslScram().ifPresent(b -> ctx.export(StackOutputs.MSK_BOOTSTRAP_BROKERS, b));

        // Every image comes through the ECR pull-through cache (or the configured registry), never Docker Hub.
        var dockerHubToken = settings.imageRegistry().source() == ImageSource.ECR_PULL_THROUGH_CACHE
                ? Optional.of(ctx.config().requireSecret(ConfigKey.DOCKER_HUB_ACCESS_TOKEN.key()))
                : Optional.<Output<String>>empty();
        var registry = new ImageRegistry(naming.name("images"), new ImageRegistryArgs(settings, naming,
                cluster.nodeRoleArn(), dockerHubToken), ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.IMAGE_REFERENCES, registry.imageReferences());

        // Where alerts go is AWS only: declared with the AWS layer, so the second apply adds only Kubernetes objects.
        var alertRouting = settings.monitoring().enabled() ? new AlertRouting(naming.name("alert-routing"),
                new AlertRouting.Args(settings, naming, cluster.oidcProviderArn(), cluster.oidcIssuer(),
                        messageLog.clusterName(), settings.msk().brokerCount()), ComponentResourceOptions.Empty)
                : null;
        if (alertRouting != null) {
            ctx.export(StackOutputs.ALERT_TOPIC_ARN, alertRouting.topicArn());
        }
        // the capacity report with the monitoring and backup lines, from their own sizing (issue 15)
        ctx.export(StackOutputs.CAPACITY, Output.of(CapacityReport.output(capacity, new CapacityReport.Operations(
                alertRouting == null ? null : monitoringSizing(settings, nodeCounts, milvusSizing, alertRouting)
                        .monthlyUsd(),
                settings.backup().enabled() ? BackupReport.of(settings.backup(), capacity).usdPerMonth() : null))));
        ctx.export(StackOutputs.SEARCH_PARAMS, Output.of(CapacityReport.searchParams(capacity,
                settings.collection().metric())));
        // The backup bucket and the job's role are AWS only: declared with the AWS layer, like the alert topic.
        var backup = backupAccess(ctx, settings, naming, cluster, storage, backupBucket, capacity);
        // Build capacity for the data pool (Cluster Autoscaler): its role here, its release with the Kubernetes layer
        var autoscalerAccess = AutoscalingLayer.access(settings, naming, cluster);
        ctx.export(StackOutputs.AUTOSCALING, Output.of(AutoscalingLayer.output(settings, nodeCounts)));
        return new AwsLayer(naming, capacity, nodeCounts, milvusSizing, cluster, storage, messageLog, registry,
                alertRouting, backupBucket, backup, autoscalerAccess);
    }

    /** The backup job's role and the {@code backup} output (with the storage estimate, also when off). */
    private static Optional<BackupAccess> backupAccess(Context ctx, StackSettings settings, Naming naming,
                                                       EksCluster cluster, ObjectStorage storage,
                                                       Optional<BackupStorage> bucket, CapacityPlan capacity) {
        var report = new java.util.LinkedHashMap<>(BackupReport.of(settings.backup(), capacity).output());
        if (bucket.isEmpty()) {
            ctx.export(StackOutputs.BACKUP, Output.of(report));
            return Optional.empty();
        }
        var access = new BackupAccess(naming.name("backup-access"), new BackupAccess.Args(settings, naming,
                cluster.oidcProviderArn(), cluster.oidcIssuer(), storage.bucketArn(), storage.kmsKeyArn(),
                bucket.get()), ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.BACKUP, bucket.get().bucketName().applyValue(name -> {
            var out = new java.util.LinkedHashMap<String, Object>(report);
            out.put("bucketName", name);
            out.put("objectLock", settings.prod() ? BackupStorage.LOCK_MODE : "off");
            return (Map<String, Object>) out;
        }));
        return Optional.of(access);
    }

    /** The sizing the Monitoring component makes from the same nodes, pods and alarms (for the capacity report). */
    private static MonitoringSizing monitoringSizing(StackSettings settings, Map<NodeRole, Integer> nodeCounts,
                                                     MilvusSizing milvusSizing, AlertRouting routing) {
        return MonitoringSizing.plan(nodeCounts.values().stream().mapToInt(Integer::intValue).sum(),
                milvusPods(milvusSizing), settings.monitoring().retentionDays(), settings.prod(), routing.alarms());
    }

    static int milvusPods(MilvusSizing milvusSizing) {
        return milvusSizing.etcd().replicas() + Arrays.stream(Component.values())
                .mapToInt(c -> milvusSizing.of(c).replicas()).sum();
    }
}
