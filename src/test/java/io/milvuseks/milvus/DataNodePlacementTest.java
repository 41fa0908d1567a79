package io.milvuseks.milvus;

import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.testing.Stacks;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, finding 5: the data and streaming pods as the manifests declare them (requests, node selectors,
 * affinity, from the values and the zone pods), scheduled pod by pod in any order onto any node that admits them —
 * a scheduler no smarter than the worst kube-scheduler choice. With the stack's one-per-node anti-affinity every
 * standing pod is placed, one data and one streaming pod per node, and a data pod the HPA adds beyond the standing
 * count waits for a node Cluster Autoscaler adds, then fits. Without it (the manifests before), some order puts two
 * streaming pods on one node and strands a data pod, as the real scheduler did twice (0/134 nodes available). A real
 * kube-scheduler tier re-checks this later.
 */
class DataNodePlacementTest {

    /** One node of a data group, what it holds, and its group's zone label (null: the multi-zone group). */
    static final class Node {
        final String zone;
        int cpu;
        int memory;
        final List<Pod> pods = new ArrayList<>();

        Node(String zone, NodeAllocatable a) {
            this.zone = zone;
            this.cpu = a.cpuMilli();
            this.memory = a.memoryMiB();
        }
    }

    /** A pod: its component, requests, the zone its node selector pins it to (null: any data node), anti-affinity. */
    record Pod(Component component, int cpu, int memory, String zone, boolean onePerNode) {
    }

    record Layout(List<Node> nodes, List<Pod> standing, Pod extraDataPod, Map<String, Integer> groupMax,
                  NodeAllocatable allocatable) {
    }

    /** The prod stack (2 replicas: zone data groups, zone streaming Deployments) or one with 1 replica. */
    static Layout layout(StackSettings s, boolean withAntiAffinity) {
        var sizing = MilvusSizing.plan(s, Fixtures.nodeCounts(s));
        var values = Fixtures.values(s).toMap();
        var allocatable = NodeAllocatable.of(InstanceCatalog.requireEc2(s.pool(NodeRole.DATA).instanceType()));
        var nodes = new ArrayList<Node>();
        var standing = new ArrayList<Pod>();
        var groupMax = new LinkedHashMap<String, Integer>();
        var zones = MilvusValuesFactory.dataZones(s, sizing);
        var data = pod(values, Component.DATA_NODE, null, withAntiAffinity);
        if (zones.isEmpty()) {
            int n = sizing.of(Component.DATA_NODE).replicas();
            for (int i = 0; i < n; i++) {
                nodes.add(new Node(null, allocatable));
            }
            groupMax.put("all", s.pool(NodeRole.DATA).max());
            var streaming = pod(values, Component.STREAMING_NODE, null, withAntiAffinity);
            standing.addAll(Collections.nCopies(((Number) at(values, "streamingNode", "replicas")).intValue(),
                    streaming));
        } else {
            for (var z : zones) {
                for (int i = 0; i < z.desired(); i++) {
                    nodes.add(new Node(z.zone(), allocatable));
                }
                groupMax.put(z.zone(), z.max());
                // the zone Deployment's pod: its node selector names the zone group (QueryZonePods.nodeSelector),
                // its affinity is the values' (QueryZoneDeployments copies it)
                var pods = QueryZonePods.of(values, Component.STREAMING_NODE, z, "milvus");
                assertThat(QueryZonePods.nodeSelector(Component.STREAMING_NODE, z)).containsEntry(
                        io.milvuseks.zones.QueryZones.DATA_GROUP_LABEL, z.zone());
                boolean anti = withAntiAffinity && !pods.affinity().isEmpty();
                standing.addAll(Collections.nCopies(z.desired(), new Pod(Component.STREAMING_NODE,
                        milli(pods.requests().get("cpu")), mebi(pods.requests().get("memory")), z.zone(), anti)));
            }
        }
        standing.addAll(Collections.nCopies(sizing.of(Component.DATA_NODE).replicas(), data));
        return new Layout(nodes, standing, data, groupMax, allocatable);
    }

    @SuppressWarnings("unchecked")
    static Pod pod(Map<String, Object> values, Component c, String zone, boolean withAntiAffinity) {
        var m = (Map<String, Object>) values.get(c.valuesKey());
        var requests = (Map<String, Object>) ((Map<String, Object>) m.get("resources")).get("requests");
        var affinity = (Map<String, Object>) m.getOrDefault("affinity", Map.of());
        boolean anti = withAntiAffinity && affinity.equals(Scheduling.hostAntiAffinity(Rollout.podLabels(c, "milvus")));
        return new Pod(c, milli(String.valueOf(requests.get("cpu"))), mebi(String.valueOf(requests.get("memory"))),
                zone, anti);
    }

