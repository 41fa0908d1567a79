package io.milvuseks.kube.netpol;

import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Port;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Rule;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Source;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.kube.netpol.K.expression;
import static io.milvuseks.kube.netpol.K.pairs;
import static io.milvuseks.kube.netpol.K.pod;
import static io.milvuseks.kube.netpol.K.policy;
import static io.milvuseks.kube.netpol.K.port;
import static io.milvuseks.kube.netpol.K.selector;
import static io.milvuseks.kube.netpol.K.spec;
import static io.milvuseks.kube.netpol.K.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each NetworkPolicy rule of the evaluator on hand-built objects, with an allowed and a denied case. */
class NetworkPolicyEvaluatorTest {

    static final List<Map<String, Object>> NAMESPACES = List.of(K.namespace("a", "team", "x"),
            K.namespace("b", "team", "y"), K.namespace("c"));

    final Map<String, Object> server = pod("a", "server", pairs("app", "server"), "web:8080", "metrics:9091",
            "dns:53/UDP");
    final Map<String, Object> clientA = pod("a", "client", pairs("app", "client"));
    final Map<String, Object> otherA = pod("a", "other", pairs("app", "other"));
    final Map<String, Object> clientB = pod("b", "client", pairs("app", "client"));
    final Map<String, Object> otherB = pod("b", "other", pairs("app", "other"));
    final Map<String, Object> clientC = pod("c", "client", pairs("app", "client"));

    static NetworkPolicyEvaluator ev(Map<String, Object>... policies) {
        return new NetworkPolicyEvaluator(NAMESPACES, List.of(policies));
    }

    static boolean allowed(NetworkPolicyEvaluator ev, Map<String, Object> from, Map<String, Object> to, int port) {
        return ev.check(new Source.Pod(from), new Target.Pod(to), Port.tcp(port)).allowed();
    }

    static Map<String, Object> ingressFrom(String ns, Map<String, Object> podSelector, Object... peersAndPorts) {
        return policy(ns, "p", spec("podSelector", podSelector, "policyTypes", List.of("Ingress"),
                "ingress", List.of(Map.of("from", List.of(peersAndPorts)))));
    }

    @Test
    void aPodNoPolicySelectsIsUnrestricted() {
        var ev = ev(policy("a", "web-only", spec("podSelector", selector("app", "other"), "ingress", List.of())));
        var v = ev.check(new Source.Pod(clientB), new Target.Pod(server), Port.tcp(8080));
        assertThat(v.allowed()).isTrue();
        assertThat(v.reason()).contains("no policy selects a/server for ingress");
        assertThat(allowed(ev, clientB, otherA, 8080)).isFalse();
    }

    @Test
    void anEmptyPodSelectorIsolatesEveryPodOfItsNamespaceOnly() {
        var ev = ev(policy("a", "deny", spec("podSelector", Map.of(), "policyTypes", List.of("Ingress"))));
        assertThat(allowed(ev, clientA, server, 8080)).isFalse();
        assertThat(allowed(ev, clientA, otherA, 8080)).isFalse();
        assertThat(allowed(ev, clientA, clientB, 8080)).isTrue();
        assertThat(ev.check(new Source.Pod(clientA), new Target.Pod(server), Port.tcp(8080)).reason())
                .contains("isolated by [a/deny]");
    }

