package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.milvuseks.capacity.CapacityCheck;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.capacity.CapacityReport;
import io.milvuseks.cluster.ApiAccessPath;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.cluster.EksClusterArgs;
import io.milvuseks.config.ConfigKey;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.RawConfig;
import io.milvuseks.network.Network;
import io.milvuseks.network.NetworkArgs;
import io.milvuseks.naming.Naming;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.PlaceholderValues;
import io.milvuseks.config.PulumiConfigSource;
import io.milvuseks.config.SettingsParser;
import io.milvuseks.config.StackSettings;
import io.milvuseks.queue.MessageLog;
import io.milvuseks.queue.MessageLogArgs;
import io.milvuseks.storage.ObjectStorage;
import io.milvuseks.storage.ObjectStorageArgs;

import com.pulumi.resources.Resource;
import io.milvuseks.config.NodeRole;
import io.milvuseks.milvus.EtcdBudget;
import io.milvuseks.milvus.MilvusRelease;
import io.milvuseks.milvus.MilvusReleaseArgs;
import io.milvuseks.milvus.MilvusSizing;
import io.milvuseks.milvus.MilvusValuesFactory;
import io.milvuseks.config.ImageSource;
import io.milvuseks.registry.ImageRegistry;
import io.milvuseks.registry.ImageRegistryArgs;

