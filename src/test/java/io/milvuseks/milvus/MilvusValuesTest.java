package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.naming.Naming;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilvusValuesTest {

    static Stream<Arguments> stacksAndQueues() {
        return Stream.of("staging", "prod").flatMap(stack ->
                Stream.of(MessageQueue.values()).map(q -> Arguments.of(stack, q)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> values, String dotted) {
        Object cur = values;
        for (var k : dotted.split("\\.")) {
            cur = ((Map<String, Object>) cur).get(k);
        }
        return (Map<String, Object>) cur;
    }

    static Object get(Map<String, Object> values, String dotted) {
        int i = dotted.lastIndexOf('.');
        return at(values, dotted.substring(0, i)).get(dotted.substring(i + 1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacksAndQueues")
    void clusterModeOnS3ThroughIrsaWithoutKeys(String stack, MessageQueue queue) {
        var s = Fixtures.settings(stack, queue);
        var v = Fixtures.values(s).toMap();
        assertThat(get(v, "cluster.enabled")).isEqualTo(true);
        assertThat(get(v, "minio.enabled")).isEqualTo(false);
        assertThat(at(v, "externalS3")).containsEntry("enabled", true).containsEntry("bucketName", Fixtures.BUCKET)
                .containsEntry("useIAM", true).containsEntry("useSSL", true).containsEntry("cloudProvider", "aws")
                .containsEntry("region", s.region()).containsEntry("host", "s3." + s.region() + ".amazonaws.com")
                .containsEntry("port", "443").containsEntry("accessKey", "").containsEntry("secretKey", "");
        assertThat(at(v, "serviceAccount")).containsEntry("create", true)
                .containsEntry("name", Naming.MILVUS_SERVICE_ACCOUNT)
                .containsEntry("annotations", Map.of("eks.amazonaws.com/role-arn", Fixtures.ROLE_ARN));
        assertThat(get(v, "image.all.tag")).isEqualTo(s.milvus().imageTag());
        assertThat(get(v, "indexNode.enabled")).isEqualTo(false);
        assertThat(get(v, "metrics.enabled")).isEqualTo(true);
        assertThat(get(v, "metrics.serviceMonitor.enabled")).isEqualTo(s.milvus().serviceMonitor());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacksAndQueues")
    void exactlyTheChosenQueueIsOn(String stack, MessageQueue queue) {
        var v = Fixtures.map(stack, queue);
        assertThat(get(v, "externalKafka.enabled")).isEqualTo(queue == MessageQueue.MSK);
        assertThat(get(v, "pulsarv3.enabled")).isEqualTo(queue == MessageQueue.PULSAR);
        assertThat(get(v, "kafka.enabled")).isEqualTo(false);
        // the standalone Woodpecker service stays off: the WAL is the streaming nodes' embedded Woodpecker
        assertThat(get(v, "woodpecker.enabled")).isEqualTo(false);
        assertThat(at(v, "streaming")).containsEntry("enabled", true);
        if (queue == MessageQueue.WOODPECKER) {
            // embedded WAL on Milvus' object storage: "minio" is config.tpl's name for the externalS3 bucket
            assertThat(get(v, "streaming.woodpecker.embedded")).isEqualTo(true);
            assertThat(get(v, "streaming.woodpecker.storage.type")).isEqualTo("minio");
            assertThat(get(v, "externalS3.enabled")).isEqualTo(true);
            assertThat(get(v, "externalS3.bucketName")).isEqualTo(Fixtures.BUCKET);
        } else {
            // MSK / Pulsar: no Woodpecker settings beside minio.enabled=false to confuse a reader
            assertThat(at(v, "streaming")).containsOnlyKeys("enabled");
        }
        var user = userYaml(v);
        if (queue == MessageQueue.WOODPECKER) {
            assertThat(user).containsEntry("mq", Map.of("type", "woodpecker"));
        } else {
            // config.tpl writes mq.type for pulsar and kafka itself
            assertThat(user).doesNotContainKey("mq");
        }
        if (queue == MessageQueue.MSK) {
            assertThat(at(v, "externalKafka")).containsEntry("brokerList", Fixtures.BROKERS)
                    .containsEntry("securityProtocol", "SASL_SSL");
            assertThat(at(v, "externalKafka.sasl")).containsEntry("mechanisms", "SCRAM-SHA-512")
                    .containsEntry("username", Credentials.MSK_SCRAM_USERNAME).doesNotContainKey("password");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacksAndQueues")
    void pulsarRunsAQuorumOnInfraNodesOnGp3(String stack, MessageQueue queue) {
        var v = Fixtures.map(stack, queue);
        if (queue != MessageQueue.PULSAR) {
            assertThat(at(v, "pulsarv3")).containsOnlyKeys("enabled");
            return;
        }
        assertThat((int) get(v, "pulsarv3.zookeeper.replicaCount")).isGreaterThanOrEqualTo(3);
        assertThat((int) get(v, "pulsarv3.bookkeeper.replicaCount")).isGreaterThanOrEqualTo(3);
        assertThat((int) get(v, "pulsarv3.broker.replicaCount")).isGreaterThanOrEqualTo(2);
        for (var part : List.of("zookeeper", "bookkeeper", "broker", "proxy", "autorecovery")) {
            assertThat(get(v, "pulsarv3." + part + ".nodeSelector")).isEqualTo(Map.of("milvus.io/role", "infra"));
        }
        for (var part : List.of("zookeeper", "bookkeeper", "broker", "proxy")) {
            assertThat(get(v, "pulsarv3." + part + ".affinity.anti_affinity")).isEqualTo(true);
        }
        assertThat(get(v, "pulsarv3.zookeeper.volumes.data.storageClassName")).isEqualTo("gp3");
        assertThat(get(v, "pulsarv3.bookkeeper.volumes.journal.storageClassName")).isEqualTo("gp3");
        assertThat(get(v, "pulsarv3.bookkeeper.volumes.ledgers.storageClassName")).isEqualTo("gp3");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacksAndQueues")
    @SuppressWarnings("unchecked")
    void etcdIsAnOddQuorumOnInfraNodesSpreadOverZones(String stack, MessageQueue queue) {
        var s = Fixtures.settings(stack, queue);
        var etcd = at(Fixtures.values(s).toMap(), "etcd");
        assertThat(etcd.get("replicaCount")).isEqualTo(s.milvus().etcdReplicas());
        assertThat(s.milvus().etcdReplicas() % 2).isEqualTo(1);
        assertThat((Map<String, Object>) etcd.get("persistence")).containsEntry("enabled", true)
                .containsEntry("storageClass", "gp3");
        assertThat(etcd.get("nodeSelector")).isEqualTo(Map.of("milvus.io/role", "infra"));
        var anti = (Map<String, Object>) ((Map<String, Object>) etcd.get("affinity")).get("podAntiAffinity");
        var required = (List<Map<String, Object>>) anti.get("requiredDuringSchedulingIgnoredDuringExecution");
        assertThat(required).extracting(t -> t.get("topologyKey"))
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(required.get(1).get("labelSelector")).isEqualTo(Map.of("matchLabels",
                Map.of("app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", Naming.MILVUS_RELEASE)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fiveEtcdMembersOverThreeZonesPreferZonesButRequireDistinctHosts() {
        var s = Fixtures.settings("prod", MessageQueue.MSK, Map.of("etcdReplicas", "5",
                "nodePools", Fixtures.PROD_POOLS_FIVE_INFRA));
        var anti = (Map<String, Object>) at(Fixtures.values(s).toMap(), "etcd.affinity").get("podAntiAffinity");
        assertThat((List<Map<String, Object>>) anti.get("requiredDuringSchedulingIgnoredDuringExecution"))
                .extracting(t -> t.get("topologyKey")).containsExactly("kubernetes.io/hostname");
        assertThat((List<Map<String, Object>>) anti.get("preferredDuringSchedulingIgnoredDuringExecution"))
                .hasSize(1);
        assertThat(get(Fixtures.values(s).toMap(), "etcd.replicaCount")).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacksAndQueues")
    @SuppressWarnings("unchecked")
    void everyComponentIsPinnedToItsPoolSizedAndSpreadOverZones(String stack, MessageQueue queue) {
        var s = Fixtures.settings(stack, queue);
        var sizing = MilvusSizing.plan(s, Fixtures.nodeCounts(s));
        var v = Fixtures.values(s).toMap();
        for (var c : Component.values()) {
            var m = at(v, c.valuesKey());
            if (c == Component.DATA_NODE && s.autoscaling().enabled()) {
                // the HPA owns the count, from the standing count up (autoscaling.enabled)
                assertThat(m.get("replicas")).isEqualTo(-1);
                assertThat(((Map<String, Object>) m.get("hpa")).get("minReplicas")).isEqualTo(sizing.of(c).replicas());
            } else {
                // with 2+ replicas the query and streaming pods come from the zone Deployments
                // (QueryZoneDeployments), not the chart's
                boolean zonedQuery = c == Component.QUERY_NODE && s.collection().replicas() > 1;
                boolean zonedPods = (c == Component.QUERY_NODE || c == Component.STREAMING_NODE)
                        && s.collection().replicas() > 1;
                assertThat(m.get("replicas")).as(c.name()).isEqualTo(zonedPods ? 0 : sizing.of(c).replicas());
                if (c != Component.STREAMING_NODE) {
                    // the chart's query Deployment is off when the zone Deployments run the query pods
                    assertThat(m.get("enabled")).as(c.name()).isEqualTo(!zonedQuery);
                }
            }
            assertThat(m.get("resources")).as(c.name()).isEqualTo(sizing.of(c).resources());
            var resources = (Map<String, Map<String, Object>>) m.get("resources");
            assertThat(resources.get("requests")).containsKeys("cpu", "memory");
            assertThat(resources.get("limits")).containsKeys("cpu", "memory");
            assertThat(m.get("nodeSelector")).isEqualTo(Map.of("milvus.io/role", c.role().wire()));
            var tolerations = (List<Map<String, Object>>) m.get("tolerations");
            if (c.role() == NodeRole.QUERY) {
                assertThat(tolerations).containsExactly(Map.of("key", "milvus.io/role", "operator", "Equal",
                        "value", "query", "effect", "NoSchedule"));
            } else {
                assertThat(tolerations).isEmpty();
            }
            var tsc = (List<Map<String, Object>>) m.get("topologySpreadConstraints");
            assertThat(tsc).hasSize(1);
            assertThat(tsc.get(0)).containsEntry("topologyKey", "topology.kubernetes.io/zone")
                    .containsEntry("maxSkew", 1)
                    // hard only where it is always satisfiable (ZoneSpreadTest): the coordinators, in prod
                    .containsEntry("whenUnsatisfiable", s.prod() && c == Component.MIX_COORDINATOR
                            ? "DoNotSchedule" : "ScheduleAnyway");
            assertThat(((Map<String, Map<String, String>>) tsc.get(0).get("labelSelector")).get("matchLabels"))
                    .containsEntry("component", c.podLabel());
        }
        assertThat(get(v, "queryNode.replicas")).isEqualTo(s.collection().replicas() > 1 ? 0
                : Fixtures.nodeCounts(s).get(NodeRole.QUERY));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacksAndQueues")
    void authorizationIsOnAndPasswordsComeFromTheSecret(String stack, MessageQueue queue) {
        var v = Fixtures.map(stack, queue);
        assertThat(get(userYaml(v), "common.security.authorizationEnabled")).isEqualTo(true);
        for (var c : Component.values()) {
            var names = envNames(v, c);
            boolean root = c == Component.MIX_COORDINATOR || c == Component.PROXY;
            assertThat(names.contains(Credentials.ROOT_PASSWORD_ENV)).as(c + " root").isEqualTo(root);
            assertThat(names.contains(Credentials.KAFKA_PASSWORD_ENV)).as(c + " kafka")
                    .isEqualTo(queue == MessageQueue.MSK);
        }
        assertThat(get(v, "mixCoordinator.extraEnv")).asList().first().isEqualTo(Map.of(
                "name", "COMMON_SECURITY_DEFAULTROOTPASSWORD",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "milvus-credentials", "key", "rootPassword"))));
    }

    @Test
    void milvusEnvironmentNamesNormaliseToTheConfigKeys() {
        // Milvus' env source and config manager both lower-case and drop '_', '.', '/' (see Credentials).
        assertThat(normalise(Credentials.ROOT_PASSWORD_ENV)).isEqualTo(normalise("common.security.defaultRootPassword"));
        assertThat(normalise(Credentials.KAFKA_PASSWORD_ENV)).isEqualTo(normalise("kafka.saslPassword"));
    }

    private static String normalise(String key) {
        return key.toLowerCase().replace("/", "").replace("_", "").replace(".", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clusterIP", "internalNlb"})
    void theChartsProxyServiceIsAlwaysClusterIpBecauseItCarriesTheMetricsPort(String exposure) {
        // service.yaml adds port 9091 (metrics + /management) to this Service when metrics are on; the internal
        // NLB is a separate Service with the client port only (MilvusGuardsTest)
        var values = Fixtures.values(Fixtures.settings("prod", MessageQueue.MSK,
                Map.of("proxyService", exposure))).toMap();
        assertThat(get(values, "metrics.enabled")).isEqualTo(true);
        assertThat(at(values, "service")).containsEntry("type", "ClusterIP").containsEntry("port", 19530)
                .containsEntry("annotations", Map.of()).containsEntry("loadBalancerSourceRanges", List.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void proxyTlsMountsTheCertificateAndTurnsOnTlsMode() {
        var off = Fixtures.values(Fixtures.settings("prod", MessageQueue.MSK, Map.of("proxyTls", "false"))).toMap();
        assertThat(at(off, "proxy")).doesNotContainKeys("volumes", "volumeMounts");
        assertThat(userYaml(off)).doesNotContainKey("tls");

        var on = Fixtures.values(Fixtures.settings("prod", MessageQueue.MSK, Map.of("proxyTls", "true"))).toMap();
        var user = userYaml(on);
        assertThat(((Map<String, Map<String, Object>>) user.get("common")).get("security"))
                .containsEntry("tlsMode", 1).containsEntry("authorizationEnabled", true);
        assertThat(user.get("tls")).isEqualTo(Map.of("serverPemPath", "/etc/milvus/certs/tls.crt",
                "serverKeyPath", "/etc/milvus/certs/tls.key"));
        assertThat(get(on, "proxy.volumes")).isEqualTo(List.of(Map.of("name", "proxy-tls",
                "secret", Map.of("secretName", MilvusValuesFactory.PROXY_TLS_SECRET))));
        assertThat(get(on, "proxy.volumeMounts")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("mountPath", "/etc/milvus/certs");
        assertThat(at(on, "queryNode")).doesNotContainKey("volumes");
    }

    @Test
    void serviceMonitorFollowsTheSetting() {
        var v = Fixtures.values(Fixtures.settings("staging", MessageQueue.PULSAR, Map.of("serviceMonitor", "true")))
                .toMap();
        assertThat(get(v, "metrics.serviceMonitor.enabled")).isEqualTo(true);
    }

    @Test
    void mskWithoutBrokersIsRefused() {
        var s = Fixtures.settings("prod", MessageQueue.MSK);
        assertThatThrownBy(() -> MilvusValuesFactory.build(s, MilvusSizing.plan(s, Fixtures.nodeCounts(s)),
                new DeployInputs("b", "arn", java.util.Optional.empty())))
                .hasMessageContaining("no MSK bootstrap brokers");
    }

    @Test
    void proxyServiceNameFollowsTheChartsFullnameHelper() {
        assertThat(MilvusValuesFactory.proxyServiceName("milvus")).isEqualTo("milvus");
        assertThat(MilvusValuesFactory.proxyServiceName("vectors")).isEqualTo("vectors-milvus");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> userYaml(Map<String, Object> values) {
        var text = (String) ((Map<String, Object>) values.get("extraConfigFiles")).get("user.yaml");
        return new Yaml().load(text);
    }

    @SuppressWarnings("unchecked")
    static List<String> envNames(Map<String, Object> values, Component c) {
        return ((List<Map<String, Object>>) at(values, c.valuesKey()).get("extraEnv")).stream()
                .map(e -> (String) e.get("name")).toList();
    }

    @Test
    void everyMilvusDeploymentRollsOnePodAtATimeWithoutSurge() {
        var one = Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxUnavailable", 1, "maxSurge", 0));
        var prod = Fixtures.map("prod", MessageQueue.MSK);
        for (var c : List.of("queryNode", "dataNode", "streamingNode", "proxy", "mixCoordinator")) {
            assertThat(get(prod, c + ".strategy")).as(c).isEqualTo(one);
        }
        // one coordinator: mixcoord-deployment.yaml ignores the strategy and writes Recreate, so none is emitted
        var staging = Fixtures.values(Fixtures.settings("staging", MessageQueue.PULSAR,
                Map.of("etcdReplicas", "1"))).toMap();
        assertThat(get(staging, "mixCoordinator.replicas")).isEqualTo(1);
        assertThat(at(staging, "mixCoordinator")).doesNotContainKey("strategy");
        assertThat(get(staging, "queryNode.strategy")).isEqualTo(one);
    }

    @Test
    @SuppressWarnings("unchecked")
    void etcdKeepsAQuorumThroughDrainsKeepsItsMembersAndHasASizedQuota() {
        var prod = Fixtures.map("prod", MessageQueue.MSK);
        assertThat(get(prod, "etcd.pdb")).isEqualTo(Map.of("create", true, "minAvailable", 2));
        assertThat(get(prod, "etcd.removeMemberOnContainerTermination")).isEqualTo(false);
        assertThat(get(prod, "etcd.autoCompactionMode")).isEqualTo("revision");
        assertThat(get(prod, "etcd.autoCompactionRetention")).isEqualTo("1000");
        var budget = EtcdBudget.of(Fixtures.settings("prod", MessageQueue.MSK));
        var env = (List<Map<String, Object>>) get(prod, "etcd.extraEnvVars");
        assertThat(env).contains(Map.of("name", "ETCD_QUOTA_BACKEND_BYTES",
                        "value", Long.toString(budget.quotaBytes())),
                Map.of("name", "ETCD_HEARTBEAT_INTERVAL", "value", "500"),
                Map.of("name", "ETCD_ELECTION_TIMEOUT", "value", "2500"));
        // the member maps the whole backend: its memory covers the quota
        var mem = (String) ((Map<String, Object>) at(prod, "etcd.resources").get("limits")).get("memory");
        assertThat(Long.parseLong(mem.replace("Mi", "")) * 1024 * 1024).isGreaterThan(budget.quotaBytes());

        var five = Fixtures.values(Fixtures.settings("prod", MessageQueue.MSK, Map.of("etcdReplicas", "5",
                "nodePools", Fixtures.PROD_POOLS_FIVE_INFRA))).toMap();
        assertThat(get(five, "etcd.pdb")).isEqualTo(Map.of("create", true, "minAvailable", 3));
        // one member: a PDB could only block every drain
        var single = Fixtures.values(Fixtures.settings("staging", MessageQueue.PULSAR,
                Map.of("etcdReplicas", "1"))).toMap();
        assertThat(get(single, "etcd.pdb")).isEqualTo(Map.of("create", false));
    }
}
