package io.milvuseks.monitoring;

import io.milvuseks.registry.Mirror;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image block of kube-prometheus-stack 88.5.3 and its subcharts (the chart-keys tsv, derived from their
 * values.yaml): the stack's values route it to the mirror, or its section stays off. A chart bump that adds an
 * image fails here until it is routed or shown off.
 */
class MonitoringImagesTest {

    static final String HOST = "000000000000.dkr.ecr.us-east-1.amazonaws.com";

    /** Image blocks the stack's values leave at the chart default, and the switch that keeps each undeployed. */
    static final Map<String, String> OFF = Map.of(
            "crds.upgradeJob.image.busybox", "crds.upgradeJob.enabled",
            "crds.upgradeJob.image.kubectl", "crds.upgradeJob.enabled",
            "prometheusOperator.admissionWebhooks.deployment.image",
            "prometheusOperator.admissionWebhooks.deployment.enabled",
            "thanosRuler.thanosRulerSpec.image", "thanosRuler.enabled",
            "kube-state-metrics.kubeRBACProxy.image", "kube-state-metrics.kubeRBACProxy.enabled",
            "prometheus-node-exporter.kubeRBACProxy.image", "prometheus-node-exporter.kubeRBACProxy.enabled",
            // the init container runs only with one of its fixes (rapl, slabinfo) on or extra commands given
            "prometheus-node-exporter.permissionInitContainer.image",
            "prometheus-node-exporter.permissionInitContainer.fixes",
            "grafana.testFramework.image", "grafana.testFramework.enabled",
            // used only to fetch dashboards listed under grafana.dashboards; the stack's come through the sidecar
            "grafana.downloadDashboardsImage", "grafana.dashboards",
            "grafana.imageRenderer.image", "grafana.imageRenderer.enabled");

    static TreeSet<String> chartImageBlocks() throws IOException {
        var blocks = new TreeSet<String>();
        try (var in = MonitoringImagesTest.class.getResourceAsStream(
                "chart-keys-kube-prometheus-stack-" + Monitoring.CHART_VERSION + ".tsv")) {
            for (var line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                var path = line.split("\t")[0];
                if (!line.startsWith("#") && path.endsWith(".registry")) {
                    blocks.add(path.substring(0, path.length() - ".registry".length()));
                }
            }
        }
        return blocks;
    }

    @Test
    void everyImageBlockOfTheChartIsRoutedOrItsSectionIsOff() throws IOException {
        var blocks = chartImageBlocks();
        assertThat(blocks).hasSize(21).containsAll(OFF.keySet());
        for (boolean prod : new boolean[] {true, false}) {
            var values = MonitoringValuesKeysTest.values(prod).toMap();
            var leaves = MonitoringValuesKeysTest.CHART.check(values).leaves();
            for (var block : blocks) {
                if (OFF.containsKey(block)) {
                    // the stack leaves the block alone and never turns its switch on (absent: the chart's off)
                    var sw = at(values, OFF.get(block));
                    assertThat(sw).as(OFF.get(block)).satisfiesAnyOf(x -> assertThat(x).isNull(),
                            x -> assertThat(x).isEqualTo(false));
                    assertThat(at(values, block)).as(block).isNull();
                    continue;
                }
                assertThat(leaves).as(block + " is routed").containsKeys(block + ".registry", block + ".repository",
                        block + ".tag");
                assertThat(at(values, block + ".registry")).as(block).isEqualTo(HOST);
            }
        }
    }

    static Object at(Map<String, Object> values, String path) {
        Object node = values;
        for (var segment : path.split("\\.")) {
            node = node instanceof Map<?, ?> m ? m.get(segment) : null;
        }
        return node;
    }

    @Test
    void everyRoutedImageIsTheMirrorsAtTheChartsDefaultTag() {
        var v = MonitoringValuesKeysTest.values(true).toMap();
        var refs = new TreeSet<String>();
        walk(v, "", refs);
        assertThat(refs).allSatisfy(r -> assertThat(r).startsWith(HOST + "/docker-hub"))
                .containsExactlyInAnyOrder(
                        HOST + "/docker-hub-quay/prometheus-operator/prometheus-operator:v0.93.1",
                        HOST + "/docker-hub-quay/prometheus-operator/prometheus-config-reloader:v0.93.1",
                        HOST + "/docker-hub-quay/thanos/thanos:v0.42.4",
                        HOST + "/docker-hub-quay/prometheus/prometheus:v3.14.0-distroless",
                        HOST + "/docker-hub-quay/prometheus/alertmanager:v0.34.0",
                        HOST + "/docker-hub-quay/prometheus/node-exporter:v1.12.1-distroless",
                        HOST + "/docker-hub-quay/kiwigrid/k8s-sidecar:2.10.1",
                        HOST + "/docker-hub-k8s/kube-state-metrics/kube-state-metrics:v2.20.0",
                        HOST + "/docker-hub-k8s/ingress-nginx/kube-webhook-certgen:v1.6.5",
                        HOST + "/docker-hub/grafana/grafana:13.2.0",
                        HOST + "/docker-hub/library/busybox:1.38.0");
        // the node-exporter tag is whole: the chart must not append "-distroless" a second time
        @SuppressWarnings("unchecked")
        var ne = (Map<String, Object>) ((Map<String, Object>) v.get("prometheus-node-exporter")).get("image");
        assertThat(ne).containsEntry("distroless", false);
    }

    @Test
    void aPrivateRegistryGetsEveryImageUnderItsUpstreamsPath() {
        var values = MonitoringValuesKeysTest.values(true);
        var priv = new MonitoringValues(values.infraSelector(), values.prometheus(), values.alertmanager(),
                values.ruleGroups(), values.etcdPodMonitor(), new Mirror.Private("harbor.example.com/hub"));
        var refs = new TreeSet<String>();
        walk(priv.toMap(), "", refs);
        assertThat(refs).hasSize(11).allSatisfy(r -> assertThat(r).startsWith("harbor.example.com/hub/"))
                .contains("harbor.example.com/hub/quay.io/prometheus/prometheus:v3.14.0-distroless",
                        "harbor.example.com/hub/registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0",
                        "harbor.example.com/hub/grafana/grafana:13.2.0");
    }

    /** registry/repository:tag of every map that has a registry (the charts' image blocks). */
    static void walk(Object node, String path, TreeSet<String> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("registry") instanceof String r) {
                out.add(r + "/" + m.get("repository") + ":" + m.get("tag"));
            }
            m.forEach((k, x) -> walk(x, path + "." + k, out));
        } else if (node instanceof java.util.List<?> l) {
            l.forEach(x -> walk(x, path, out));
        }
    }
}
