package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.monitoring.Monitoring;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules evaluated with Kubernetes NetworkPolicy semantics (a pod selected by any policy admits only what some
 * policy selecting it allows; a peer with only a podSelector means this namespace; pod and namespace selectors in one
 * peer must both match), to check what can reach what. Clients carry the labels they really have: namespaces those
 * of the Namespace objects the stack plans plus the one the API server adds, pods those their charts or controllers
 * give them. (A made-up namespace label here once hid that Prometheus could not scrape Milvus.)
 * The whole stack, applied to a real API server, is checked by the kube tier's connectivity matrix (KubeTierIT).
 */
class NetworkRulesTest {

    private static final String NS = "milvus";
    private static final String RELEASE = "milvus";
    /** The labels of the monitoring Namespace as the API server stores it: the stack's, plus its name label. */
    static Map<String, String> monitoringNamespace;
    /** prometheus-operator v0.93 on the pods of Prometheus kps-prometheus (server/operator.go makeSelectorLabels). */
    static final Map<String, String> PROMETHEUS_POD = Map.of("app.kubernetes.io/name", "prometheus",
            "app.kubernetes.io/managed-by", "prometheus-operator", "app.kubernetes.io/instance", "kps-prometheus",
            "operator.prometheus.io/name", "kps-prometheus", "operator.prometheus.io/shard", "0",
            "prometheus", "kps-prometheus");
    /** grafana 12.11.1 grafana.selectorLabels, release kps. */
    static final Map<String, String> GRAFANA_POD = Map.of("app.kubernetes.io/name", "grafana",
            "app.kubernetes.io/instance", "kps");

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void plannedNamespaces() {
        var ns = Stacks.plan("prod").ofType("kubernetes:core/v1:Namespace").stream()
                .filter(r -> Monitoring.NAMESPACE.equals(((Map<String, Object>) r.inputs().get("metadata"))
                        .get("name")))
                .findFirst().orElseThrow();
        var labels = new LinkedHashMap<String, String>();
        var planned = (Map<String, Object>) ((Map<String, Object>) ns.inputs().get("metadata")).get("labels");
        if (planned != null) {
            planned.forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        // API server defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Namespace), on every namespace
        labels.put("kubernetes.io/metadata.name", Monitoring.NAMESPACE);
        monitoringNamespace = labels;
    }

    /** A client: its namespace, that namespace's labels, and its pod labels. */
    record Client(String namespace, Map<String, String> nsLabels, Map<String, String> pod) {
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean admits(List<NetworkRules.Rule> rules, Map<String, String> target, int port, Client from) {
        var selecting = rules.stream().filter(r -> matches(r.selector(), target)).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (var r : selecting) {
            for (var in : r.ingress()) {
                boolean portOk = in.ports().isEmpty() || in.ports().contains(port);
                boolean peerOk = in.from().isEmpty() || in.from().stream().anyMatch(p -> peer(p, from));
                if (portOk && peerOk) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean peer(NetworkRules.Peer p, Client c) {
        boolean nsOk = p.namespaces().map(sel -> matches(sel, c.nsLabels())).orElse(c.namespace().equals(NS));
        boolean podOk = p.pods().map(sel -> matches(sel, c.pod())).orElse(true);
        return nsOk && podOk;
    }

    static Map<String, String> pod(Component c) {
        return Rollout.podLabels(c, RELEASE);
    }

    @ParameterizedTest
    @EnumSource(MessageQueue.class)
    void fromOutsideTheNamespaceOnlyTheProxyClientPortIsReachable(MessageQueue queue) {
        var rules = NetworkRules.rules(Fixtures.settings("prod", queue), RELEASE);
        var outsider = new Client("default", Map.of(), Map.of("app", "anything"));
        var targets = new java.util.ArrayList<Map<String, String>>();
        for (var c : Component.values()) {
            targets.add(pod(c));
        }
        targets.add(NetworkRules.etcdPods(RELEASE));
        targets.add(NetworkRules.pulsarPods(RELEASE));
        for (var t : targets) {
            for (int port : List.of(19530, 9091, 2379, 2380, 21123, 6650, 53100)) {
                boolean open = admits(rules, t, port, outsider);
                assertThat(open).as(t + ":" + port)
                        .isEqualTo(t.equals(pod(Component.PROXY)) && port == 19530);
            }
        }
    }

    @Test
    void metricsOnlyFromThisNamespaceAndTheStacksPrometheus() {
        var rules = NetworkRules.rules(Fixtures.settings("prod", MessageQueue.MSK), RELEASE);
        var prometheus = new Client(Monitoring.NAMESPACE, monitoringNamespace, PROMETHEUS_POD);
        var grafana = new Client(Monitoring.NAMESPACE, monitoringNamespace, GRAFANA_POD);
        var elsewhere = new Client("default", Map.of("kubernetes.io/metadata.name", "default"), PROMETHEUS_POD);
        var backup = new Client(NS, Map.of(), Map.of("app.kubernetes.io/name", "milvus-backup"));
        for (var c : Component.values()) {
            assertThat(admits(rules, pod(c), 9091, prometheus)).as(c.name()).isTrue();
            assertThat(admits(rules, pod(c), 9091, grafana)).as(c.name()).isFalse();
            assertThat(admits(rules, pod(c), 9091, elsewhere)).as(c.name()).isFalse();
            assertThat(admits(rules, pod(c), 9091, backup)).as(c.name()).isTrue(); // GC pause
            // the scraper gets the metrics port and nothing else
            assertThat(admits(rules, pod(c), 21123, prometheus)).as(c.name()).isFalse();
        }
        // monitoring off: nobody outside the namespace
        var off = NetworkRules.rules(Stacks.settings("prod", Map.of("monitoring", "{\"enabled\":false}")), RELEASE);
        assertThat(admits(off, pod(Component.PROXY), 9091, prometheus)).isFalse();
        assertThat(admits(off, pod(Component.PROXY), 9091, backup)).isTrue();
    }

    @Test
    void etcdAnswersMilvusItsPeersTheMaintenanceJobsAndPrometheusOnly() {
        var rules = NetworkRules.rules(Fixtures.settings("staging", MessageQueue.PULSAR), RELEASE);
        var etcd = NetworkRules.etcdPods(RELEASE);
        var query = new Client(NS, Map.of(), pod(Component.QUERY_NODE));
        var job = new Client(NS, Map.of(), Map.of(NetworkRules.MAINTENANCE_LABEL, "true"));
        var peer = new Client(NS, Map.of(), etcd);
        var pulsarBroker = new Client(NS, Map.of(), NetworkRules.pulsarPods(RELEASE));
        var prometheus = new Client(Monitoring.NAMESPACE, monitoringNamespace, PROMETHEUS_POD);
        var grafana = new Client(Monitoring.NAMESPACE, monitoringNamespace, GRAFANA_POD);
        assertThat(admits(rules, etcd, 2379, query)).isTrue();
        assertThat(admits(rules, etcd, 2380, query)).isFalse();
        assertThat(admits(rules, etcd, 2379, job)).isTrue();
        assertThat(admits(rules, etcd, 2380, peer)).isTrue();
        assertThat(admits(rules, etcd, 2379, pulsarBroker)).isFalse();
        assertThat(admits(rules, etcd, 2379, prometheus)).isTrue();
        assertThat(admits(rules, etcd, 2380, prometheus)).isFalse();
        assertThat(admits(rules, etcd, 2379, grafana)).isFalse();
        // Pulsar: Milvus and Pulsar's own pods; not the etcd jobs
        var pulsar = NetworkRules.pulsarPods(RELEASE);
        assertThat(admits(rules, pulsar, 6650, query)).isTrue();
        assertThat(admits(rules, pulsar, 2181, pulsarBroker)).isTrue();
        assertThat(admits(rules, pulsar, 6650, job)).isFalse();
    }

    @Test
    void pulsarsInitJobsReachZooKeepersClientPortOnly() {
        var rules = NetworkRules.rules(Fixtures.settings("staging", MessageQueue.PULSAR), RELEASE);
        var zookeeper = new java.util.HashMap<>(NetworkRules.pulsarPods(RELEASE));
        zookeeper.put("cluster", "milvus-pulsarv3");
        zookeeper.put("component", "zookeeper");
        var broker = new java.util.HashMap<>(zookeeper);
        broker.put("component", "broker");
        for (var name : List.of("milvus-pulsarv3-bookie-init", "milvus-pulsarv3-pulsar-init")) {
            // their templates have no labels: only what the API server adds to a Job's pods
            var init = new Client(NS, Map.of(), Map.of("job-name", name, "batch.kubernetes.io/job-name", name,
                    "controller-uid", "u", "batch.kubernetes.io/controller-uid", "u"));
            assertThat(admits(rules, zookeeper, 2181, init)).as(name).isTrue();
            assertThat(admits(rules, zookeeper, 2888, init)).as(name).isFalse();
            assertThat(admits(rules, broker, 6650, init)).as(name).isFalse();
            assertThat(admits(rules, NetworkRules.etcdPods(RELEASE), 2379, init)).as(name).isFalse();
        }
        var other = new Client(NS, Map.of(), Map.of("batch.kubernetes.io/job-name", "milvus-backup-29430000"));
        assertThat(admits(rules, zookeeper, 2181, other)).isFalse();
        // without in-cluster Pulsar there is no such rule
        assertThat(NetworkRules.rules(Fixtures.settings("prod", MessageQueue.MSK), RELEASE))
                .noneMatch(r -> r.name().endsWith("-pulsar-init"));
    }
}