    /** Places each pod on a random node that admits it; the pods left over. */
    static List<Pod> schedule(List<Node> nodes, List<Pod> pods, Random random) {
        var order = new ArrayList<>(pods);
        Collections.shuffle(order, random);
        var pending = new ArrayList<Pod>();
        for (var p : order) {
            var fits = nodes.stream().filter(n -> admits(n, p)).toList();
            if (fits.isEmpty()) {
                pending.add(p);
                continue;
            }
            var n = fits.get(random.nextInt(fits.size()));
            n.pods.add(p);
            n.cpu -= p.cpu();
            n.memory -= p.memory();
        }
        return pending;
    }

    static boolean admits(Node n, Pod p) {
        if (p.zone() != null && !p.zone().equals(n.zone)) {
            return false;
        }
        if (n.cpu < p.cpu() || n.memory < p.memory()) {
            return false;
        }
        // required anti-affinity is symmetric: no pod of the same component with the rule on the node
        return !(p.onePerNode() && n.pods.stream().anyMatch(q -> q.component() == p.component()));
    }

    /** Every standing pod placed, one data and one streaming pod per node; HPA extras placed once CA adds nodes. */
    @Property(tries = 200)
    void theStandingPodsAlwaysFitOneOfEachPerNodeAndExtrasGetNewNodes(@ForAll boolean zoned,
                                                                     @ForAll @IntRange(min = 0, max = 8) int extra,
                                                                     @ForAll long seed) {
        var s = zoned ? Stacks.settings("prod") : Stacks.settings("prod", Map.of("collection", withReplicas(1)));
        var layout = layout(s, true);
        var random = new Random(seed);
        assertThat(schedule(layout.nodes(), layout.standing(), random)).as("pending standing pods").isEmpty();
        for (var n : layout.nodes()) {
            assertThat(n.pods.stream().filter(p -> p.component() == Component.DATA_NODE).count()).isLessThanOrEqualTo(1);
            assertThat(n.pods.stream().filter(p -> p.component() == Component.STREAMING_NODE).count())
                    .isLessThanOrEqualTo(1);
        }
        // the HPA adds data pods: each waits until Cluster Autoscaler adds a node to the group with the fewest
        int free = (int) layout.nodes().stream()
                .filter(n -> n.pods.stream().noneMatch(p -> p.component() == Component.DATA_NODE)).count();
        var pending = schedule(layout.nodes(), Collections.nCopies(extra, layout.extraDataPod()), random);
        // never a second data pod on a node: what the standing nodes cannot take waits for new ones
        assertThat(pending).hasSize(Math.max(0, extra - free));
        while (!pending.isEmpty()) {
            var group = layout.groupMax().keySet().stream()
                    .filter(g -> count(layout, g) < layout.groupMax().get(g))
                    .min(java.util.Comparator.comparingLong(g -> count(layout, g))).orElseThrow();
            layout.nodes().add(new Node(group.equals("all") ? null : group, layout.allocatable()));
            int before = pending.size();
            pending = new ArrayList<>(schedule(layout.nodes(), pending, random));
            assertThat(pending.size()).as("a new node takes a pending data pod").isEqualTo(before - 1);
        }
    }

    private static long count(Layout layout, String group) {
        return layout.nodes().stream().filter(n -> group.equals("all") ? n.zone == null : group.equals(n.zone))
                .count();
    }

    /** The manifests before the fix: in some order two streaming pods share a node and a data pod fits nowhere. */
    @Test
    void withoutTheRuleSomeOrderStrandsADataPod() {
        var s = Stacks.settings("prod", Map.of("collection", withReplicas(1)));
        int stranded = 0;
        for (int seed = 0; seed < 200; seed++) {
            var layout = layout(s, false);
            var pending = schedule(layout.nodes(), layout.standing(), new Random(seed));
            if (pending.stream().anyMatch(p -> p.component() == Component.DATA_NODE)) {
                stranded++;
            }
        }
        assertThat(stranded).as("orders of 200 that leave a data pod Pending").isPositive();
    }

    static String withReplicas(int replicas) {
        return QueryZoneChartIT.withReplicas(replicas);
    }

    static int milli(String q) {
        return q.endsWith("m") ? Integer.parseInt(q.substring(0, q.length() - 1)) : Integer.parseInt(q) * 1000;
    }

    static int mebi(String q) {
        if (q.endsWith("Mi")) {
            return Integer.parseInt(q.substring(0, q.length() - 2));
        }
        if (q.endsWith("Gi")) {
            return Integer.parseInt(q.substring(0, q.length() - 2)) * 1024;
        }
        throw new IllegalArgumentException("memory quantity " + q);
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (var p : path) {
            cur = ((Map<String, Object>) cur).get(p);
        }
        return cur;
    }
}