    @Test
    void policyTypesDefaultToIngressPlusEgressWhenThereIsAnEgressRule() {
        var egressRule = List.of(Map.of("to", List.of(Map.of("podSelector", selector("app", "server")))));
        // no policyTypes, an egress rule: both directions isolated
        var both = ev(policy("a", "p", spec("podSelector", selector("app", "client"), "egress", egressRule)));
        assertThat(allowed(both, clientA, server, 8080)).isTrue();
        assertThat(allowed(both, clientA, otherA, 8080)).isFalse();
        assertThat(allowed(both, clientB, clientA, 8080)).isFalse(); // and ingress too: it has no ingress rule
        // no policyTypes, egress: [] -> Ingress only (len(egress) == 0)
        var ingressOnly = ev(policy("a", "p", spec("podSelector", selector("app", "client"), "egress", List.of())));
        assertThat(allowed(ingressOnly, clientA, otherA, 8080)).isTrue();
        assertThat(allowed(ingressOnly, clientB, clientA, 8080)).isFalse();
        // policyTypes [Egress] only: ingress stays open
        var egressOnly = ev(policy("a", "p", spec("podSelector", selector("app", "client"),
                "policyTypes", List.of("Egress"))));
        assertThat(allowed(egressOnly, clientB, clientA, 8080)).isTrue();
        assertThat(allowed(egressOnly, clientA, otherA, 8080)).isFalse();
        assertThat(NetworkPolicyEvaluator.policyTypes(policy("a", "p", spec("podSelector", Map.of()))))
                .containsExactly("Ingress");
    }

    @Test
    void aPodSelectorPeerMeansPodsOfThePolicysNamespace() {
        var ev = ev(ingressFrom("a", selector("app", "server"), Map.of("podSelector", selector("app", "client"))));
        assertThat(allowed(ev, clientA, server, 8080)).isTrue();
        assertThat(allowed(ev, clientB, server, 8080)).isFalse(); // same labels, other namespace
        assertThat(allowed(ev, otherA, server, 8080)).isFalse();
    }

    @Test
    void aNamespaceSelectorPeerMeansEveryPodOfMatchingNamespaces() {
        var ev = ev(ingressFrom("a", selector("app", "server"), Map.of("namespaceSelector", selector("team", "y"))));
        assertThat(allowed(ev, clientB, server, 8080)).isTrue();
        assertThat(allowed(ev, otherB, server, 8080)).isTrue();
        assertThat(allowed(ev, clientC, server, 8080)).isFalse();
        assertThat(allowed(ev, clientA, server, 8080)).isFalse(); // a's own label is team=x
        // the label the API server sets on every namespace selects one by name
        var byName = ev(ingressFrom("a", selector("app", "server"),
                Map.of("namespaceSelector", selector("kubernetes.io/metadata.name", "c"))));
        assertThat(allowed(byName, clientC, server, 8080)).isTrue();
        assertThat(allowed(byName, clientB, server, 8080)).isFalse();
    }

    @Test
    void podAndNamespaceSelectorsInOnePeerAreAnAndInTwoPeersAnOr() {
        var and = ev(ingressFrom("a", selector("app", "server"), Map.of("namespaceSelector", selector("team", "y"),
                "podSelector", selector("app", "client"))));
        assertThat(allowed(and, clientB, server, 8080)).isTrue();
        assertThat(allowed(and, otherB, server, 8080)).isFalse();
        assertThat(allowed(and, clientC, server, 8080)).isFalse();
        assertThat(allowed(and, clientA, server, 8080)).isFalse();
        var or = ev(ingressFrom("a", selector("app", "server"), Map.of("namespaceSelector", selector("team", "y")),
                Map.of("podSelector", selector("app", "client"))));
        assertThat(allowed(or, otherB, server, 8080)).isTrue();
        assertThat(allowed(or, clientA, server, 8080)).isTrue();
        assertThat(allowed(or, clientC, server, 8080)).isFalse();
    }

