package io.milvuseks.monitoring;

import com.google.gson.GsonBuilder;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.inputs.GetPartitionArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.cluster.IamPolicies;
import io.milvuseks.config.NodeRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's monitoring: kube-prometheus-stack (Prometheus operator, Prometheus, Alertmanager, Grafana,
 * node-exporter, kube-state-metrics) on the infra nodes with the Milvus alert rules and dashboard, an SNS topic the
 * alerts go to (KMS-encrypted, optional e-mail subscription), and CloudWatch alarms on the MSK broker disks, which no
 * Prometheus in the cluster can see.
 *
 * <p>Chosen over Amazon Managed Service for Prometheus: the chart brings the operator whose CRDs Milvus'
 * ServiceMonitor needs, rules and Alertmanager in one release, and costs only its volumes on nodes the stack already
 * runs; AMP bills per sample ingested and stored, and still needs a collector and a separate alert manager setup.
 */
public final class Monitoring extends ComponentResource {

    public static final String TYPE = "milvus-eks:monitoring:Monitoring";
    public static final String NAMESPACE = "monitoring";
    public static final String CHART = "kube-prometheus-stack";
    public static final String CHART_VERSION = "88.5.3";
    public static final String CHART_REPO = "https://prometheus-community.github.io/helm-charts";
    public static final String DASHBOARD_LABEL = "grafana_dashboard";
    /** MSK's broker-disk metric (AWS/Kafka, DEFAULT monitoring level; dimensions Cluster Name, Broker ID). */
    public static final String MSK_DISK_METRIC = "KafkaDataLogsDiskUsed";
    /** Operator, CRDs, Prometheus with its volume, Grafana: a first install takes minutes, not half an hour. */
    static final int TIMEOUT_SECONDS = 900;

    private final Output<String> alertTopicArn;
    private final Release release;
    private final MonitoringSizing sizing;


    public Monitoring(String name, MonitoringArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var naming = args.naming();
        var m = s.monitoring();
        var inputs = new AlertRules.Inputs(s.milvus().namespace(), args.queryMemoryShare(), m.searchP99Ms(),
                m.loadP99Minutes());
        int alarms = args.mskClusterName().isPresent() ? args.mskBrokers() : 0;
        this.sizing = MonitoringSizing.plan(args.nodes(), args.milvusPods(), m.retentionDays(), s.prod(), alarms);
        var child = CustomResourceOptions.builder().parent(this).build();

        var identity = AwsFunctions.getCallerIdentity();
        var partition = AwsFunctions.getPartition(GetPartitionArgs.Empty);
        var key = new Key(naming.name("alerts-key"), KeyArgs.builder()
                .description("Encrypts the alert topic of " + naming.clusterName())
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .policy(Output.tuple(identity, partition).applyValue(t ->
                        AlertPolicies.keyPolicy(t.t1.accountId(), t.t2.partition())))
                .tags(naming.tags(naming.name("alerts-key")))
                .build(), child);
        // Generated name: a replacement creates the new topic before deleting the old one without a clash.
        var topic = new Topic(naming.name("alerts"), TopicArgs.builder()
                .kmsMasterKeyId(key.arn())
                .tags(naming.tags(naming.name("alerts")))
                .build(), child);
        this.alertTopicArn = topic.arn();
        m.alertEmail().ifPresent(email -> new TopicSubscription(naming.name("alerts-email"),
                TopicSubscriptionArgs.builder().topic(topic.arn()).protocol("email").endpoint(email).build(), child));

        var role = new Role(naming.name("alertmanager"), RoleArgs.builder()
                .description("IRSA role of Alertmanager: publish to the alert topic only")
                .assumeRolePolicy(Output.tuple(args.oidcProviderArn(), args.oidcIssuer()).applyValue(t ->
                        IamPolicies.irsaTrust(t.t1, t.t2, NAMESPACE, MonitoringValues.ALERTMANAGER_SERVICE_ACCOUNT)))
                .tags(naming.tags(naming.name("alertmanager")))
                .build(), child);
        var publish = new RolePolicy(naming.name("alertmanager-publish"), RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(topic.arn(), key.arn()).applyValue(t -> AlertPolicies.publishPolicy(t.t1, t.t2)))
                .build(), child);

        var k8s = CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(args.dependsOn());
        var ns = new Namespace(naming.name("monitoring-namespace"), NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(NAMESPACE).build())
                .build(), k8s.build());

        var infra = Map.of(EksCluster.ROLE_LABEL, NodeRole.INFRA.wire());
        var values = Output.tuple(role.arn(), topic.arn()).applyValue(t -> new MonitoringValues(infra,
                new MonitoringValues.Prometheus(sizing, m.retentionDays()),
                new MonitoringValues.Alertmanager(t.t1, t.t2, s.region(), sizing.replicas()),
                AlertRules.ruleGroups(AlertRules.rules(inputs)),
                MonitoringValues.etcdPodMonitor(s.milvus().namespace())).toMap());
        var deps = new ArrayList<Resource>(args.dependsOn());
        deps.add(ns);
        deps.add(publish);
        this.release = new Release(naming.name("kube-prometheus-stack"), ReleaseArgs.builder()
                .name("kps")
                .chart(CHART)
                .version(CHART_VERSION)
                .repositoryOpts(RepositoryOptsArgs.builder().repo(CHART_REPO).build())
                .namespace(NAMESPACE)
                .createNamespace(false)
                .atomic(false)
                .cleanupOnFail(true)
                .timeout(TIMEOUT_SECONDS)
                .maxHistory(10)
                .values(values)
                .build(), CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(deps)
                .build());

        new ConfigMap(naming.name("milvus-dashboard"), ConfigMapArgs.builder()
                .metadata(ObjectMetaArgs.builder().name("milvus-eks-dashboard").namespace(NAMESPACE)
                        .labels(Map.of(DASHBOARD_LABEL, "1")).build())
                .data(Map.of("milvus-eks.json", new GsonBuilder().disableHtmlEscaping().create()
                        .toJson(Dashboard.json(inputs))))
                .build(), k8s.dependsOn(List.of(ns)).build());

        args.mskClusterName().ifPresent(cluster -> {
            for (int broker = 1; broker <= args.mskBrokers(); broker++) {
                var id = String.valueOf(broker);
                new MetricAlarm(naming.name("msk-disk-" + broker), MetricAlarmArgs.builder()
                        .alarmDescription("MSK broker " + id + " data-log disk over " + AlertRules.pct(
                                AlertRules.VOLUME_FULL_SHARE) + ": expand the broker volume before the log stops")
                        .namespace("AWS/Kafka")
                        .metricName(MSK_DISK_METRIC)
                        .dimensions(cluster.applyValue(c -> Map.of("Cluster Name", c, "Broker ID", id)))
                        .statistic("Maximum")
                        .period(300)
                        .evaluationPeriods(2)
                        .threshold(AlertRules.VOLUME_FULL_SHARE * 100)
                        .comparisonOperator("GreaterThanThreshold")
                        .alarmActions(topic.arn().applyValue(List::of))
                        .okActions(topic.arn().applyValue(List::of))
                        .tags(naming.tags(naming.name("msk-disk-" + broker)))
                        .build(), child);
            }
        });

        registerOutputs(Map.of("alertTopicArn", alertTopicArn));
    }

    public Output<String> alertTopicArn() {
        return alertTopicArn;
    }

    /** For dependsOn: the operator's CRDs (ServiceMonitor, PodMonitor, PrometheusRule) exist once this is up. */
    public Release release() {
        return release;
    }

    public MonitoringSizing sizing() {
        return sizing;
    }
}
