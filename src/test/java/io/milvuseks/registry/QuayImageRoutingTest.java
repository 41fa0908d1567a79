package io.milvuseks.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** quay.io images (Prometheus and the rest of kube-prometheus-stack) through the stack's registry, never upstream. */
class QuayImageRoutingTest {

    static final QuayImage PROMETHEUS = new QuayImage("prometheus/prometheus", "v3.14.0-distroless");

    @Test
    void theEcrCacheKeepsThemUnderItsThirdRulesPrefix() {
        var routed = new Mirror.EcrCache("123456789012", "us-east-1", "docker-hub").route(PROMETHEUS);
        assertThat(routed.reference())
                .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub-quay/prometheus/prometheus:v3.14.0-distroless");
        assertThat(routed.registry()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(routed.repository()).isEqualTo("docker-hub-quay/prometheus/prometheus");
        assertThat(new Mirror.EcrCache("123456789012", "cn-north-1", "hub").route(PROMETHEUS).hostRepository())
                .isEqualTo("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/hub-quay/prometheus/prometheus");
    }

    @Test
    void aPrivateRegistryKeepsThemUnderQuayIoBesideTheOtherUpstreams() {
        var hub = new Mirror.Private("harbor.example.com/hub");
        assertThat(hub.route(PROMETHEUS).reference())
                .isEqualTo("harbor.example.com/hub/quay.io/prometheus/prometheus:v3.14.0-distroless");
        assertThat(hub.route(new K8sImage("kube-state-metrics/kube-state-metrics", "v2.20.0")).repository())
                .isEqualTo("hub/registry.k8s.io/kube-state-metrics/kube-state-metrics");
        assertThat(new Mirror.Private("registry.example.com:5000").route(PROMETHEUS).hostRepository())
                .isEqualTo("registry.example.com:5000/quay.io/prometheus/prometheus");
    }

    @Test
    void malformedPathsAndTagsAreRefused() {
        assertThatThrownBy(() -> new QuayImage("Prometheus/prometheus", "v1")).hasMessageContaining("not a repository path");
        // quay.io has no root namespace: a path is always namespace/name
        assertThatThrownBy(() -> new QuayImage("prometheus", "v1")).hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> new QuayImage("prometheus/prometheus", "v1 0")).hasMessageContaining("not a Docker tag");
        assertThat(PROMETHEUS.reference()).isEqualTo("quay.io/prometheus/prometheus:v3.14.0-distroless");
    }

    @Test
    void theMonitoringImagesAreQuayAndK8sOnesPinnedToTheChartDefaults() {
        assertThat(MonitoringImages.quay()).extracting(QuayImage::reference).containsExactly(
                "quay.io/prometheus-operator/prometheus-operator:v0.93.1",
                "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1",
                "quay.io/prometheus/prometheus:v3.14.0-distroless",
                "quay.io/prometheus/alertmanager:v0.34.0",
                "quay.io/prometheus/node-exporter:v1.12.1-distroless",
                "quay.io/kiwigrid/k8s-sidecar:2.10.1",
                "quay.io/thanos/thanos:v0.42.4");
        assertThat(MonitoringImages.k8s()).extracting(K8sImage::reference).containsExactly(
                "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0",
                "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.5");
    }

    @Test
    void theNodeAndTemplatePoliciesCoverTheQuayRulesPrefix() {
        var prefixes = List.of("docker-hub", "docker-hub-k8s", "docker-hub-quay");
        assertThat(RegistryPolicies.nodePullThrough("us-east-1", "123456789012", prefixes))
                .contains("arn:aws:ecr:us-east-1:123456789012:repository/docker-hub-quay/*");
        assertThat(RegistryPolicies.templateRole("us-east-1", "123456789012", prefixes, "arn:k"))
                .contains("repository/docker-hub-quay/*");
    }
}
