package io.milvuseks.kube.netpol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a TCP (or UDP/SCTP) connection is allowed by a cluster's NetworkPolicies, decided from the objects alone
 * (Namespaces, Pods and NetworkPolicies as the API returns them), with Kubernetes' semantics
 * (kubernetes.io/docs/concepts/services-networking/network-policies, API reference networking.k8s.io/v1):
 * <ul>
 *   <li>a pod is isolated for a direction when some policy of its namespace selects it ({@code podSelector}, empty =
 *       every pod) with that type in {@code policyTypes}; absent policyTypes default to Ingress, plus Egress when
 *       {@code egress} has a rule (pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy);</li>
 *   <li>a non-isolated direction allows everything; an isolated one allows the union of the rules of every policy
 *       that selects the pod for it; a connection needs the source's egress and the destination's ingress;</li>
 *   <li>a rule with no {@code from}/{@code to} allows every peer; a peer with podSelector only means pods of the
 *       policy's namespace, namespaceSelector only means every pod of matching namespaces, both means matching pods
 *       in matching namespaces (AND); an ipBlock matches addresses in {@code cidr} outside every {@code except};</li>
 *   <li>a rule with no {@code ports} allows every port; a port's protocol defaults to TCP, no {@code port} means every
 *       port of that protocol, {@code endPort} makes a range, a named port is the destination pod's container port of
 *       that name and protocol.</li>
 * </ul>
 * Rules that are not NetworkPolicy objects, each modelled explicitly with where it comes from:
 * <ul>
 *   <li>{@link Rule#NODE_LOCAL}: traffic from the pod's own node is always allowed (network-policies docs: "traffic
 *       to and from the node where a Pod is running is always allowed"); the VPC CNI's network policy agent puts the
 *       node's IP in every pod's map as allow-all (aws/aws-network-policy-agent pkg/fwruleprocessor
 *       fw_rule_processor.go: "Traffic from the local node should always be allowed"). Kubelet probes are this.</li>
 *   <li>{@link Rule#SELF}: a pod cannot block access to itself (network-policies docs).</li>
 *   <li>{@link Rule#PORT_FORWARD}: kubectl port-forward is dialled by the container runtime inside the pod's network
 *       namespace to localhost (containerd internal/cri/server/sandbox_portforward_linux.go dialLocalhost), so it never
 *       crosses the pod's host-side veth where the policy agent's eBPF programs sit (aws-network-policy-agent
 *       README); containerd's fallback dials the pod IP from the node's own namespace: {@link Rule#NODE_LOCAL}.</li>
 *   <li>{@link Rule#HOST_NETWORK}: NetworkPolicy does not apply to a host-network pod's own traffic (network-policies
 *       docs, "hostNetwork pods"; VPC CNI network-policy FAQ: not in host networking mode); such a pod's connections
 *       leave from its node's address.</li>
 * </ul>
 * Pod addresses (for ipBlock peers) come from {@code status.podIP}; a pod without one matches no ipBlock.
 */
public final class NetworkPolicyEvaluator {

    /** Why a connection was decided. */
    public enum Rule { NODE_LOCAL, SELF, PORT_FORWARD, HOST_NETWORK, POLICIES }

    /** Where a connection comes from. */
    public sealed interface Source {
        /** A pod of the snapshot (or one that could be created there: same object shape). */
        record Pod(Map<String, Object> pod) implements Source {
        }

        /** The destination pod's own node: the kubelet's probes, a host-network process there. */
        record LocalNode() implements Source {
        }

        /** An address the pod network does not own: a VPC client, an NLB with client IP preservation, a node. */
        record Address(String ip) implements Source {
        }

        /** kubectl port-forward to the destination pod. */
        record PortForward() implements Source {
        }
    }

    /** Where a connection goes. */
    public sealed interface Target {
        record Pod(Map<String, Object> pod) implements Target {
        }

        /** Outside the pod network (MSK, S3...): only the source's egress policies apply. */
        record Address(String ip) implements Target {
        }
    }

    /** A destination port: a number, or a name resolved from the destination pod's container ports. */
    public record Port(Integer number, String name, String protocol) {
        public Port {
            Objects.requireNonNull(protocol, "protocol");
            if ((number == null) == (name == null)) {
                throw new IllegalArgumentException("a port is a number or a name");
            }
        }

        public static Port tcp(int number) {
            return new Port(number, null, "TCP");
        }

        public static Port named(String name) {
            return new Port(null, name, "TCP");
        }

        @Override
        public String toString() {
            return (number != null ? String.valueOf(number) : name) + ("TCP".equals(protocol) ? "" : "/" + protocol);
        }
    }

    /** The decision: allowed or not, by which rule, and for policies which ones (namespace/name). */
    public record Verdict(boolean allowed, Rule rule, String reason) {
    }

    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    private final List<Map<String, Object>> policies;

    public NetworkPolicyEvaluator(List<Map<String, Object>> namespaces, List<Map<String, Object>> policies) {
        for (var ns : namespaces) {
            namespaceLabels.put(Obj.name(ns), Obj.labels(ns));
        }
        this.policies = List.copyOf(policies);
    }

    public boolean hasNamespace(String name) {
        return namespaceLabels.containsKey(name);
    }

    public Verdict check(Source from, Target to, Port port) {
        int number = resolve(port, to);
        if (to instanceof Target.Pod t && Obj.bool(t.pod(), "spec.hostNetwork")) {
            // not enforced on the host's namespace; a pod source's egress still sees the node's address
            if (from instanceof Source.Pod p && !Obj.bool(p.pod(), "spec.hostNetwork")) {
                var egress = egress(p.pod(), new Target.Address(Obj.str(t.pod(), "status.hostIP")), number, port);
                if (egress != null) {
                    return egress;
                }
            }
            return new Verdict(true, Rule.HOST_NETWORK, "destination " + Obj.id(t.pod()) + " is on the host network");
        }
        if (from instanceof Source.PortForward) {
            return new Verdict(true, Rule.PORT_FORWARD, "port-forward: dialled inside the pod's network namespace");
        }
        if (from instanceof Source.LocalNode) {
            return new Verdict(true, Rule.NODE_LOCAL, "from the pod's own node");
        }
        Map<String, Object> srcPod = from instanceof Source.Pod p ? p.pod() : null;
        String srcAddress = from instanceof Source.Address a ? a.ip() : null;
        if (srcPod != null && Obj.bool(srcPod, "spec.hostNetwork")) {
            if (to instanceof Target.Pod t && Objects.equals(node(srcPod), node(t.pod())) && node(srcPod) != null) {
                return new Verdict(true, Rule.NODE_LOCAL, "host-network source on the destination's node");
            }
            srcAddress = Obj.str(srcPod, "status.hostIP");
            srcPod = null; // leaves from the node's address: pod and namespace selectors do not see it
        }
        if (srcPod != null && to instanceof Target.Pod t && samePod(srcPod, t.pod())) {
            return new Verdict(true, Rule.SELF, "a pod cannot block access to itself");
        }
        if (srcPod != null) {
            var egress = egress(srcPod, to, number, port);
            if (egress != null) {
                return egress;
            }
        }
        if (to instanceof Target.Pod t) {
            if (srcAddress != null && srcAddress.equals(Obj.str(t.pod(), "status.hostIP"))) {
                return new Verdict(true, Rule.NODE_LOCAL, "from the address of the pod's own node");
            }
            return ingress(srcPod, srcAddress, t.pod(), number, port);
        }
        return new Verdict(true, Rule.POLICIES, "no ingress side: " + (srcPod == null
                ? "no policy applies" : "egress of " + Obj.id(srcPod) + " allows it"));
    }

    /** A denial by the source's egress policies, or null when its egress allows the connection. */
    private Verdict egress(Map<String, Object> src, Target to, int number, Port port) {
        var selecting = selecting(src, "Egress");
        if (selecting.isEmpty()) {
            return null;
        }
        for (var policy : selecting) {
            for (var rule : Obj.list(policy, "spec.egress")) {
                var toPod = to instanceof Target.Pod t ? t.pod() : null;
                var toAddress = to instanceof Target.Address a ? a.ip() : Obj.str(toPod, "status.podIP");
                if (peersAllow(Obj.at(rule, "to"), Obj.namespace(policy), toPod, toAddress)
                        && portsAllow(Obj.at(rule, "ports"), number, port.protocol(), toPod)) {
                    return null;
                }
            }
        }
        return new Verdict(false, Rule.POLICIES, "egress of " + Obj.id(src) + " isolated by " + ids(selecting)
                + "; no rule allows " + describe(to) + ":" + number);
    }

    private Verdict ingress(Map<String, Object> src, String srcAddress, Map<String, Object> dst, int number,
                            Port port) {
        var selecting = selecting(dst, "Ingress");
        if (selecting.isEmpty()) {
            return new Verdict(true, Rule.POLICIES, "no policy selects " + Obj.id(dst) + " for ingress");
        }
        for (var policy : selecting) {
            int i = 0;
            for (var rule : Obj.list(policy, "spec.ingress")) {
                i++;
                var address = src != null ? Obj.str(src, "status.podIP") : srcAddress;
                if (peersAllow(Obj.at(rule, "from"), Obj.namespace(policy), src, address)
                        && portsAllow(Obj.at(rule, "ports"), number, port.protocol(), dst)) {
                    return new Verdict(true, Rule.POLICIES, "ingress rule " + i + " of " + Obj.id(policy));
                }
            }
        }
        return new Verdict(false, Rule.POLICIES, "ingress of " + Obj.id(dst) + " isolated by " + ids(selecting)
                + "; none admits " + (src != null ? Obj.id(src) : String.valueOf(srcAddress)) + " on " + number);
    }

    /** The policies of the pod's namespace that select it and whose (defaulted) policyTypes include {@code type}. */
    List<Map<String, Object>> selecting(Map<String, Object> pod, String type) {
        var out = new ArrayList<Map<String, Object>>();
        var labels = Obj.labels(pod);
        for (var policy : policies) {
            if (!Objects.equals(Obj.namespace(policy), Obj.namespace(pod))) {
                continue;
            }
            var selector = Obj.map(policy, "spec.podSelector");
            if (selector == null) {
                throw new IllegalArgumentException(Obj.id(policy) + " has no spec.podSelector (required)");
            }
            if (policyTypes(policy).contains(type) && LabelSelectors.matches(selector, labels)) {
                out.add(policy);
            }
        }
        return out;
    }

    static List<String> policyTypes(Map<String, Object> policy) {
        var declared = Obj.list(policy, "spec.policyTypes").stream().map(String::valueOf).toList();
        if (!declared.isEmpty()) {
            return declared;
        }
        return Obj.list(policy, "spec.egress").isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** {@code peers}: absent or empty = everyone; else any peer matches the other end. */
    private boolean peersAllow(Object peers, String policyNamespace, Map<String, Object> pod, String address) {
        if (!(peers instanceof List<?> list) || list.isEmpty()) {
            return true;
        }
        for (var peer : list) {
            var ipBlock = Obj.map(peer, "ipBlock");
            var podSel = Obj.map(peer, "podSelector");
            var nsSel = Obj.map(peer, "namespaceSelector");
            if (ipBlock != null) {
                if (podSel != null || nsSel != null) {
                    throw new IllegalArgumentException("a peer with ipBlock takes no selector: " + peer);
                }
                if (LabelSelectors.inBlock(ipBlock, address)) {
                    return true;
                }
                continue;
            }
            if (podSel == null && nsSel == null) {
                throw new IllegalArgumentException("a peer needs podSelector, namespaceSelector or ipBlock: " + peer);
            }
            if (pod == null) {
                continue; // selectors match pods only, never an address
            }
            boolean nsOk = nsSel == null ? Objects.equals(Obj.namespace(pod), policyNamespace)
                    : LabelSelectors.matches(nsSel, labelsOfNamespace(Obj.namespace(pod)));
            if (nsOk && (podSel == null || LabelSelectors.matches(podSel, Obj.labels(pod)))) {
                return true;
            }
        }
        return false;
    }

    /** {@code ports}: absent or empty = every port; else any entry matches number and protocol. */
    private static boolean portsAllow(Object ports, int number, String protocol, Map<String, Object> dst) {
        if (!(ports instanceof List<?> list) || list.isEmpty()) {
            return true;
        }
        for (var p : list) {
            var proto = Obj.str(p, "protocol") == null ? "TCP" : Obj.str(p, "protocol");
            if (!proto.equals(protocol)) {
                continue;
            }
            var port = Obj.at(p, "port");
            var end = Obj.at(p, "endPort");
            if (port == null) {
                return true;
            }
            if (port instanceof String name) {
                if (end != null) {
                    throw new IllegalArgumentException("endPort needs a numeric port: " + p);
                }
                if (dst != null && Objects.equals(containerPort(dst, name, protocol), number)) {
                    return true;
                }
                continue;
            }
            int from = ((Number) port).intValue();
            int to = end == null ? from : ((Number) end).intValue();
            if (number >= from && number <= to) {
                return true;
            }
        }
        return false;
    }

    private static int resolve(Port port, Target to) {
        if (port.number() != null) {
            return port.number();
        }
        if (!(to instanceof Target.Pod t)) {
            throw new IllegalArgumentException("named port '" + port.name() + "' needs a destination pod");
        }
        var n = containerPort(t.pod(), port.name(), port.protocol());
        if (n == null) {
            throw new IllegalArgumentException(Obj.id(t.pod()) + " has no container port named '" + port.name() + "'");
        }
        return n;
    }

    /** The number of the container port named {@code name} with that protocol, or null. */
    static Integer containerPort(Map<String, Object> pod, String name, String protocol) {
        for (var c : Obj.list(pod, "spec.containers")) {
            for (var p : Obj.list(c, "ports")) {
                var proto = Obj.str(p, "protocol") == null ? "TCP" : Obj.str(p, "protocol");
                if (name.equals(Obj.str(p, "name")) && proto.equals(protocol)) {
                    return ((Number) Obj.at(p, "containerPort")).intValue();
                }
            }
        }
        return null;
    }

    private Map<String, String> labelsOfNamespace(String namespace) {
        var labels = namespaceLabels.get(namespace);
        if (labels == null) {
            throw new IllegalStateException("namespace " + namespace + " is not in the snapshot");
        }
        return labels;
    }

    private static boolean samePod(Map<String, Object> a, Map<String, Object> b) {
        return a == b || Objects.equals(Obj.id(a), Obj.id(b)) && Obj.name(a) != null;
    }

    private static String node(Map<String, Object> pod) {
        return Obj.str(pod, "spec.nodeName");
    }

    private static String ids(List<Map<String, Object>> objects) {
        return objects.stream().map(Obj::id).toList().toString();
    }

    private static String describe(Target to) {
        return to instanceof Target.Pod t ? Obj.id(t.pod()) : ((Target.Address) to).ip();
    }
}
