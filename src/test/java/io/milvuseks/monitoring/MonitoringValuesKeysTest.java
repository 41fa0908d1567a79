package io.milvuseks.monitoring;

import io.milvuseks.milvus.ChartKeys;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Helm ignores a misspelt key: every key the stack emits must be one of kube-prometheus-stack 88.5.3's (or its subcharts'). */
class MonitoringValuesKeysTest {

    static final ChartKeys CHART = ChartKeys.load(MonitoringValuesKeysTest.class,
            "chart-keys-kube-prometheus-stack-" + Monitoring.CHART_VERSION + ".tsv");

    static MonitoringValues values(boolean prod) {
        var sizing = MonitoringSizing.plan(78, 90, 15, prod, prod ? 3 : 0);
        var inputs = AlertRulesTest.INPUTS;
        return new MonitoringValues(Map.of("milvus.io/role", "infra"),
                new MonitoringValues.Prometheus(sizing, 15),
                new MonitoringValues.Alertmanager("arn:aws:iam::000000000000:role/am",
                        "arn:aws:sns:us-east-1:000000000000:alerts", "us-east-1", sizing.replicas()),
                AlertRules.ruleGroups(AlertRules.rules(inputs)), MonitoringValues.etcdPodMonitor("milvus"),
                new io.milvuseks.registry.Mirror.EcrCache("000000000000", "us-east-1", "docker-hub"));
    }

    @Test
    void everyEmittedKeyIsTheChartsWithItsType() {
        for (boolean prod : new boolean[] {true, false}) {
            var check = CHART.check(values(prod).toMap());
            assertThat(check.problems()).as("prod=" + prod).isEmpty();
            assertThat(check.leaves()).containsKeys("prometheus.prometheusSpec.storageSpec",
                    "prometheus.prometheusSpec.nodeSelector", "alertmanager.config.receivers",
                    "alertmanager.serviceAccount.annotations", "grafana.sidecar.dashboards.label",
                    "prometheus-node-exporter.tolerations", "additionalPrometheusRulesMap");
        }
    }

    @Test
    void aMisspeltKeyIsCaught() {
        var values = new java.util.LinkedHashMap<>(values(true).toMap());
        values.put("alertmanger", Map.of("enabled", true));
        assertThat(CHART.check(values).problems()).containsExactly("alertmanger: not a key of the chart");
    }
}
