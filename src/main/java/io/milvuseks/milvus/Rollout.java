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

    /**
     * Milvus' own limit on a graceful stop: on SIGTERM a query node waits until the query coordinator has moved its
     * segments and delegators to the rest of its replica (queryCoord.enableStoppingBalance, default true), a
     * streaming node until its WAL channels and delegators have moved, and quits by force after
     * {@code queryNode.gracefulStopTimeout}, which falls back to {@code common.gracefulStopTimeout}: 1800 s
     * (pkg/util/paramtable/component_param.go, DefaultGracefulStopTimeout; queryNodeConfig.GracefulStopTimeout
     * FallbackKeys). The stack leaves these at their defaults.
     */
    public static final int MILVUS_GRACEFUL_STOP_SECONDS = 1800;

    /**
     * terminationGracePeriodSeconds of the stack's query and streaming pods: Milvus' graceful stop and a minute to
     * exit. Kubernetes' default, 30 s, kills a stopping query node long before its segments have moved, so each pod
     * of a roll drops its share of a replica and the next one drops another (issue 23, item 4). milvus-operator goes
     * further and sets 30 days on every Milvus pod "to avoid kill -9 on pod automatically"
     * (pkg/controllers/deployment_updater.go, oneMonthSeconds); here Milvus' own force-quit bounds the stop, so its
     * timeout plus a margin is enough and a stuck pod still ends.
     */
    public static final int TERMINATION_GRACE_SECONDS = MILVUS_GRACEFUL_STOP_SECONDS + 60;

    /**
     * minReadySeconds of a streaming Deployment: milvus-operator's for every Milvus Deployment it rolls
     * (deployment_updater.go: {@code deployment.Spec.MinReadySeconds = 30}).
     */
    public static final int MIN_READY_SECONDS = 30;

    /**
     * Assumption (not measured): MiB a second a query node loads segments at (S3 reads and index deserialisation,
     * one node), the pace at which the balancer fills a new query node and empties a stopping one. 200 MiB/s is well
     * under an m6in's 25 Gbps and about what a node's load concurrency reaches on indexed segments; a slower pace
     * only makes the gate below too short, never a pod unsafe (the graceful stop still moves every segment first).
     */
    public static final int LOAD_MIB_PER_SECOND = 200;

    /**
     * minReadySeconds of a query zone Deployment, the roll's gate on segments: the Deployment stops the next pod only
     * after the new one has been Ready this long, time for the balancer to load a node's share of segments onto it
     * ({@code segmentMiB} at {@link #LOAD_MIB_PER_SECOND}, plus a minute of balance cycles), so a 44-pod roll moves
     * one node's segments at a time instead of 44 at once. Readiness itself stays the chart's {@code /healthz}: a
     * probe that asked for loaded segments would keep every query pod unready before the first load (bootstrap runs
     * after {@code pulumi up}), and an empty pod of a loaded collection looks the same. The segments of the pod that
     * stops are never dropped: its graceful stop moves them to the rest of its replica first
     * ({@link #TERMINATION_GRACE_SECONDS}). Bounded to 30 s .. 30 min.
     */
    public static int queryMinReadySeconds(long segmentMiB) {
        long seconds = segmentMiB / LOAD_MIB_PER_SECOND + 60;
        return (int) Math.max(MIN_READY_SECONDS, Math.min(MILVUS_GRACEFUL_STOP_SECONDS, seconds));
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