    @Test
    void matchExpressionsInNotInExistsDoesNotExist() {
        var tier = pod("a", "t", pairs("tier", "db"));
        var noTier = pod("a", "n", pairs("app", "x"));
        var cache = pod("a", "c", pairs("tier", "cache"));
        var in = ev(ingressFrom("a", selector("app", "server"), Map.of("podSelector",
                Map.of("matchExpressions", List.of(expression("tier", "In", "db", "web"))))));
        assertThat(allowed(in, tier, server, 1)).isTrue();
        assertThat(allowed(in, cache, server, 1)).isFalse();
        assertThat(allowed(in, noTier, server, 1)).isFalse();
        var notIn = ev(ingressFrom("a", selector("app", "server"), Map.of("podSelector",
                Map.of("matchExpressions", List.of(expression("tier", "NotIn", "db"))))));
        assertThat(allowed(notIn, tier, server, 1)).isFalse();
        assertThat(allowed(notIn, cache, server, 1)).isTrue();
        assertThat(allowed(notIn, noTier, server, 1)).isTrue(); // a missing key is not in the set
        var exists = ev(ingressFrom("a", selector("app", "server"), Map.of("podSelector",
                Map.of("matchExpressions", List.of(expression("tier", "Exists"))))));
        assertThat(allowed(exists, cache, server, 1)).isTrue();
        assertThat(allowed(exists, noTier, server, 1)).isFalse();
        var absent = ev(ingressFrom("a", selector("app", "server"), Map.of("podSelector",
                Map.of("matchLabels", Map.of("app", "x"),
                        "matchExpressions", List.of(expression("tier", "DoesNotExist"))))));
        assertThat(allowed(absent, noTier, server, 1)).isTrue();
        assertThat(allowed(absent, pod("a", "xt", pairs("app", "x", "tier", "db")), server, 1)).isFalse();
        var bad = ev(ingressFrom("a", selector("app", "server"), Map.of("podSelector",
                Map.of("matchExpressions", List.of(expression("tier", "Like", "d*"))))));
        assertThatThrownBy(() -> allowed(bad, tier, server, 1)).hasMessageContaining("unknown selector operator");
    }

    @Test
    void anIpBlockMatchesItsCidrLessItsExceptions() {
        var ev = ev(ingressFrom("a", selector("app", "server"),
                Map.of("ipBlock", Map.of("cidr", "10.40.0.0/16", "except", List.of("10.40.9.0/24")))));
        var to = new Target.Pod(server);
        assertThat(ev.check(new Source.Address("10.40.1.7"), to, Port.tcp(8080)).allowed()).isTrue();
        assertThat(ev.check(new Source.Address("10.40.9.7"), to, Port.tcp(8080)).allowed()).isFalse();
        assertThat(ev.check(new Source.Address("10.41.1.7"), to, Port.tcp(8080)).allowed()).isFalse();
        // a pod source by its address; without a known address it matches no ipBlock
        assertThat(allowed(ev, with(pod("b", "ip", pairs()), "status.podIP", "10.40.3.3"), server, 8080)).isTrue();
        assertThat(allowed(ev, clientB, server, 8080)).isFalse();
        // and a selector never matches a bare address
        var bySelector = ev(ingressFrom("a", selector("app", "server"), Map.of("namespaceSelector", Map.of())));
        assertThat(bySelector.check(new Source.Address("10.40.1.7"), to, Port.tcp(8080)).allowed()).isFalse();
        assertThat(allowed(bySelector, clientC, server, 8080)).isTrue();
        assertThat(LabelSelectors.inCidr("fd00::/8", "fd12::1")).isTrue();
        assertThat(LabelSelectors.inCidr("10.0.0.0/8", "fd12::1")).isFalse();
    }

    @Test
    void portsNumbersRangesProtocolsAndNamedPorts() {
        var range = ev(policy("a", "p", spec("podSelector", selector("app", "server"), "ingress", List.of(
                Map.of("ports", List.of(Map.of("port", 9000, "endPort", 9100))))))); // protocol defaults to TCP
        assertThat(allowed(range, clientB, server, 9091)).isTrue();
        assertThat(allowed(range, clientB, server, 8080)).isFalse();
        assertThat(range.check(new Source.Pod(clientB), new Target.Pod(server), new Port(9091, null, "UDP"))
                .allowed()).isFalse();
        var udpAll = ev(policy("a", "p", spec("podSelector", selector("app", "server"), "ingress", List.of(
                Map.of("ports", List.of(Map.of("protocol", "UDP"))))))); // every UDP port
        assertThat(udpAll.check(new Source.Pod(clientB), new Target.Pod(server), new Port(null, "dns", "UDP"))
                .allowed()).isTrue();
        assertThat(allowed(udpAll, clientB, server, 53)).isFalse();
        // a named port in the policy is the destination's container port of that name
        var named = ev(policy("a", "p", spec("podSelector", Map.of(), "ingress", List.of(
                Map.of("ports", List.of(port("metrics")))))));
        assertThat(allowed(named, clientB, server, 9091)).isTrue();
        assertThat(allowed(named, clientB, server, 8080)).isFalse();
        assertThat(allowed(named, clientB, otherA, 9091)).isFalse(); // otherA has no port named metrics
        // and a named connection port is resolved the same way
        assertThat(named.check(new Source.Pod(clientB), new Target.Pod(server), Port.named("metrics")).allowed())
                .isTrue();
        assertThatThrownBy(() -> named.check(new Source.Pod(clientB), new Target.Pod(server), Port.named("grpc")))
                .hasMessageContaining("no container port named 'grpc'");
    }

