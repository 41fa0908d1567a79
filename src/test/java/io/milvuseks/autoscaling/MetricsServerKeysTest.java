package io.milvuseks.autoscaling;

import io.milvuseks.milvus.ChartKeys;
import io.milvuseks.registry.Mirror;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsServerKeysTest {

    static MetricsServerValues values(String kubernetesVersion, int maxNodes) {
        var mirror = new Mirror.EcrCache("000000000000", "us-east-1", "docker-hub");
        return new MetricsServerValues(mirror.route(AutoscalerVersions.of(kubernetesVersion).metricsServerImage()),
                Map.of("milvus.io/role", "infra"), maxNodes);
    }

    @Test
    void everyEmittedKeyIsEachPinnedChartsWithItsType() {
        for (var k8s : AutoscalerVersions.kubernetesVersions()) {
            var chart = AutoscalerVersions.of(k8s).metricsServerChart();
            var check = ChartKeys.load(MetricsServerKeysTest.class, "chart-keys-metrics-server-" + chart + ".tsv")
                    .check(values(k8s, 156).toMap());
            assertThat(check.problems()).as("Kubernetes " + k8s + ", chart " + chart).isEmpty();
            assertThat(check.leaves()).containsKeys("image.repository", "image.tag", "nodeSelector",
                    "resources.requests.cpu", "resources.limits.memory");
        }
    }

    /** metrics-server README: 0.8.x serves Kubernetes 1.31+, 0.7.x 1.27+. */
    @Test
    void theMetricsServerMinorSuitsTheCluster() {
        assertThat(AutoscalerVersions.of("1.30").metricsServerTag()).startsWith("v0.7.");
        for (var k8s : new String[] {"1.31", "1.32", "1.33"}) {
            assertThat(AutoscalerVersions.of(k8s).metricsServerTag()).startsWith("v0.8.");
        }
    }

    @Test
    void itIsSizedPerNodeWithTheChartsDefaultsAsTheFloor() {
        assertThat(values("1.33", 156).cpuMilli()).isEqualTo(156);
        assertThat(values("1.33", 156).memoryMiB()).isEqualTo(312);
        assertThat(values("1.33", 13).cpuMilli()).isEqualTo(100);
        assertThat(values("1.33", 13).memoryMiB()).isEqualTo(200);
    }
}
