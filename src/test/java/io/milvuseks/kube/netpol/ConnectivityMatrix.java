package io.milvuseks.kube.netpol;

import io.milvuseks.kube.netpol.Flow.End;
import io.milvuseks.kube.netpol.Flow.Ports;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Port;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Source;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Target;
import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks declared flows against a cluster's objects: each flow's ends are resolved to the snapshot's real pods, every
 * (source pod, destination pod) pair is evaluated ({@link NetworkPolicyEvaluator}), and the flow passes when every
 * pair comes out as expected. An end that matches no pod fails the flow (unless the flow says why it may be absent),
 * and so does a flow with no pair to evaluate: nothing passes vacuously.
 */
public final class ConnectivityMatrix {

    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

    private ConnectivityMatrix() {
    }

    /** One line per flow. */
    public record Report(List<Line> lines) {
        public enum Status { PASS, FAIL, SKIP }

        public record Line(Status status, Flow flow, String detail) {
            @Override
            public String toString() {
                return String.format("%-4s %-5s %s: %s -> %s :%s  %s", status, flow.expect(), flow.name(),
                        flow.from(), flow.to(), flow.port(), detail);
            }
        }

        public boolean passed() {
            return lines.stream().noneMatch(l -> l.status() == Status.FAIL);
        }

        public List<Line> failures() {
            return lines.stream().filter(l -> l.status() == Status.FAIL).toList();
        }

        public String text() {
            return lines.stream().map(Line::toString).collect(Collectors.joining("\n"));
        }
    }

    public static Report check(Snapshot snapshot, List<Flow> flows) {
        var evaluator = new NetworkPolicyEvaluator(snapshot.namespaces(), snapshot.networkPolicies());
        var lines = new ArrayList<Report.Line>();
        for (var flow : flows) {
            lines.add(check(snapshot, evaluator, flow));
        }
        return new Report(List.copyOf(lines));
    }

    private static Report.Line check(Snapshot snapshot, NetworkPolicyEvaluator evaluator, Flow flow) {
        var missing = new ArrayList<String>();
        var sources = sources(snapshot, evaluator, flow.from(), missing);
        var targets = targets(snapshot, flow.to(), missing);
        if (!missing.isEmpty()) {
            return flow.optional().isPresent()
                    ? new Report.Line(Report.Status.SKIP, flow, "optional (" + flow.optional().get() + "): "
                    + String.join("; ", missing))
                    : new Report.Line(Report.Status.FAIL, flow, String.join("; ", missing));
        }
        int pairs = 0;
        int wrong = 0;
        String firstWrong = null;
        var reasons = new LinkedHashSet<String>();
        for (var source : sources) {
            for (var target : targets) {
                if (source instanceof Source.Pod s && target instanceof Target.Pod t
                        && Obj.id(s.pod()).equals(Obj.id(t.pod()))) {
                    continue; // a pod to itself says nothing about the policies
                }
                for (var port : ports(flow.port(), target)) {
                    Verdict v = evaluator.check(source, target, port);
                    pairs++;
                    reasons.add(v.reason());
                    if (v.allowed() != (flow.expect() == Flow.Expect.ALLOW)) {
                        wrong++;
                        if (firstWrong == null) {
                            firstWrong = describe(source) + " -> " + describe(target) + ":" + port + " "
                                    + (v.allowed() ? "allowed" : "denied") + " (" + v.reason() + ")";
                        }
                    }
                }
            }
        }
        if (pairs == 0) {
            return new Report.Line(Report.Status.FAIL, flow, "no connection to evaluate ("
                    + (flow.port() instanceof Ports.Probed ? "no pod has a network probe" : "one pod, itself")
                    + ")");
        }
        var counts = sources.size() + " source(s) x " + targets.size() + " destination(s), " + pairs + " checked";
        if (wrong > 0) {
            return new Report.Line(Report.Status.FAIL, flow, wrong + " of " + pairs + " "
                    + (flow.expect() == Flow.Expect.ALLOW ? "denied" : "allowed") + ", e.g. " + firstWrong);
        }
        var why = reasons.stream().limit(2).collect(Collectors.joining("; "))
                + (reasons.size() > 2 ? "; +" + (reasons.size() - 2) + " more" : "");
        return new Report.Line(Report.Status.PASS, flow, (flow.expect() == Flow.Expect.ALLOW ? "allowed" : "denied")
                + ", " + counts + " (" + why + ")");
    }

