package io.milvuseks.kube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waits for the controllers to create every workload's pods and for the scheduler to decide on each, then reports.
 * A pod the scheduler cannot place keeps its {@code PodScheduled=False} condition with the scheduler's message,
 * verbatim; they are grouped by workload and message ("12 pods of Deployment milvus/x Pending: 0/134 nodes are
 * available: ..."). Pods the scheduler preempted (evicted to make room for a pod of higher priority) never finish
 * terminating without a kubelet and are reported too: the node could not hold both.
 */
final class Placement {

    /** What the wait found. {@code problems} is empty when every pod was created and bound. */
    record Outcome(List<String> problems, List<Map<String, Object>> pods, List<Map<String, Object>> nodes,
                   double seconds) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final KubeApi api;

    Placement(KubeApi api) {
        this.api = api;
    }

    /** Expected pod count per workload ("Kind ns/name"), as far as the controllers have told. */
    Map<String, Long> expected() {
        var out = new TreeMap<String, Long>();
        var hpaMin = new HashMap<String, Long>();
        for (var hpa : api.list("/apis/autoscaling/v2/horizontalpodautoscalers")) {
            hpaMin.put(Maps.str(hpa, "spec", "scaleTargetRef", "kind") + " " + Maps.str(hpa, "metadata", "namespace")
                    + "/" + Maps.str(hpa, "spec", "scaleTargetRef", "name"), Maps.num(hpa, 1, "spec", "minReplicas"));
        }
        for (var d : api.list("/apis/apps/v1/deployments")) {
            var id = Maps.id(d);
            out.put(id, Math.max(Maps.num(d, 1, "spec", "replicas"), hpaMin.getOrDefault(id, 0L)));
        }
        for (var s : api.list("/apis/apps/v1/statefulsets")) {
            out.put(Maps.id(s), Maps.num(s, 1, "spec", "replicas"));
        }
        for (var ds : api.list("/apis/apps/v1/daemonsets")) {
            boolean observed = Maps.num(ds, 0, "status", "observedGeneration") >= Maps.num(ds, 1, "metadata",
                    "generation");
            out.put(Maps.id(ds), observed ? Maps.num(ds, -1, "status", "desiredNumberScheduled") : -1);
        }
        for (var j : api.list("/apis/batch/v1/jobs")) {
            long parallelism = Maps.num(j, 1, "spec", "parallelism");
            out.put(Maps.id(j), Math.min(parallelism, Maps.num(j, parallelism, "spec", "completions")));
        }
        return out;
    }

    /** The workload that owns a pod ("Deployment ns/name" through its ReplicaSet), or "Pod ns/name". */
    static String owner(Map<String, Object> pod, Map<String, Map<String, Object>> replicaSets) {
        var ns = Maps.str(pod, "metadata", "namespace");
        for (var ref : Maps.maps(pod, "metadata", "ownerReferences")) {
            if (!Boolean.TRUE.equals(ref.get("controller"))) {
                continue;
            }
            var kind = ref.get("kind").toString();
            var name = ref.get("name").toString();
            if (kind.equals("ReplicaSet")) {
                var rs = replicaSets.get(ns + "/" + name);
                for (var up : rs == null ? List.<Map<String, Object>>of() : Maps.maps(rs, "metadata",
                        "ownerReferences")) {
                    if (Boolean.TRUE.equals(up.get("controller"))) {
                        return up.get("kind") + " " + ns + "/" + up.get("name");
                    }
                }
            }
            return kind + " " + ns + "/" + name;
        }
        return "Pod " + ns + "/" + Maps.str(pod, "metadata", "name");
    }

    /**
     * Waits until every workload has its pods and each pod is bound or marked unschedulable, unchanged for a few
     * polls; then reports what is not placed. {@code timeout} bounds the whole wait; {@code where} names the node
     * groups a pod is meant for, for the report.
     */
    Outcome await(Duration timeout, Runnable alive, java.util.function.Function<Map<String, Object>, String> where)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        String lastState = null;
        int stable = 0;
        List<String> problems;
        List<Map<String, Object>> pods;
        while (true) {
            alive.run();
            var expected = expected();
            pods = api.list("/api/v1/pods");
            var rs = new HashMap<String, Map<String, Object>>();
            api.list("/apis/apps/v1/replicasets").forEach(r -> rs.put(Maps.str(r, "metadata", "namespace") + "/"
                    + Maps.str(r, "metadata", "name"), r));
            var created = new HashMap<String, Long>();
            for (var p : pods) {
                if (Maps.at(p, "metadata", "deletionTimestamp") == null) {
                    created.merge(owner(p, rs), 1L, Long::sum);
                }
            }
            problems = new ArrayList<>();
            boolean settled = true;
            List<Map<String, Object>> warnings = null;
            for (var e : expected.entrySet()) {
                long have = created.getOrDefault(e.getKey(), 0L);
                if (e.getValue() < 0 || have < e.getValue()) {
                    settled = false;
                    if (warnings == null) {
                        warnings = api.list("/api/v1/events?fieldSelector=type%3DWarning");
                    }
                    problems.add(e.getKey() + ": " + have + " of " + (e.getValue() < 0 ? "?" : e.getValue())
                            + " pods created" + lastWarning(warnings, e.getKey()));
                }
            }
            var pending = new TreeMap<String, Integer>();
            for (var p : pods) {
                var state = state(p);
                if (state == null) {
                    continue; // bound
                }
                if (state.isEmpty()) {
                    settled = false; // not yet decided (queued, or waiting for its volume)
                    state = "Pending, no decision yet";
                }
                pending.merge(owner(p, rs) + " (" + where.apply(p) + ")\t" + state, 1, Integer::sum);
            }
            for (var e : pending.entrySet()) {
                var parts = e.getKey().split("\t", 2);
                int n = e.getValue();
                problems.add(n + (n == 1 ? " pod of " : " pods of ") + parts[0] + " " + parts[1]);
            }
            var snapshot = String.join("\n", problems);
            stable = settled && snapshot.equals(lastState) ? stable + 1 : 0;
            lastState = snapshot;
            if (stable >= 3 || System.nanoTime() > deadline) {
                if (stable < 3) {
                    problems.add(0, "not settled within " + timeout.toSeconds() + " s");
                }
                break;
            }
            Thread.sleep(2000);
        }
        return new Outcome(problems, pods, api.list("/api/v1/nodes"), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The latest Warning event (a controller's FailedCreate, say) of the workload "Kind ns/name" or of its
     * ReplicaSets, as "; last warning: <reason>: <message>", or "".
     */
    static String lastWarning(List<Map<String, Object>> events, String workload) {
        var ns = workload.substring(workload.indexOf(' ') + 1, workload.indexOf('/'));
        var name = workload.substring(workload.indexOf('/') + 1);
        return events.stream()
                .filter(ev -> ns.equals(Maps.str(ev, "involvedObject", "namespace")))
                .filter(ev -> {
                    var obj = Maps.str(ev, "involvedObject", "name");
                    return name.equals(obj) || obj != null && obj.startsWith(name + "-")
                            && "ReplicaSet".equals(Maps.str(ev, "involvedObject", "kind"));
                })
                .max(java.util.Comparator.comparing(ev -> String.valueOf(Maps.str(ev, "lastTimestamp"))))
                .map(ev -> "; last warning: " + Maps.str(ev, "reason") + ": " + Maps.str(ev, "message"))
                .orElse("");
    }

    /**
     * Null when the pod is bound; the scheduler's verdict when it is not ("Pending: <message>"), or that it was
     * preempted; empty when nothing is decided yet.
     */
    static String state(Map<String, Object> pod) {
        if (Maps.at(pod, "metadata", "deletionTimestamp") != null) {
            for (var c : Maps.maps(pod, "status", "conditions")) {
                if ("DisruptionTarget".equals(c.get("type"))) {
                    return "preempted (" + c.get("reason") + "): " + c.get("message");
                }
            }
            return "deleted while pending";
        }
        if (Maps.str(pod, "spec", "nodeName") != null) {
            return null;
        }
        for (var c : Maps.maps(pod, "status", "conditions")) {
            if ("PodScheduled".equals(c.get("type")) && "False".equals(c.get("status"))) {
                return "Pending (" + c.get("reason") + "): " + c.get("message");
            }
        }
        return "";
    }

    /** Requests of a pod as the scheduler counts them: max(sum of containers, each init container). */
    static long[] requests(Map<String, Object> pod) {
        long cpu = 0;
        long mem = 0;
        for (var c : Maps.maps(pod, "spec", "containers")) {
            cpu += reqMilli(c, "cpu");
            mem += reqMiB(c, "memory");
        }
        for (var c : Maps.maps(pod, "spec", "initContainers")) {
            cpu = Math.max(cpu, reqMilli(c, "cpu"));
            mem = Math.max(mem, reqMiB(c, "memory"));
        }
        return new long[] {cpu, mem};
    }

    private static long reqMilli(Map<String, Object> c, String r) {
        var q = Maps.at(c, "resources", "requests", r);
        return q == null ? 0 : Quantity.milli(q);
    }

    private static long reqMiB(Map<String, Object> c, String r) {
        var q = Maps.at(c, "resources", "requests", r);
        return q == null ? 0 : Quantity.mib(q);
    }

    /**
     * Per node group (label {@code eks.amazonaws.com/nodegroup}): nodes, pods bound, and the least memory and CPU
     * left on any of its nodes after the requests of the pods bound there.
     */
    static List<String> groupSummary(Outcome o, Map<String, String> groupNames) {
        var perNode = new HashMap<String, long[]>();
        var podsPerNode = new HashMap<String, Integer>();
        for (var p : o.pods()) {
            var node = Maps.str(p, "spec", "nodeName");
            if (node == null || Maps.at(p, "metadata", "deletionTimestamp") != null) {
                continue;
            }
            var r = requests(p);
            perNode.merge(node, r, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            podsPerNode.merge(node, 1, Integer::sum);
        }
        var byGroup = new LinkedHashMap<String, long[]>(); // nodes, pods, min free cpu, min free mem
        for (var n : o.nodes()) {
            var name = Maps.str(n, "metadata", "name");
            var group = groupNames.getOrDefault(Maps.str(n, "metadata", "labels", "eks.amazonaws.com/nodegroup"),
                    "?");
            long cpu = Quantity.milli(Maps.at(n, "status", "allocatable", "cpu"));
            long mem = Quantity.mib(Maps.at(n, "status", "allocatable", "memory"));
            var used = perNode.getOrDefault(name, new long[2]);
            var g = byGroup.computeIfAbsent(group, k -> new long[] {0, 0, Long.MAX_VALUE, Long.MAX_VALUE, mem});
            g[0]++;
            g[1] += podsPerNode.getOrDefault(name, 0);
            g[2] = Math.min(g[2], cpu - used[0]);
            g[3] = Math.min(g[3], mem - used[1]);
        }
        var lines = new ArrayList<String>();
        byGroup.forEach((group, g) -> lines.add(String.format("  %-16s %4d nodes %5d pods  allocatable %6d Mi; "
                + "least left on a node: %6d Mi, %5dm CPU", group, g[0], g[1], g[4], g[3], g[2])));
        return lines;
    }
}