    @Test
    void rulesWithoutPeersOrPortsAndEmptyRuleLists() {
        var allFrom = ev(policy("a", "p", spec("podSelector", Map.of(), "ingress", List.of(
                Map.of("from", List.of(), "ports", List.of(port(8080)))))));
        assertThat(allowed(allFrom, clientC, server, 8080)).isTrue();
        assertThat(allFrom.check(new Source.Address("203.0.113.9"), new Target.Pod(server), Port.tcp(8080))
                .allowed()).isTrue();
        assertThat(allowed(allFrom, clientC, server, 9091)).isFalse();
        var allowAll = ev(policy("a", "p", spec("podSelector", Map.of(), "ingress", List.of(Map.of()))));
        assertThat(allowed(allowAll, clientC, server, 1234)).isTrue();
        var denyAll = ev(policy("a", "p", spec("podSelector", Map.of(), "ingress", List.of())));
        assertThat(allowed(denyAll, clientC, server, 1234)).isFalse();
    }

    @Test
    void policiesSelectingAPodAreAUnion() {
        var deny = policy("a", "deny", spec("podSelector", Map.of(), "policyTypes", List.of("Ingress")));
        var metrics = policy("a", "metrics", spec("podSelector", selector("app", "server"), "ingress", List.of(
                Map.of("from", List.of(Map.of("namespaceSelector", selector("team", "y"))),
                        "ports", List.of(port(9091))))));
        var web = policy("a", "web", spec("podSelector", selector("app", "server"), "ingress", List.of(
                Map.of("ports", List.of(port(8080))))));
        var ev = ev(deny, metrics, web);
        assertThat(allowed(ev, clientB, server, 9091)).isTrue();
        assertThat(ev.check(new Source.Pod(clientB), new Target.Pod(server), Port.tcp(9091)).reason())
                .isEqualTo("ingress rule 1 of a/metrics");
        assertThat(allowed(ev, clientC, server, 8080)).isTrue();
        assertThat(allowed(ev, clientC, server, 9091)).isFalse();
        assertThat(ev.check(new Source.Pod(clientC), new Target.Pod(server), Port.tcp(9091)).reason())
                .contains("[a/deny, a/metrics, a/web]");
    }

