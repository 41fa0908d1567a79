package io.milvuseks.kube;

import io.milvuseks.kube.PlanManifests.Manifest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tier's controls, so it cannot pass by checking nothing: a copy of one of the plan's own
 * PodDisruptionBudgets with a misspelt field must be rejected by the strict dry run (and the unmodified copy must
 * pass), and a pod asking for more memory than any node has must come out of the same placement report as
 * unschedulable, with the scheduler's reason.
 */
final class Controls {

    /** What the controls saw: the server's answers, verbatim. */
    record Findings(String pdb, String typoField, String typoRejection, boolean typoRejected, boolean copyAccepted,
                    String unschedulable) {
    }

    static final String NAMESPACE = "kube-tier-control";

    private Controls() {
    }

    static Findings run(KubeApi api, Applier applier, List<Manifest> manifests, List<Map<String, Object>> nodes,
                        Runnable alive) throws InterruptedException {
        var pdb = manifests.stream().filter(m -> m.kind().equals("PodDisruptionBudget") && m.yaml() == null)
                .findFirst().orElseThrow(() -> new AssertionError("the plan has no PodDisruptionBudget to copy"));
        var copy = Maps.copyMap(pdb.object());
        Maps.ensure(copy, "metadata").put("name", Maps.str(copy, "metadata", "name") + "-control");
        var spec = Maps.ensure(copy, "spec");
        var field = spec.containsKey("maxUnavailable") ? "maxUnavailable" : "minAvailable";
        var good = applier.apply(new Manifest("control", null, copy, pdb.defaultNamespace(), "kube-tier"), true);
        var typo = Maps.copyMap(copy);
        var typoSpec = Maps.ensure(typo, "spec");
        typoSpec.put(field.replace("able", "abel"), typoSpec.remove(field)); // maxUnavailable -> maxUnavailabel
        var bad = applier.apply(new Manifest("control", null, typo, pdb.defaultNamespace(), "kube-tier"), true);

        long maxMiB = nodes.stream().mapToLong(n -> Quantity.mib(Maps.at(n, "status", "allocatable", "memory")))
                .max().orElse(0);
        api.create("/api/v1/namespaces", Map.of("apiVersion", "v1", "kind", "Namespace",
                "metadata", Map.of("name", NAMESPACE)));
        var pod = new LinkedHashMap<String, Object>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", Map.of("name", "too-big", "namespace", NAMESPACE));
        pod.put("spec", Map.of("containers", List.of(Map.of("name", "c", "image", "busybox",
                "resources", Map.of("requests", Map.of("memory", (maxMiB + 1024) + "Mi"))))));
        var created = api.create("/api/v1/namespaces/" + NAMESPACE + "/pods", pod);
        if (!created.ok()) {
            throw new AssertionError("control pod refused: " + created.message());
        }
        var outcome = new Placement(api).await(Duration.ofMinutes(3), alive, p -> "any node");
        var line = outcome.problems().stream().filter(p -> p.contains("Pod " + NAMESPACE + "/too-big"))
                .findFirst().orElse(null);
        return new Findings(Maps.id(pdb.object()), ".spec." + field.replace("able", "abel"),
                bad.ok() ? null : bad.message(), !bad.ok(), good.ok(), line);
    }
}