import io.milvuseks.capacity.CapacityPlan;
import io.milvuseks.milvus.Component;
import io.milvuseks.capacity.Assumptions;
import io.milvuseks.monitoring.AlertRouting;
import io.milvuseks.monitoring.Monitoring;
import io.milvuseks.monitoring.MonitoringArgs;
import io.milvuseks.monitoring.MonitoringReport;
import io.milvuseks.monitoring.MonitoringSizing;
import io.milvuseks.upgrade.Desired;
import io.milvuseks.upgrade.PreviousOutputs;
import io.milvuseks.upgrade.UpgradeRules;
import io.milvuseks.backup.BackupAccess;
import io.milvuseks.backup.BackupJob;
import io.milvuseks.backup.BackupJobArgs;
import io.milvuseks.backup.BackupReport;
import io.milvuseks.backup.BackupStorage;
import io.milvuseks.backup.BackupStorageArgs;
import io.milvuseks.autoscaling.AutoscalingLayer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The Pulumi program. Each concern is a component in its own package; this only wires them together. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    /** {@code pulumi up}: the previous outputs come from {@link PreviousOutputs#ENV} when the deploy sets it. */
    public static void stack(Context ctx) {
        stack(ctx, PreviousOutputs::fromEnvironment);
    }

    /** The program with the stack's last outputs (empty: unknown, the upgrade check says it was skipped). */
    public static void stack(Context ctx, Supplier<Optional<PreviousOutputs>> previous) {
        StackSettings settings;
        Optional<PreviousOutputs> prev;
        boolean realEngine = System.getenv("PULUMI_MONITOR") != null;
        try {
            prev = previous.get();
            settings = load(PulumiConfigSource.read(ctx), prev);
            // plan prints placeholders (staging's documentation-range CIDR) as warnings; a deployment refuses them
            var placeholders = PlaceholderValues.problems(settings.project(), settings);
            if (realEngine && !placeholders.isEmpty()) {
                throw new InvalidConfigException(placeholders);
            }
        } catch (InvalidConfigException ex) {
            if (!realEngine) {
                throw ex; // under the mock engine (tests, plan): the caller reports the problems
            }
            // Under the Pulumi engine: one line per problem and exit 2, before any resource is declared. A thrown
            // exception would reach the user as a stack trace, which helps nobody here.
            ex.problems().forEach(System.err::println);
            System.err.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
        if (realEngine) {
            // plan prints these itself, to its own stream; under pulumi up this is the one place they show
            upgradeNotes(settings, prev).forEach(System.err::println);
        }
        declare(ctx, settings);
    }

    /**
     * Parses and validates the config: every check that can refuse a stack runs here, before any resource is
     * declared, for {@code pulumi up} and the offline plan alike. Warnings (an undersized pool the stack allows)
     * go to stderr.
     */
    public static StackSettings load(RawConfig raw) {
        return load(raw, Optional.empty());
    }

    /** {@link #load} with the stack's last outputs for the upgrade rules. */
    public static StackSettings load(RawConfig raw, Optional<PreviousOutputs> previous) {
        var settings = validate(raw, previous);
        CapacityCheck.warnings(CapacityPlanner.plan(settings)).forEach(System.err::println);
        if (System.getenv("PULUMI_MONITOR") == null) {
            PlaceholderValues.problems(settings.project(), settings)
                    .forEach(p -> System.err.println("placeholder: " + p.key() + ": " + p.message()));
        }
        return settings;
    }

    /** {@link #load} without printing warnings: for callers that validate ahead of running the program. */
    public static StackSettings validate(RawConfig raw) {
        return validate(raw, Optional.empty());
    }

    /**
     * {@link #validate} plus the upgrade rules: the chart/image pair always, and against the stack's last outputs
     * when known, a queue switch or a Milvus version that skips the documented path.
     */
    public static StackSettings validate(RawConfig raw, Optional<PreviousOutputs> previous) {
        var settings = SettingsParser.parse(raw);
        // a query pool that cannot hold the collection is a config error (or a warning if allowed)
        var problems = new ArrayList<>(CapacityCheck.problems(settings.project(), CapacityPlanner.plan(settings)));
        var desired = desired(settings);
        problems.addAll(UpgradeRules.pair(desired));
        previous.ifPresent(p -> problems.addAll(UpgradeRules.check(p, desired).problems()));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return settings;
    }

    /** What the upgrade check did, one line each: never a silent pass (for settings that validated). */
    public static List<String> upgradeNotes(StackSettings settings, Optional<PreviousOutputs> previous) {
        return previous.map(p -> UpgradeRules.check(p, desired(settings)).notes())
                .orElse(List.of("upgrade check: skipped, no previous outputs given (pulumi up: set "
                        + PreviousOutputs.ENV + " to the file of 'pulumi stack output --json'; plan: "
                        + "--previous-outputs FILE); only the chart/image pair was checked"));
    }

    private static Desired desired(StackSettings s) {
        return new Desired(s.project(), s.environment().wire(), s.messageQueue().wire(), s.milvus().imageTag(), s.milvus().chartVersion());
    }

    /** Declares every resource of the stack from validated settings. */
    static void declare(Context ctx, StackSettings settings) {
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
        // The backup bucket and the job's role are AWS only: declared with the AWS layer, like the alert topic.
        var backup = backupAccess(ctx, settings, naming, cluster, storage, backupBucket, capacity);
        // Build capacity for the data pool (Cluster Autoscaler): its role here, its release with the Kubernetes layer
        var autoscalerAccess = AutoscalingLayer.access(settings, naming, cluster);
        ctx.export(StackOutputs.AUTOSCALING, Output.of(AutoscalingLayer.output(settings, nodeCounts)));
        if (!cluster.kubernetesLayer()) {
            return; // kubernetesLayer: false, the first apply of a stack nobody can reach yet (kubernetesApiAccess)
        }
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

    private static int milvusPods(MilvusSizing milvusSizing) {
        return milvusSizing.etcd().replicas() + Arrays.stream(Component.values())
                .mapToInt(c -> milvusSizing.of(c).replicas()).sum();
    }

    private static Monitoring monitoring(StackSettings settings, Naming naming, EksCluster cluster,
                                         AlertRouting routing, ImageRegistry registry,
                                         Map<NodeRole, Integer> nodeCounts,
                                         MilvusSizing milvusSizing) {
        int nodes = nodeCounts.values().stream().mapToInt(Integer::intValue).sum();
        int milvusPods = milvusPods(milvusSizing);
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
