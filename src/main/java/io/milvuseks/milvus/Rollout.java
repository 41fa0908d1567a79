package io.milvuseks.milvus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Milvus pods are replaced: Deployment update strategies and PodDisruptionBudgets.
 *
 * <p>Every pool is sized full (one query pod per query node, a data and a streaming pod per data node, ...), so a
 * surge pod has no node to go to: the chart's default RollingUpdate (25 % surge, 25 % unavailable) would take 16 of
 * 66 query pods down at once and leave 17 surge pods Pending. Each Deployment here rolls one pod at a time with no
 * surge. PodDisruptionBudgets give drains (node group updates, scale-in) the same limit: one pod of a component at a
 * time. The chart 5.0.19 has no PDB keys for Milvus' own components (only for etcd and Pulsar), so the stack creates
 * them ({@link MilvusGuards}), selecting the chart's pod labels (templates/_helpers.tpl milvus.matchLabels plus the
 * {@code component} label every Milvus Deployment template sets).
 */
public final class Rollout {

    private Rollout() {
    }

    /** RollingUpdate with maxUnavailable 1 and maxSurge 0: one pod at a time, never more pods than nodes. */
    public static Map<String, Object> strategy() {
        var rolling = new LinkedHashMap<String, Object>();
        rolling.put("maxUnavailable", 1);
        rolling.put("maxSurge", 0);
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "RollingUpdate");
        m.put("rollingUpdate", rolling);
        return m;
    }

    /**
     * The strategy a component's values carry. mixcoord-deployment.yaml reads {@code mixCoordinator.strategy} only
     * with active-standby, and otherwise writes Recreate itself (one coordinator cannot overlap with a second).
     */
    static Map<String, Object> strategyFor(Component c, boolean activeStandby) {
        if (c == Component.MIX_COORDINATOR && !activeStandby) {
            return Map.of();
        }
        return strategy();
    }

    /** Pod labels of a Milvus component, as the chart sets them. */
    public static Map<String, String> podLabels(Component c, String release) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", "milvus");
        labels.put("app.kubernetes.io/instance", release);
        labels.put("component", c.podLabel());
        return labels;
    }

    /**
     * A PodDisruptionBudget: at most {@code maxUnavailable} pods of the selection evicted at once.
     * maxUnavailable (not minAvailable) so a single-replica component never blocks a drain for good.
     */
    public record Budget(String name, Map<String, String> selector, int maxUnavailable) {
    }

    /** The components whose PDBs the stack creates: query, streaming, coordinator, proxy. */
    public static final List<Component> BUDGETED = List.of(Component.QUERY_NODE, Component.STREAMING_NODE,
            Component.MIX_COORDINATOR, Component.PROXY);

    public static List<Budget> budgets(String release) {
        var out = new ArrayList<Budget>();
        for (var c : BUDGETED) {
            out.add(new Budget(release + "-" + c.podLabel(), podLabels(c, release), 1));
        }
        return out;
    }
}
