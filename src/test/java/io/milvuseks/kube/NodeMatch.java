package io.milvuseks.kube;

import java.util.Map;
import java.util.Objects;

/**
 * Whether a pod is meant for a node by its labels and taints alone (nodeSelector, required node affinity, taints
 * with effect NoSchedule/NoExecute) — not resources. Only for naming, in a report, the node groups a Pending pod
 * was aimed at; the scheduler's own verdict is what the tier asserts.
 */
final class NodeMatch {

    private NodeMatch() {
    }

    static boolean aimedAt(Map<String, Object> pod, Map<String, Object> node) {
        var labels = Maps.map(node, "metadata", "labels");
        for (var e : Maps.map(pod, "spec", "nodeSelector").entrySet()) {
            if (!Objects.equals(String.valueOf(e.getValue()), labels.get(e.getKey()))) {
                return false;
            }
        }
        var terms = Maps.maps(pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                "nodeSelectorTerms");
        if (!terms.isEmpty() && terms.stream().noneMatch(t -> termMatches(t, node))) {
            return false;
        }
        for (var taint : Maps.maps(node, "spec", "taints")) {
            var effect = String.valueOf(taint.get("effect"));
            if (!effect.equals("PreferNoSchedule") && Maps.maps(pod, "spec", "tolerations").stream()
                    .noneMatch(t -> tolerates(t, taint))) {
                return false;
            }
        }
        return true;
    }

    private static boolean termMatches(Map<String, Object> term, Map<String, Object> node) {
        var labels = Maps.map(node, "metadata", "labels");
        for (var expr : Maps.maps(term, "matchExpressions")) {
            if (!exprMatches(expr, labels.get(String.valueOf(expr.get("key"))))) {
                return false;
            }
        }
        for (var expr : Maps.maps(term, "matchFields")) {
            if ("metadata.name".equals(expr.get("key"))
                    && !exprMatches(expr, Maps.str(node, "metadata", "name"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean exprMatches(Map<String, Object> expr, Object value) {
        var values = Maps.list(expr, "values").stream().map(String::valueOf).toList();
        return switch (String.valueOf(expr.get("operator"))) {
            case "In" -> value != null && values.contains(value.toString());
            case "NotIn" -> value == null || !values.contains(value.toString());
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> true; // Gt, Lt: not used by these stacks; leave the verdict to the scheduler
        };
    }

    private static boolean tolerates(Map<String, Object> toleration, Map<String, Object> taint) {
        var key = toleration.get("key");
        var effect = toleration.get("effect");
        if (effect != null && !effect.equals(taint.get("effect"))) {
            return false;
        }
        if ("Exists".equals(toleration.get("operator"))) {
            return key == null || key.equals(taint.get("key"));
        }
        return Objects.equals(key, taint.get("key"))
                && Objects.equals(String.valueOf(toleration.get("value")), String.valueOf(taint.get("value")));
    }
}
