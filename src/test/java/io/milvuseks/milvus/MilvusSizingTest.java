package io.milvuseks.milvus;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.InstanceType;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilvusSizingTest {

    @Test
    void allocatableSubtractsEksReservationsEvictionAndDaemonSets() {
        var type = InstanceCatalog.requireEc2("m6in.4xlarge");
        var a = NodeAllocatable.of(type);
        // 97% of 65536 MiB (kernel) = 63569.92; kube-reserved 255 + 11 x 110 pods = 1465; eviction 100: allocatable
        // 62004.92; the 3 % margin of 65536 (1966.08, issue 21 finding 6) and DaemonSets 1024 -> 59014.84, whole MiB
        // 59014: the capacity planner's pod memory, not a second model
        assertThat(a.memoryMiB()).isEqualTo(59_014);
        assertThat(a.memoryMiB() * Assumptions.MIB).isEqualTo(CapacityPlanner.podMemory(type));
        // 30+ vCPU: EKS managed node groups allow 250 pods, the ENI limit is 234: kube-reserved 255 + 11 x 234
        var big = InstanceCatalog.ec2Types().stream().filter(t -> t.vcpu() >= 30).findFirst().orElseThrow();
        assertThat(big.maxPods()).isEqualTo(234);
        assertThat(NodeAllocatable.of(big).memoryMiB())
                .isEqualTo((int) Math.floor(big.memoryGiB() * 1024 * 0.94 - (255 + 11 * 234 + 100 + 1024)));
        // kube-reserved CPU 60 + 10 + 5 + 5 + 12 x 2.5 = 110m; DaemonSets 400m
        assertThat(a.cpuMilli()).isEqualTo(16_000 - 110 - 400);
        assertThat(NodeAllocatable.kubeReservedCpuMilli(1)).isEqualTo(60);
        assertThat(NodeAllocatable.kubeReservedCpuMilli(4)).isEqualTo(80);
    }

    @Test
    void oneQueryNodePodPerQueryNodeWithMostOfItsMemory() {
        var s = Fixtures.settings("prod", MessageQueue.MSK);
        var counts = counts(s, 17, 6, 3, 3);
        var q = MilvusSizing.plan(s, counts).of(Component.QUERY_NODE);
        var a = NodeAllocatable.of(InstanceCatalog.requireEc2(s.pool(NodeRole.QUERY).instanceType()));
        assertThat(q.replicas()).isEqualTo(17);
        // the query pool is tainted for the query node: its pod takes all the memory the reserves leave
        assertThat(q.memoryRequestMiB()).isEqualTo(q.memoryLimitMiB()).isEqualTo(a.memoryMiB());
        assertThat(q.cpuLimitMilli()).isLessThanOrEqualTo(a.cpuMilli());
    }

    @Test
    void podsSharingANodeFitItsAllocatableForEveryKnownInstanceType() {
        for (InstanceType type : InstanceCatalog.ec2Types()) {
            var json = "{\"instanceType\":\"" + type.name() + "\",\"min\":3,\"desired\":3,\"max\":6,\"diskGiB\":100}";
            var settings = Fixtures.settings("staging", MessageQueue.PULSAR, Map.of("nodePools",
                    "{\"query\":" + json + ",\"data\":" + json + ",\"coord\":" + json + ",\"infra\":" + json + "}"));
            var sizing = MilvusSizing.plan(settings, Fixtures.nodeCounts(settings));
            var a = NodeAllocatable.of(type);
            // the coord node holds a proxy and (at most) one mix coordinator; a data node one data + one streaming
            fits(a, sizing.of(Component.PROXY), sizing.of(Component.MIX_COORDINATOR), type);
            fits(a, sizing.of(Component.DATA_NODE), sizing.of(Component.STREAMING_NODE), type);
            fits(a, sizing.of(Component.QUERY_NODE), null, type);
        }
    }

    private static void fits(NodeAllocatable a, PodSize p1, PodSize p2, InstanceType type) {
        int mem = p1.memoryRequestMiB() + (p2 == null ? 0 : p2.memoryRequestMiB());
        int cpu = p1.cpuRequestMilli() + (p2 == null ? 0 : p2.cpuRequestMilli());
        assertThat(mem).as(type.name() + " memory").isLessThanOrEqualTo(a.memoryMiB());
        assertThat(cpu).as(type.name() + " cpu").isLessThanOrEqualTo(a.cpuMilli());
    }

    /**
     * The capacity report's queryNodePodMemoryBytes is what the planner counts on per query node; the Helm
     * release must give the query node pod exactly that, as request and limit, in the real stacks' plans.
     */
    @ParameterizedTest
    @ValueSource(strings = {"prod", "staging"})
    @SuppressWarnings("unchecked")
    void helmQueryNodeMemoryIsTheCapacityPlansPodMemory(String stack) {
        var capacity = CapacityPlanner.plan(Stacks.settings(stack));
        var release = Stacks.plan(stack).find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow();
        var values = (Map<String, Object>) release.inputs().get("values");
        var resources = (Map<String, Map<String, Object>>) ((Map<String, Object>) values.get("queryNode"))
                .get("resources");
        for (var kind : List.of("requests", "limits")) {
            var memory = (String) resources.get(kind).get("memory");
            assertThat(memory).as(stack + " " + kind).endsWith("Mi");
            long bytes = Long.parseLong(memory.substring(0, memory.length() - 2)) * Assumptions.MIB;
            assertThat(bytes).as(stack + " queryNode " + kind).isEqualTo(capacity.queryNodePodMemory());
        }
    }

    @Test
    void replicasFollowNodeCounts() {
        var s = Fixtures.settings("prod", MessageQueue.MSK);
        var sizing = MilvusSizing.plan(s, counts(s, 40, 9, 4, 3));
        assertThat(sizing.of(Component.QUERY_NODE).replicas()).isEqualTo(40);
        assertThat(sizing.of(Component.DATA_NODE).replicas()).isEqualTo(9);
        assertThat(sizing.of(Component.STREAMING_NODE).replicas()).isEqualTo(9);
        assertThat(sizing.of(Component.PROXY).replicas()).isEqualTo(4);
        assertThat(sizing.etcd().replicas()).isEqualTo(s.milvus().etcdReplicas());
    }

    @Test
    void mixCoordinatorIsActiveStandbyPairOnlyInProdWithTwoCoordNodes() {
        var prod = Fixtures.settings("prod", MessageQueue.MSK);
        var staging = Fixtures.settings("staging", MessageQueue.PULSAR);
        assertThat(MilvusSizing.plan(prod, counts(prod, 3, 3, 3, 3)).of(Component.MIX_COORDINATOR).replicas())
                .isEqualTo(2);
        assertThat(MilvusSizing.plan(prod, counts(prod, 3, 3, 1, 3)).of(Component.MIX_COORDINATOR).replicas())
                .isEqualTo(1);
        assertThat(MilvusSizing.plan(staging, counts(staging, 1, 2, 2, 3)).of(Component.MIX_COORDINATOR)
                .replicas()).isEqualTo(1);
    }

    @Test
    void missingOrZeroNodeCountIsRefusedNamingThePool() {
        var s = Fixtures.settings("prod", MessageQueue.MSK);
        var counts = counts(s, 0, 3, 3, 3);
        assertThatThrownBy(() -> MilvusSizing.plan(s, counts)).hasMessageContaining("pool query");
        counts.remove(NodeRole.DATA);
        counts.put(NodeRole.QUERY, 2);
        assertThatThrownBy(() -> MilvusSizing.plan(s, counts)).hasMessageContaining("pool data");
    }

    @Test
    void resourcesAreKubernetesQuantities() {
        var p = new PodSize(2, 1500, 4096, 3000, 4096);
        assertThat(p.resources()).isEqualTo(Map.of("requests", Map.of("cpu", "1500m", "memory", "4096Mi"),
                "limits", Map.of("cpu", "3000m", "memory", "4096Mi")));
        assertThatThrownBy(() -> new PodSize(1, 2000, 1024, 1000, 1024)).hasMessageContaining("limits below");
    }

    private static Map<NodeRole, Integer> counts(io.milvuseks.config.StackSettings s, int q, int d, int c, int i) {
        var m = new EnumMap<NodeRole, Integer>(NodeRole.class);
        m.put(NodeRole.QUERY, q);
        m.put(NodeRole.DATA, d);
        m.put(NodeRole.COORD, c);
        m.put(NodeRole.INFRA, i);
        return m;
    }
}