    private static List<Source> sources(Snapshot snapshot, NetworkPolicyEvaluator evaluator, End end,
                                        List<String> missing) {
        if (end instanceof End.Kubelet) {
            return List.of(new Source.LocalNode());
        }
        if (end instanceof End.PortForward) {
            return List.of(new Source.PortForward());
        }
        if (end instanceof End.Address a) {
            return List.of(new Source.Address(a.ip()));
        }
        if (end instanceof End.AnyPod a) {
            if (!evaluator.hasNamespace(a.namespace())) {
                missing.add("namespace " + a.namespace() + " is not in the snapshot");
                return List.of();
            }
            return List.of(new Source.Pod(hypothetical(a)));
        }
        var p = (End.Pods) end;
        var pods = select(snapshot, p);
        if (pods.isEmpty()) {
            missing.add("no pod matches the source " + p);
        }
        return pods.stream().<Source>map(Source.Pod::new).toList();
    }

    private static List<Target> targets(Snapshot snapshot, End end, List<String> missing) {
        if (end instanceof End.Address a) {
            return List.of(new Target.Address(a.ip()));
        }
        if (end instanceof End.AnyPod a) {
            return List.of(new Target.Pod(hypothetical(a)));
        }
        if (!(end instanceof End.Pods p)) {
            throw new IllegalArgumentException("not a destination: " + end);
        }
        var pods = select(snapshot, p);
        if (pods.isEmpty()) {
            missing.add("no pod matches the destination " + p);
        }
        return pods.stream().<Target>map(Target.Pod::new).toList();
    }

    static List<Map<String, Object>> select(Snapshot snapshot, End.Pods end) {
        return snapshot.pods().stream()
                .filter(pod -> end.namespace().equals(Obj.namespace(pod)))
                .filter(pod -> Obj.labels(pod).entrySet().containsAll(end.labels().entrySet()))
                .toList();
    }

    private static Map<String, Object> hypothetical(End.AnyPod a) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", "hypothetical-" + a.namespace());
        meta.put("namespace", a.namespace());
        meta.put("labels", a.labels());
        return Map.of("metadata", meta, "spec", Map.of());
    }

    /** The flow's port, or each distinct port the target's containers probe over the network. */
    static List<Port> ports(Ports ports, Target target) {
        if (ports instanceof Ports.Fixed f) {
            return List.of(f.port());
        }
        var out = new LinkedHashSet<Port>();
        if (target instanceof Target.Pod t) {
            for (var c : Obj.list(t.pod(), "spec.containers")) {
                for (var probe : PROBES) {
                    for (var kind : List.of("httpGet", "tcpSocket", "grpc")) {
                        var port = Obj.at(c, probe + "." + kind + ".port");
                        if (port instanceof Number n) {
                            out.add(Port.tcp(n.intValue()));
                        } else if (port instanceof String name) {
                            out.add(Port.tcp(containerPort(c, name, Obj.id(t.pod()))));
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The kubelet resolves a probe's named port against the probing container's own ports. */
    private static int containerPort(Object container, String name, String pod) {
        for (var p : Obj.list(container, "ports")) {
            if (name.equals(Obj.str(p, "name"))) {
                return ((Number) Obj.at(p, "containerPort")).intValue();
            }
        }
        throw new IllegalArgumentException(pod + ": probe port '" + name + "' is no port of its container");
    }

    private static String describe(Source s) {
        if (s instanceof Source.Pod p) {
            return Obj.id(p.pod());
        }
        if (s instanceof Source.Address a) {
            return a.ip();
        }
        return s instanceof Source.LocalNode ? "node" : "port-forward";
    }

    private static String describe(Target t) {
        return t instanceof Target.Pod p ? Obj.id(p.pod()) : ((Target.Address) t).ip();
    }
}
