package io.milvuseks.registry;

import java.util.List;

/**
 * The images kube-prometheus-stack 88.5.3 deploys with the stack's values, besides Grafana and busybox (Docker Hub,
 * {@link ChartImages}). Each tag is the chart's default at that version, read from the chart's tagged sources in
 * prometheus-community/helm-charts (tag kube-prometheus-stack-88.5.3, its subcharts kube-state-metrics-8.4.0 and
 * prometheus-node-exporter-4.56.1) and grafana-community/helm-charts (tag grafana-12.11.1). Pinned here because a
 * chart default the values leave alone is pulled from its upstream registry, not the stack's.
 */
public final class MonitoringImages {

    /** kube-prometheus-stack Chart.yaml appVersion (prometheusOperator.image.tag "" defaults to it). */
    static final String OPERATOR_VERSION = "v0.93.1";
    public static final QuayImage OPERATOR = new QuayImage("prometheus-operator/prometheus-operator",
            OPERATOR_VERSION);
    /** prometheusOperator.prometheusConfigReloader.image: tag "" defaults to the appVersion too. */
    public static final QuayImage CONFIG_RELOADER = new QuayImage("prometheus-operator/prometheus-config-reloader",
            OPERATOR_VERSION);
    /** prometheus.prometheusSpec.image. */
    public static final QuayImage PROMETHEUS = new QuayImage("prometheus/prometheus", "v3.14.0-distroless");
    /** alertmanager.alertmanagerSpec.image. */
    public static final QuayImage ALERTMANAGER = new QuayImage("prometheus/alertmanager", "v0.34.0");
    /**
     * prometheus-node-exporter 4.56.1: tag "" is 'v' + appVersion 1.12.1, and kube-prometheus-stack sets
     * image.distroless, which appends "-distroless": the tag below is the one that chart pulls, written whole.
     */
    public static final QuayImage NODE_EXPORTER = new QuayImage("prometheus/node-exporter", "v1.12.1-distroless");
    /** grafana 12.11.1 sidecar.image (dashboards and datasources sidecars). */
    public static final QuayImage GRAFANA_SIDECAR = new QuayImage("kiwigrid/k8s-sidecar", "2.10.1");
    /**
     * prometheusOperator.thanosImage: only the operator's default for a Thanos sidecar (none is deployed); routed so
     * that one added later does not pull upstream.
     */
    public static final QuayImage THANOS = new QuayImage("thanos/thanos", "v0.42.4");
    /** kube-state-metrics 8.4.0: tag "" is 'v' + appVersion 2.20.0. */
    public static final K8sImage KUBE_STATE_METRICS = new K8sImage("kube-state-metrics/kube-state-metrics",
            "v2.20.0");
    /**
     * The admission webhook's certificate Jobs (prometheusOperator.admissionWebhooks.patch). 88.5.3's default is
     * ghcr.io/jkroepke/kube-webhook-certgen:1.8.7, and ECR caches ghcr.io only with a GitHub credential; this is the
     * image the chart shipped up to 80.2.1 (prometheus-community/helm-charts#6406 switched it), the same
     * {@code create}/{@code patch} commands and flags the chart's Jobs pass, from registry.k8s.io, which the k8s rule
     * caches without one.
     */
    public static final K8sImage WEBHOOK_CERTGEN = new K8sImage("ingress-nginx/kube-webhook-certgen", "v1.6.5");

    private MonitoringImages() {
    }

    public static List<QuayImage> quay() {
        return List.of(OPERATOR, CONFIG_RELOADER, PROMETHEUS, ALERTMANAGER, NODE_EXPORTER, GRAFANA_SIDECAR, THANOS);
    }

    public static List<K8sImage> k8s() {
        return List.of(KUBE_STATE_METRICS, WEBHOOK_CERTGEN);
    }
}
