package io.milvuseks.monitoring;

import io.milvuseks.helm.ChartRelease;
import com.google.gson.GsonBuilder;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.config.NodeRole;
import io.milvuseks.render.Canonical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's monitoring in the cluster: kube-prometheus-stack (Prometheus operator, Prometheus, Alertmanager, Grafana,
 * node-exporter, kube-state-metrics) on the infra nodes with the Milvus alert rules and dashboard; Alertmanager sends
 * to the topic of {@link AlertRouting} (the AWS side, declared before the Kubernetes layer).
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
                m.loadP99Minutes(), s.backup().enabled()
                        ? java.util.OptionalLong.of(io.milvuseks.backup.BackupStaleness.of(s.backup())
                        .thresholdSeconds()) : java.util.OptionalLong.empty());
        var routing = args.routing();
        this.sizing = MonitoringSizing.plan(args.nodes(), args.milvusPods(), m.retentionDays(), s.prod(),
                routing.alarms());
        var child = CustomResourceOptions.builder().parent(this).build();
        this.alertTopicArn = routing.topicArn();

        var k8s = CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(args.dependsOn());
        // No label of ours: milvus.NetworkRules admits this namespace's Prometheus pods to Milvus' metrics port and
        // etcd by kubernetes.io/metadata.name, which the API server sets to the name, so nothing here can drift.
        var ns = new Namespace(naming.name("monitoring-namespace"), NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(NAMESPACE).build())
                .build(), k8s.build());

        var infra = Map.of(EksCluster.ROLE_LABEL, NodeRole.INFRA.wire());
        var values = Output.tuple(routing.alertmanagerRoleArn(), routing.topicArn(), args.mirror())
                .applyValue(t -> new MonitoringValues(infra,
                new MonitoringValues.Prometheus(sizing, m.retentionDays()),
                new MonitoringValues.Alertmanager(t.t1, t.t2, s.region(), sizing.replicas()),
                AlertRules.ruleGroups(AlertRules.rules(inputs)),
                MonitoringValues.etcdPodMonitor(s.milvus().namespace()), t.t3).toMap());
        var deps = new ArrayList<Resource>(args.dependsOn());
        deps.add(ns);
        deps.add(routing);
        this.release = new Release(naming.name("kube-prometheus-stack"), ChartRelease.pinned("kps", CHART_REPO, CHART, CHART_VERSION,
                        Output.of(NAMESPACE), TIMEOUT_SECONDS)
                .values(values)
                .build(), CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(deps)
                .build());

        new ConfigMap(naming.name("milvus-dashboard"), ConfigMapArgs.builder()
                .metadata(ObjectMetaArgs.builder().name("milvus-eks-dashboard").namespace(NAMESPACE)
                        .labels(Map.of(DASHBOARD_LABEL, "1")).build())
                .data(Map.of("milvus-eks.json", new GsonBuilder().disableHtmlEscaping().create()
                        .toJson(Canonical.sorted(Dashboard.json(inputs)))))
                .build(), k8s.dependsOn(List.of(ns)).build());

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
