package io.milvuseks.milvus;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zone query Deployments roll when what the chart's ConfigMap is rendered from changes, and only then: a roll
 * reloads every segment of a replica, so an etcd resize or a new role ARN must not cause one.
 */
class QueryZoneChecksumTest {

    private static final String CHART = "5.0.19";

    @Test
    void onlyWhatTheConfigMapReadsAndTheChartVersionRollTheZonePods() {
        var values = Fixtures.values(Stacks.settings("prod")).toMap();
        var base = QueryZonePods.checksum(values, CHART);
        assertThat(QueryZonePods.checksum(copy(values), CHART)).as("deterministic").isEqualTo(base);

        // not read by config.tpl / configmap.yaml: no roll
        for (var path : List.of("etcd.resources", "serviceAccount.annotations", "proxy.replicas",
                "dataNode.resources", "queryNode.resources", "image.all.tag", "metrics")) {
            assertThat(QueryZonePods.checksum(with(values, path, "changed"), CHART)).as(path).isEqualTo(base);
        }
        // read by them: a roll
        for (var path : List.of("extraConfigFiles", "externalS3.bucketName", "queryNode.disk", "etcd.replicaCount",
                "externalKafka.brokerList", "log.level")) {
            assertThat(QueryZonePods.checksum(with(values, path, "changed"), CHART)).as(path).isNotEqualTo(base);
        }
        assertThat(QueryZonePods.checksum(values, "5.0.20")).as("a chart bump").isNotEqualTo(base);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> values, String path, Object value) {
        var root = copy(values);
        Map<String, Object> m = root;
        var keys = path.split("\\.");
        for (int i = 0; i < keys.length - 1; i++) {
            var next = m.get(keys[i]);
            var child = next instanceof Map<?, ?> n ? copy((Map<String, Object>) n) : new LinkedHashMap<String, Object>();
            m.put(keys[i], child);
            m = child;
        }
        m.put(keys[keys.length - 1], value);
        return root;
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
