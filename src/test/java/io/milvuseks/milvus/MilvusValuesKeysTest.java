package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helm silently ignores a misspelt key, so every key the stack emits is checked against the chart's own key list
 * (chart-keys-5.0.19.tsv, derived from the chart 5.0.19 values.yaml), and the emitted key set is pinned here.
 */
class MilvusValuesKeysTest {

    private static final ChartKeys CHART = ChartKeys.load();

    /** Every leaf path the stack can emit, with its type, over all stacks, queues and options. */
    private static final String PINNED = """
            cluster.enabled bool
            dataNode.affinity map
            dataNode.enabled bool
            dataNode.extraEnv list
            dataNode.hpa.cpuUtilization int
            dataNode.hpa.enabled bool
            dataNode.hpa.maxReplicas int
            dataNode.hpa.minReplicas int
            dataNode.nodeSelector map
            dataNode.replicas int
            dataNode.resources map
            dataNode.strategy map
            dataNode.tolerations list
            dataNode.topologySpreadConstraints list
            etcd.affinity map
            etcd.autoCompactionMode string
            etcd.autoCompactionRetention string
            etcd.enabled bool
            etcd.extraEnvVars list
            etcd.nodeSelector map
            etcd.pdb.create bool
            etcd.pdb.minAvailable int
            etcd.persistence.enabled bool
            etcd.persistence.size string
            etcd.persistence.storageClass string
            etcd.removeMemberOnContainerTermination bool
            etcd.replicaCount int
            etcd.resources map
            etcd.topologySpreadConstraints list
            externalKafka.brokerList string
            externalKafka.enabled bool
            externalKafka.sasl.mechanisms string
            externalKafka.sasl.username string
            externalKafka.securityProtocol string
            externalS3.accessKey string
            externalS3.bucketName string
            externalS3.cloudProvider string
            externalS3.enabled bool
            externalS3.host string
            externalS3.port string
            externalS3.region string
            externalS3.rootPath string
            externalS3.secretKey string
            externalS3.useIAM bool
            externalS3.useSSL bool
            extraConfigFiles["user.yaml"] string
            image.all.pullPolicy string
            image.all.repository string
            image.all.tag string
            indexNode.enabled bool
            kafka.enabled bool
            log.format string
            log.level string
            metrics.enabled bool
            metrics.serviceMonitor.enabled bool
            minio.enabled bool
            mixCoordinator.activeStandby.enabled bool
            mixCoordinator.enabled bool
            mixCoordinator.extraEnv list
            mixCoordinator.nodeSelector map
            mixCoordinator.replicas int
            mixCoordinator.resources map
            mixCoordinator.strategy map
            mixCoordinator.tolerations list
            mixCoordinator.topologySpreadConstraints list
            proxy.enabled bool
            proxy.extraEnv list
            proxy.nodeSelector map
            proxy.replicas int
            proxy.resources map
            proxy.strategy map
            proxy.tolerations list
            proxy.topologySpreadConstraints list
            proxy.volumeMounts list
            proxy.volumes list
            pulsarv3.autorecovery.nodeSelector map
            pulsarv3.bookkeeper.affinity.anti_affinity bool
            pulsarv3.bookkeeper.nodeSelector map
            pulsarv3.bookkeeper.replicaCount int
            pulsarv3.bookkeeper.volumes.journal.storageClassName string
            pulsarv3.bookkeeper.volumes.ledgers.storageClassName string
            pulsarv3.broker.affinity.anti_affinity bool
            pulsarv3.broker.nodeSelector map
            pulsarv3.broker.replicaCount int
            pulsarv3.enabled bool
            pulsarv3.proxy.affinity.anti_affinity bool
            pulsarv3.proxy.nodeSelector map
            pulsarv3.proxy.replicaCount int
            pulsarv3.zookeeper.affinity.anti_affinity bool
            pulsarv3.zookeeper.nodeSelector map
            pulsarv3.zookeeper.replicaCount int
            pulsarv3.zookeeper.volumes.data.storageClassName string
            queryNode.enabled bool
            queryNode.extraEnv list
            queryNode.nodeSelector map
            queryNode.replicas int
            queryNode.resources map
            queryNode.strategy map
            queryNode.tolerations list
            queryNode.topologySpreadConstraints list
            service.annotations map
            service.loadBalancerSourceRanges list
            service.port int
            service.type string
            serviceAccount.annotations map
            serviceAccount.create bool
            serviceAccount.name string
            streaming.enabled bool
            streaming.woodpecker.embedded bool
            streaming.woodpecker.storage.type string
            streamingNode.affinity map
            streamingNode.extraEnv list
            streamingNode.nodeSelector map
            streamingNode.replicas int
            streamingNode.resources map
            streamingNode.strategy map
            streamingNode.tolerations list
            streamingNode.topologySpreadConstraints list
            woodpecker.enabled bool
            """;

    static List<Map<String, Object>> allVariants() {
        var out = new ArrayList<Map<String, Object>>();
        for (var stack : List.of("staging", "prod")) {
            for (var queue : MessageQueue.values()) {
                for (var options : List.of(Map.<String, String>of(),
                        Map.of("proxyTls", "true", "serviceMonitor", "true", "proxyService", "internalNlb"),
                        stack.equals("prod")
                                ? Map.of("proxyService", "clusterIP", "etcdReplicas", "5",
                                        "nodePools", Fixtures.PROD_POOLS_FIVE_INFRA)
                                : Map.of("proxyService", "clusterIP", "etcdReplicas", "1"))) {
                    out.add(Fixtures.values(Fixtures.settings(stack, queue, options)).toMap());
                }
            }
        }
        return out;
    }

    @Test
    void everyEmittedKeyExistsInTheChartWithTheChartsType() {
        for (var values : allVariants()) {
            assertThat(CHART.check(values).problems()).isEmpty();
        }
    }

    @Test
    void emittedKeysAndTypesArePinned() {
        var union = new TreeMap<String, String>();
        allVariants().forEach(v -> union.putAll(CHART.check(v).leaves()));
        var actual = union.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(actual).isEqualTo(PINNED);
    }

    @Test
    void checkerRejectsMisspeltNestedAndMistypedKeys() {
        var bad = new LinkedHashMap<String, Object>();
        bad.put("queryNode", Map.of("replica", 3));
        bad.put("externalS3", Map.of("port", 443));
        bad.put("etcd", Map.of("persistence", "gp3"));
        bad.put("proxy", Map.of("resources", Map.of("limits", Map.of("cpu", "1"))));
        assertThat(CHART.check(bad).problems()).containsExactlyInAnyOrder(
                "queryNode.replica: not a key of the chart",
                "externalS3.port: chart type string, emitted int",
                "etcd.persistence: chart has an object here, emitted string");
    }

    @Test
    void keyListIsTheChartsValuesYaml() {
        assertThat(CHART.size()).isGreaterThan(700);
        assertThat(CHART.type("externalKafka.sasl.password")).isEqualTo("string");
        assertThat(CHART.type("indexNode.enabled")).isEqualTo("bool");
        assertThat(CHART.type("extraConfigFiles[\"user.yaml\"]")).isEqualTo("string");
        assertThat(CHART.type("serviceAccount.name")).isEqualTo("string");
        assertThat(CHART.type("streamingNode.enabled")).isNull();
    }
}