    @Test
    void aConnectionNeedsTheSourcesEgressAndTheDestinationsIngress() {
        var egress = policy("b", "out", spec("podSelector", selector("app", "client"), "policyTypes",
                List.of("Egress"), "egress", List.of(Map.of("to", List.of(Map.of("namespaceSelector",
                selector("team", "x"), "podSelector", selector("app", "server"))), "ports", List.of(port(8080))))));
        var ingress = policy("a", "in", spec("podSelector", selector("app", "server"), "ingress", List.of(
                Map.of("from", List.of(Map.of("namespaceSelector", selector("team", "y"))),
                        "ports", List.of(port(8080), port(9091))))));
        var ev = ev(egress, ingress);
        assertThat(allowed(ev, clientB, server, 8080)).isTrue();
        var v = ev.check(new Source.Pod(clientB), new Target.Pod(server), Port.tcp(9091)); // ingress yes, egress no
        assertThat(v.allowed()).isFalse();
        assertThat(v.reason()).startsWith("egress of b/client isolated by [b/out]");
        assertThat(allowed(ev, otherB, server, 9091)).isTrue(); // not selected for egress
        assertThat(allowed(ev, clientC, server, 8080)).isFalse(); // egress free, ingress no
        // egress to an address outside the pod network
        var toMsk = ev(policy("b", "msk", spec("podSelector", Map.of(), "policyTypes", List.of("Egress"),
                "egress", List.of(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.40.0.0/16"))),
                        "ports", List.of(port(9096)))))));
        assertThat(toMsk.check(new Source.Pod(clientB), new Target.Address("10.40.7.7"), Port.tcp(9096)).allowed())
                .isTrue();
        assertThat(toMsk.check(new Source.Pod(clientB), new Target.Address("10.40.7.7"), Port.tcp(9092)).allowed())
                .isFalse();
        assertThat(toMsk.check(new Source.Pod(clientA), new Target.Address("10.40.7.7"), Port.tcp(9092)).allowed())
                .isTrue();
    }

    @Test
    void theNodeTheSelfAndPortForwardAreNotSubjectToPolicies() {
        var ev = ev(policy("a", "deny", spec("podSelector", Map.of(), "policyTypes", List.of("Ingress", "Egress"))));
        var to = new Target.Pod(server);
        assertThat(ev.check(new Source.LocalNode(), to, Port.named("metrics")).rule()).isEqualTo(Rule.NODE_LOCAL);
        assertThat(ev.check(new Source.LocalNode(), to, Port.named("metrics")).allowed()).isTrue();
        assertThat(ev.check(new Source.Address("10.0.0.1"), to, Port.tcp(8080)).allowed()).isTrue(); // its hostIP
        assertThat(ev.check(new Source.Address("10.0.0.2"), to, Port.tcp(8080)).allowed()).isFalse(); // a node
        var self = ev.check(new Source.Pod(server), to, Port.tcp(8080));
        assertThat(self.allowed()).isTrue();
        assertThat(self.rule()).isEqualTo(Rule.SELF);
        assertThat(ev.check(new Source.PortForward(), to, Port.tcp(8080)).rule()).isEqualTo(Rule.PORT_FORWARD);
        assertThat(allowed(ev, otherA, server, 8080)).isFalse();
    }

    @Test
    void hostNetworkPodsAreNotEnforcedAndLeaveFromTheirNodesAddress() {
        var open = ev(policy("a", "from-pods", spec("podSelector", Map.of(), "ingress", List.of(
                Map.of("from", List.of(Map.of("namespaceSelector", Map.of())))))));
        var hostPod = with(with(pod("c", "exporter", pairs("app", "client")), "spec.hostNetwork", true),
                "spec.nodeName", "node-2");
        with(hostPod, "status.hostIP", "10.0.0.2");
        // another node: its address, which no pod or namespace selector matches
        assertThat(allowed(open, hostPod, server, 8080)).isFalse();
        assertThat(allowed(open, clientC, server, 8080)).isTrue();
        // the same node: node-local
        with(hostPod, "spec.nodeName", "node-1");
        assertThat(open.check(new Source.Pod(hostPod), new Target.Pod(server), Port.tcp(8080)).rule())
                .isEqualTo(Rule.NODE_LOCAL);
        // a host-network destination is not enforced
        var deny = ev(policy("c", "deny", spec("podSelector", Map.of())));
        var v = deny.check(new Source.Pod(clientA), new Target.Pod(hostPod), Port.tcp(9100));
        assertThat(v.allowed()).isTrue();
        assertThat(v.rule()).isEqualTo(Rule.HOST_NETWORK);
        assertThat(allowed(deny, clientA, clientC, 9100)).isFalse();
    }

    @Test
    void aNamespaceMissingFromTheSnapshotIsAnError() {
        var ev = ev(ingressFrom("a", Map.of(), Map.of("namespaceSelector", Map.of())));
        assertThatThrownBy(() -> allowed(ev, pod("gone", "x", pairs()), server, 8080))
                .hasMessageContaining("namespace gone is not in the snapshot");
    }
}
