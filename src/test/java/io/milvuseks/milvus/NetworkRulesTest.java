package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules evaluated with Kubernetes NetworkPolicy semantics (a pod selected by any policy admits only what some
 * policy selecting it allows; a peer with only a podSelector means this namespace), to check what can reach what.
 */
class NetworkRulesTest {

    private static final String NS = "milvus";
    private static final String RELEASE = "milvus";

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
    void metricsOnlyFromThisNamespaceOrALabelledMonitoringNamespace() {
        var rules = NetworkRules.rules(Fixtures.settings("prod", MessageQueue.MSK), RELEASE);
        var prometheus = new Client("monitoring", Map.of(NetworkRules.SCRAPER_LABEL, "true"), Map.of("app", "prom"));
        var unlabelled = new Client("monitoring", Map.of(), Map.of("app", "prom"));
        for (var c : Component.values()) {
            assertThat(admits(rules, pod(c), 9091, prometheus)).as(c.name()).isTrue();
            assertThat(admits(rules, pod(c), 9091, unlabelled)).as(c.name()).isFalse();
            // the scraper gets the metrics port and nothing else
            assertThat(admits(rules, pod(c), 21123, prometheus)).as(c.name()).isFalse();
        }
    }

    @Test
    void etcdAnswersMilvusItsPeersAndTheMaintenanceJobsOnly() {
        var rules = NetworkRules.rules(Fixtures.settings("staging", MessageQueue.PULSAR), RELEASE);
        var etcd = NetworkRules.etcdPods(RELEASE);
        var query = new Client(NS, Map.of(), pod(Component.QUERY_NODE));
        var job = new Client(NS, Map.of(), Map.of(NetworkRules.MAINTENANCE_LABEL, "true"));
        var peer = new Client(NS, Map.of(), etcd);
        var pulsarBroker = new Client(NS, Map.of(), NetworkRules.pulsarPods(RELEASE));
        assertThat(admits(rules, etcd, 2379, query)).isTrue();
        assertThat(admits(rules, etcd, 2380, query)).isFalse();
        assertThat(admits(rules, etcd, 2379, job)).isTrue();
        assertThat(admits(rules, etcd, 2380, peer)).isTrue();
        assertThat(admits(rules, etcd, 2379, pulsarBroker)).isFalse();
        // Pulsar: Milvus and Pulsar's own pods; not the etcd jobs
        var pulsar = NetworkRules.pulsarPods(RELEASE);
        assertThat(admits(rules, pulsar, 6650, query)).isTrue();
        assertThat(admits(rules, pulsar, 2181, pulsarBroker)).isTrue();
        assertThat(admits(rules, pulsar, 6650, job)).isFalse();
    }
}
