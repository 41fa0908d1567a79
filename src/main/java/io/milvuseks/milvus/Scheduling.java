package io.milvuseks.milvus;

import io.milvuseks.config.NodeRole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where pods go: the node label and taint the node groups carry, and zone spreading.
 *
 * <p>Contract with the cluster component: every managed node group is labelled {@value #ROLE_LABEL}=&lt;role&gt;,
 * and the query group alone is tainted {@code milvus.io/role=query:NoSchedule} so only query nodes land there.
 */
public final class Scheduling {

    public static final String ROLE_LABEL = "milvus.io/role";
    public static final String ZONE_KEY = "topology.kubernetes.io/zone";
    public static final String HOST_KEY = "kubernetes.io/hostname";
    /** The one tainted pool. */
    public static final NodeRole TAINTED_ROLE = NodeRole.QUERY;
    public static final String TAINT_EFFECT = "NoSchedule";

    private Scheduling() {
    }

    public static Map<String, Object> nodeSelector(NodeRole role) {
        return Map.of(ROLE_LABEL, role.wire());
    }

    /** Tolerations for the taints of the role's node group (none but the query group's). */
    public static List<Object> tolerations(NodeRole role) {
        if (role != TAINTED_ROLE) {
            return List.of();
        }
        var t = new LinkedHashMap<String, Object>();
        t.put("key", ROLE_LABEL);
        t.put("operator", "Equal");
        t.put("value", role.wire());
        t.put("effect", TAINT_EFFECT);
        return List.of(t);
    }

    /** Spread the pods matching {@code labels} evenly over the zones (skew at most one). */
    public static List<Object> zoneSpread(Map<String, String> labels, boolean hard) {
        var c = new LinkedHashMap<String, Object>();
        c.put("maxSkew", 1);
        c.put("topologyKey", ZONE_KEY);
        c.put("whenUnsatisfiable", hard ? "DoNotSchedule" : "ScheduleAnyway");
        c.put("labelSelector", Map.of("matchLabels", labels));
        return List.of(c);
    }

    /**
     * Pod anti-affinity: never two members on one node; one member per zone, required while there are no more
     * members than zones (3 of 3), preferred beyond (5 members over 3 zones).
     */
    public static Map<String, Object> antiAffinity(Map<String, String> labels, int replicas, int zones) {
        Map<String, Object> selector = Map.of("matchLabels", labels);
        var host = term(selector, HOST_KEY);
        var zone = term(selector, ZONE_KEY);
        var anti = new LinkedHashMap<String, Object>();
        if (replicas <= zones) {
            anti.put("requiredDuringSchedulingIgnoredDuringExecution", List.of(host, zone));
        } else {
            anti.put("requiredDuringSchedulingIgnoredDuringExecution", List.of(host));
            anti.put("preferredDuringSchedulingIgnoredDuringExecution",
                    List.of(Map.of("weight", 100, "podAffinityTerm", zone)));
        }
        return Map.of("podAntiAffinity", anti);
    }

    /**
     * Never two pods of the selection on one node (required pod anti-affinity on the hostname). Data and streaming
     * pods share the data nodes, one of each per node (MilvusSizing: 55% and 35% of a node's memory); their sizes
     * alone let two streaming pods share a node (70%), which then leaves no room for a data pod anywhere (issue 21,
     * finding 5: "0/134 nodes are available"). With the rule, n nodes take at most n of each, so the standing count
     * fills every node with one of each, and a data pod the HPA adds beyond it waits for a node Cluster Autoscaler
     * adds (the autoscaler simulates inter-pod anti-affinity when it picks a group: cluster-autoscaler FAQ, "Does CA
     * respect ... pod affinity and anti-affinity").
     */
    public static Map<String, Object> hostAntiAffinity(Map<String, String> labels) {
        Map<String, Object> selector = Map.of("matchLabels", labels);
        return Map.of("podAntiAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                List.of(term(selector, HOST_KEY))));
    }

    private static Map<String, Object> term(Map<String, Object> selector, String topologyKey) {
        var t = new LinkedHashMap<String, Object>();
        t.put("labelSelector", selector);
        t.put("topologyKey", topologyKey);
        return t;
    }
}
