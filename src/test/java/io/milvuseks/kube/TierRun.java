package io.milvuseks.kube;

import io.milvuseks.kube.PlanManifests.Manifest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One run of the tier for one stack on a fresh control plane: register the fake nodes, apply EKS's add-ons, then
 * the stack's objects (namespaces and CRDs for real, every other object as a strict server-side dry run, then for
 * real), create the stand-ins, and wait for the scheduler. Prints each phase's duration.
 *
 * @param label        "staging", "prod -3 % memory", ... for the output
 * @param memoryFactor node memory capacity relative to the planner's assumption
 * @param dryRun       whether to run the strict dry run (the margin run only re-places pods)
 */
record TierRun(String stack, String label, List<Manifest> manifests, List<Manifest> addons,
               List<FakeNodes.Group> groups, String kubeVersion, double memoryFactor, boolean dryRun) {

    /** Everything a run found. */
    record Result(List<String> rejections, Placement.Outcome placement, List<String> groupSummary,
                  List<String> standIns, Map<String, Integer> volumesByZone, List<String> provisionerErrors,
                  ClusterSnapshot snapshot, Controls.Findings controls) {
    }

    Result execute(Path dir, boolean withControls) throws Exception {
        var timings = new LinkedHashMap<String, Double>();
        long t = System.nanoTime();
        try (var cp = ControlPlane.start(dir)) {
            var api = KubeApi.connect(cp);
            t = lap(timings, "control plane start", t);

            var nodes = FakeNodes.nodes(groups, memoryFactor, kubeVersion);
            for (var node : nodes) {
                register(api, node);
            }
            t = lap(timings, nodes.size() + " nodes", t);

            try (var provisioner = new FakeProvisioner(api)) {
                var applier = new Applier(api);
                var addonRejections = applier.apply(Applier.ordered(addons), false);
                if (!addonRejections.isEmpty()) {
                    throw new AssertionError("EKS add-on stand-ins refused (a tier bug):\n"
                            + String.join("\n", addonRejections));
                }
                var ordered = Applier.ordered(manifests);
                var first = ordered.stream().filter(m -> m.kind().equals("Namespace")
                        || m.kind().equals("CustomResourceDefinition")).toList();
                var rest = ordered.stream().filter(m -> !first.contains(m)).toList();
                var rejections = new ArrayList<>(applier.apply(first, false));
                applier.awaitCrds(first, Duration.ofSeconds(60));
                t = lap(timings, first.size() + " namespaces and CRDs", t);
                if (dryRun) {
                    rejections.addAll(applier.apply(rest, true));
                    t = lap(timings, "strict dry run of " + rest.size() + " objects", t);
                }
                var real = applier.apply(rest, false);
                if (!dryRun) {
                    rejections.addAll(real);
                }
                t = lap(timings, "apply of " + rest.size() + " objects", t);
                var standIns = StandIns.create(api);

                var placement = new Placement(api).await(Duration.ofMinutes(5), cp::checkAlive,
                        pod -> aimedAt(pod, nodes));
                t = lap(timings, "scheduling", t);
                var names = new HashMap<String, String>();
                groups.forEach(g -> names.put(g.eksName(), g.shortName()));
                var summary = Placement.groupSummary(placement, names);

                ClusterSnapshot snapshot = null;
                Controls.Findings controls = null;
                if (withControls) {
                    snapshot = ClusterSnapshot.read(api, stack);
                    controls = Controls.run(api, applier, manifests, nodes, cp::checkAlive);
                    t = lap(timings, "controls", t);
                }
                print(timings, rejections, placement, summary, standIns, provisioner);
                if (!applier.warnings.isEmpty()) {
                    System.out.println("  API server warnings (accepted, not failures):");
                    applier.warnings.forEach(w -> System.out.println("    " + w));
                }
                return new Result(rejections, placement, summary, standIns, provisioner.byZone(),
                        provisioner.errors(), snapshot, controls);
            }
        }
    }

    /** Creates a Node with its status (a create may set status, as the kubelet's registration does). */
    private static void register(KubeApi api, Map<String, Object> node) {
        var reply = api.create("/api/v1/nodes", node);
        if (!reply.ok()) {
            throw new AssertionError("node " + Maps.str(node, "metadata", "name") + " refused: " + reply.message());
        }
        if (Maps.at(reply.body(), "status", "allocatable") == null) {
            var patch = api.mergePatch("/api/v1/nodes/" + KubeApi.enc(Maps.str(node, "metadata", "name"))
                    + "/status", Map.of("status", node.get("status")));
            if (!patch.ok()) {
                throw new AssertionError("node status refused: " + patch.message());
            }
        }
    }

    /** The node groups a pod is aimed at by labels and taints, for the report. */
    private String aimedAt(Map<String, Object> pod, List<Map<String, Object>> nodes) {
        var names = new HashMap<String, String>();
        groups.forEach(g -> names.put(g.eksName(), g.shortName()));
        var hits = new TreeSet<String>();
        for (var n : nodes) {
            if (NodeMatch.aimedAt(pod, n)) {
                hits.add(names.getOrDefault(Maps.str(n, "metadata", "labels", "eks.amazonaws.com/nodegroup"), "?"));
            }
        }
        return hits.isEmpty() ? "no node group matches its selectors and taints"
                : (hits.size() == 1 ? "node group " : "node groups ") + String.join(", ", hits);
    }

    private static long lap(Map<String, Double> timings, String what, long since) {
        long now = System.nanoTime();
        timings.put(what, (now - since) / 1e9);
        return now;
    }

    private void print(Map<String, Double> timings, List<String> rejections, Placement.Outcome placement,
                       List<String> summary, List<String> standIns, FakeProvisioner provisioner) {
        var out = new StringBuilder("\n== kube tier: " + label + "\n");
        timings.forEach((k, v) -> out.append(String.format("  %-40s %6.1f s%n", k, v)));
        out.append("  stand-ins: ").append(standIns.isEmpty() ? "none" : String.join("; ", standIns)).append('\n');
        out.append("  volumes provisioned (stand-in EBS CSI) by zone: ").append(provisioner.byZone()).append('\n');
        long bound = placement.pods().stream().filter(p -> Maps.str(p, "spec", "nodeName") != null).count();
        out.append("  pods: ").append(placement.pods().size()).append(", bound: ").append(bound).append('\n');
        summary.forEach(l -> out.append(l).append('\n'));
        out.append(dryRun ? "  strict dry run: " + rejections.size() + " rejection(s)\n" : "");
        rejections.forEach(r -> out.append("    REJECTED ").append(r).append('\n'));
        out.append("  placement: ").append(placement.ok() ? "every pod bound" : placement.problems().size()
                + " problem(s)").append('\n');
        placement.problems().forEach(p -> out.append("    ").append(p).append('\n'));
        System.out.print(out);
    }
}
