package io.milvuseks.monitoring;

import io.milvuseks.registry.ChartImages;
import io.milvuseks.registry.Mirror;
import io.milvuseks.registry.MonitoringImages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed values of chart kube-prometheus-stack (one record per chart section, turned into the values map in one place,
 * {@link #toMap()}); every emitted key path is checked against the chart's values.yaml (MonitoringValuesKeysTest),
 * because Helm ignores a misspelt key.
 */
public record MonitoringValues(Map<String, String> infraSelector, Prometheus prometheus, Alertmanager alertmanager,
                               Map<String, Object> ruleGroups, Map<String, Object> etcdPodMonitor, Mirror mirror) {

    /** The chart names its objects kps-*: short, and the service account names below are fixed. */
    public static final String FULLNAME = "kps";
    public static final String ALERTMANAGER_SERVICE_ACCOUNT = "alertmanager";

    /** Prometheus: on the infra pool, gp3, retention by time and size, every ServiceMonitor/PodMonitor/rule. */
    public record Prometheus(MonitoringSizing sizing, int retentionDays) {
        Map<String, Object> toMap(Map<String, String> infra, Map<String, Object> etcdPodMonitor) {
            var spec = new LinkedHashMap<String, Object>();
            spec.put("nodeSelector", infra);
            spec.put("replicas", sizing.replicas());
            spec.put("retention", retentionDays + "d");
            spec.put("retentionSize", sizing.retentionSize());
            spec.put("resources", Map.of("requests", Map.of("memory", sizing.prometheusMemGiB() + "Gi", "cpu", "1")));
            spec.put("storageSpec", volumeClaim(sizing.prometheusGiB()));
            // Select every monitor and rule in the cluster, not only those labelled with this release: Milvus'
            // ServiceMonitor comes from another chart.
            spec.put("serviceMonitorSelectorNilUsesHelmValues", false);
            spec.put("podMonitorSelectorNilUsesHelmValues", false);
            spec.put("ruleSelectorNilUsesHelmValues", false);
            return Map.of("prometheusSpec", spec, "additionalPodMonitors", List.of(etcdPodMonitor));
        }
    }

    /** Alertmanager: routes every alert to the SNS topic through SigV4, credentials from IRSA. */
    public record Alertmanager(String roleArn, String topicArn, String region, int replicas) {
        Map<String, Object> toMap(Map<String, String> infra) {
            var sns = new LinkedHashMap<String, Object>();
            sns.put("topic_arn", topicArn);
            sns.put("sigv4", Map.of("region", region));
            sns.put("subject", "{{ .CommonLabels.alertname }} ({{ .Status }})");
            sns.put("send_resolved", true);
            var route = new LinkedHashMap<String, Object>();
            route.put("receiver", "sns");
            route.put("group_by", List.of("alertname", "namespace"));
            route.put("group_wait", "30s");
            route.put("group_interval", "5m");
            route.put("repeat_interval", "4h");
            // The chart's always-firing Watchdog proves the pipeline works; it does not page anyone.
            route.put("routes", List.of(Map.of("receiver", "null", "matchers", List.of("alertname = \"Watchdog\""))));
            var config = new LinkedHashMap<String, Object>();
            config.put("route", route);
            config.put("receivers", List.of(Map.of("name", "null"), Map.of("name", "sns", "sns_configs", List.of(sns))));
            var spec = new LinkedHashMap<String, Object>();
            spec.put("nodeSelector", infra);
            spec.put("replicas", replicas);
            spec.put("storage", volumeClaim(MonitoringSizing.ALERTMANAGER_GIB));
            return Map.of(
                    "serviceAccount", Map.of("create", true, "name", ALERTMANAGER_SERVICE_ACCOUNT,
                            "annotations", Map.of("eks.amazonaws.com/role-arn", roleArn)),
                    "alertmanagerSpec", spec,
                    "config", config);
        }
    }

    /** The image block of these charts (and their subcharts): registry, repository and tag apart. */
    static Map<String, Object> image(Mirror.Routed routed) {
        return Map.of("registry", routed.registry(), "repository", routed.repository(), "tag", routed.tag());
    }

    /**
     * node-exporter's: the chart appends "-distroless" to the tag when image.distroless is set (kube-prometheus-stack
     * sets it); off here, because the pinned tag is already the whole one.
     */
    static Map<String, Object> nodeExporterImage(Mirror.Routed routed) {
        var m = new LinkedHashMap<>(image(routed));
        m.put("distroless", false);
        return m;
    }

    static Map<String, Object> volumeClaim(int gib) {
        // No storage class: the cluster's default, the stack's encrypted gp3.
        return Map.of("volumeClaimTemplate", Map.of("spec", Map.of(
                "accessModes", List.of("ReadWriteOnce"),
                "resources", Map.of("requests", Map.of("storage", gib + "Gi")))));
    }

    /** etcd (Milvus' own, not EKS's) serves /metrics on its client port. */
    public static Map<String, Object> etcdPodMonitor(String milvusNamespace) {
        return Map.of(
                "name", "milvus-etcd",
                "namespaceSelector", Map.of("matchNames", List.of(milvusNamespace)),
                "selector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "etcd")),
                "podMetricsEndpoints", List.of(Map.of("port", "client", "path", "/metrics")));
    }

    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("fullnameOverride", FULLNAME);
        m.put("crds", Map.of("enabled", true));
        // EKS runs the control plane: its scheduler, controller manager and etcd cannot be scraped.
        m.put("kubeControllerManager", Map.of("enabled", false));
        m.put("kubeScheduler", Map.of("enabled", false));
        m.put("kubeEtcd", Map.of("enabled", false));
        // Every image through the stack's registry (#12): a chart default left alone is pulled from quay.io or
        // registry.k8s.io directly, which private subnets of an air-gapped account cannot reach.
        m.put("prometheusOperator", Map.of("nodeSelector", infraSelector,
                "image", image(mirror.route(MonitoringImages.OPERATOR)),
                "prometheusConfigReloader", Map.of("image", image(mirror.route(MonitoringImages.CONFIG_RELOADER))),
                "thanosImage", image(mirror.route(MonitoringImages.THANOS)),
                "admissionWebhooks", Map.of("patch", Map.of("nodeSelector", infraSelector,
                        "image", image(mirror.route(MonitoringImages.WEBHOOK_CERTGEN))))));
        m.put("kube-state-metrics", Map.of("nodeSelector", infraSelector,
                "image", image(mirror.route(MonitoringImages.KUBE_STATE_METRICS))));
        // A DaemonSet on every node, the tainted query nodes included: their memory is what matters most.
        m.put("prometheus-node-exporter", Map.of("tolerations", List.of(Map.of("operator", "Exists")),
                "image", nodeExporterImage(mirror.route(MonitoringImages.NODE_EXPORTER))));
        m.put("prometheus", ChartImages.overlay(prometheus.toMap(infraSelector, etcdPodMonitor),
                Map.of("prometheusSpec", Map.of("image", image(mirror.route(MonitoringImages.PROMETHEUS))))));
        m.put("alertmanager", ChartImages.overlay(alertmanager.toMap(infraSelector),
                Map.of("alertmanagerSpec", Map.of("image", image(mirror.route(MonitoringImages.ALERTMANAGER))))));
        // The admin password is the chart's random one, kept across upgrades (grafana chart: lookup of its Secret).
        m.put("grafana", Map.of(
                // Grafana and its init container are Docker Hub images, its sidecar a quay.io one
                "image", image(mirror.route(ChartImages.GRAFANA)),
                "initChownData", Map.of("image", image(mirror.route(ChartImages.BUSYBOX))),
                "nodeSelector", infraSelector,
                // its helm-test Pod (docker.io/bats/bats) is only created by `helm test`, which the stack never runs
                "testFramework", Map.of("enabled", false),
                "persistence", Map.of("enabled", true, "type", "pvc", "size", MonitoringSizing.GRAFANA_GIB + "Gi"),
                "sidecar", Map.of("image", image(mirror.route(MonitoringImages.GRAFANA_SIDECAR)),
                        "dashboards", Map.of("enabled", true, "label", "grafana_dashboard",
                        "labelValue", "1", "searchNamespace", "ALL"))));
        m.put("additionalPrometheusRulesMap", Map.of(AlertRules.GROUP, ruleGroups));
        return m;
    }
}
