package io.milvuseks.kube;

import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fake nodes of prod's plan with its pools pinned to m6in.4xlarge (so the figures below are worked from numbers
 * written here, whatever the planner recommends for prod): sizes, zones, labels, taints, capacity and allocatable.
 */
class FakeNodesTest {

    private static List<FakeNodes.Group> groups;
    /** The same with one replica: the data pool is one group over the three zones. */
    private static List<FakeNodes.Group> oneReplica;

    static Map<String, String> pinned(int replicas) {
        var pools = io.milvuseks.capacity.CapacityWiringTest.prodPools(
                "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"max\": 120, \"diskGiB\": 200}");
        return Map.of("nodePools", pools, "capacity", io.milvuseks.capacity.CapacityWiringTest.CAPACITY_ALLOW,
                "collection", io.milvuseks.capacity.CapacityWiringTest.IVF_COLLECTION
                        .replace("\"replicas\": 2", "\"replicas\": " + replicas));
    }

    @BeforeAll
    static void plan() {
        groups = FakeNodes.groups(Stacks.plan(Stacks.raw("prod", pinned(2))));
        oneReplica = FakeNodes.groups(Stacks.plan(Stacks.raw("prod", pinned(1))));
    }

    private static FakeNodes.Group group(String shortName) {
        return groups.stream().filter(g -> g.shortName().equals(shortName)).findFirst().orElseThrow();
    }

    @Test
    void oneNodePerInstanceAtTheDesiredSizeSpreadOverTheGroupsSubnets() {
        // one replica: 8 data nodes in one group over the three zones' subnets
        var nodes = FakeNodes.nodes(oneReplica, 1.0, "1.33");
        var perZone = new TreeMap<String, Integer>();
        nodes.stream().filter(n -> "data".equals(Maps.str(n, "metadata", "labels", "milvus.io/role")))
                .forEach(n -> perZone.merge(Maps.str(n, "metadata", "labels", "topology.kubernetes.io/zone"), 1,
                        Integer::sum));
        assertThat(perZone).containsExactly(Map.entry("us-east-1b", 3), Map.entry("us-east-1c", 3),
                Map.entry("us-east-1d", 2));
        assertThat(nodes).hasSize(oneReplica.stream().mapToInt(FakeNodes.Group::size).sum());
        assertThat(nodes.stream().map(n -> Maps.str(n, "metadata", "name")).distinct()).hasSize(nodes.size());
    }

    @Test
    void aQueryNodeCarriesEksLabelsTheGroupsLabelsAndItsTaint() {
        var g = group("query-use1-az1");
        var node = FakeNodes.node(g, g.zones().get(0), 0, 1, 1.0, "1.33");
        assertThat(Maps.map(node, "metadata", "labels")).containsEntry("topology.kubernetes.io/zone", "us-east-1b")
                .containsEntry("topology.k8s.aws/zone-id", "use1-az1")
                .containsEntry("node.kubernetes.io/instance-type", "m6in.4xlarge")
                .containsEntry("kubernetes.io/arch", "amd64").containsEntry("milvus.io/role", "query")
                .containsEntry("milvus.io/query-group", "use1-az1")
                .containsKeys("kubernetes.io/hostname", "eks.amazonaws.com/nodegroup");
        assertThat(Maps.maps(node, "spec", "taints")).containsExactly(
                Map.of("key", "milvus.io/role", "value", "query", "effect", "NoSchedule"));
    }

    @Test
    void allocatableIsCapacityLessTheLaunchTemplatesKubeReservedAndTheEvictionThreshold() {
        var g = group("data-use1-az1");
        assertThat(g.nodeConfig().maxPods()).isEqualTo(110);
        assertThat(g.nodeConfig().kubeReserved()).containsEntry("memory", "1465Mi").containsEntry("cpu", "110m");
        var node = FakeNodes.node(g, g.zones().get(0), 0, 1, 1.0, "1.33");
        long capacityKi = (long) Math.floor(64L * 1024 * 1024 * 0.97); // the planner's MemTotal of 64 GiB
        assertThat(Maps.str(node, "status", "capacity", "memory")).isEqualTo(capacityKi + "Ki");
        assertThat(Maps.str(node, "status", "allocatable", "memory"))
                .isEqualTo(capacityKi - (1465 + 100) * 1024 + "Ki");
        assertThat(Maps.str(node, "status", "allocatable", "cpu")).isEqualTo((16000 - 110) + "m");
        assertThat(Maps.str(node, "status", "allocatable", "pods")).isEqualTo("110");
        var margin = FakeNodes.node(g, g.zones().get(0), 0, 1, 0.97, "1.33");
        assertThat(Maps.str(margin, "status", "capacity", "memory"))
                .isEqualTo((long) Math.floor(64L * 1024 * 1024 * 0.97 * 0.97) + "Ki");
    }

    @Test
    void withoutKubeReservedInTheUserDataNodeadmsDefaultsApply() {
        var mime = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
                + "Content-Type: application/node.eks.aws\n\n---\napiVersion: node.eks.aws/v1alpha1\n"
                + "kind: NodeConfig\nspec:\n  kubelet:\n    config:\n      maxPods: 58\n\n--B--\n";
        var config = NodeConfig.fromUserData(Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.UTF_8)));
        assertThat(config.maxPods()).isEqualTo(58);
        var m6in = group("data-use1-az1");
        var plain = new FakeNodes.Group("x", "x", "m6in.4xlarge", m6in.facts(), 1, m6in.zones(), Map.of(), List.of(),
                config, 100, "amd64", "ON_DEMAND");
        // nodeadm: 255 + 11 x the ENI limit (234 on m6in.4xlarge), and 60 + 10 + 5 + 5 + 12 x 2.5 = 110m
        assertThat(plain.kubeReservedMiB()).isEqualTo(255 + 11 * 234);
        assertThat(plain.kubeReservedCpuMilli()).isEqualTo(110);
        assertThat(config.evictionMemoryMiB()).isEqualTo(100);
    }

    @Test
    void anInstanceTypeWithoutFactsIsNamed() {
        var lt = new PlannedResource("aws:ec2/launchTemplate:LaunchTemplate", "lt", null, true, false, false,
                Map.of("instanceType", "x9.mega"));
        var ng = new PlannedResource("aws:eks/nodeGroup:NodeGroup", "ng", null, true, false, false,
                Map.of("launchTemplate", Map.of("id", "mock-lt"), "scalingConfig", Map.of("desiredSize", 1),
                        "subnetIds", List.of()));
        assertThatThrownBy(() -> FakeNodes.groups(new Plan("t", List.of(lt, ng), Map.of())))
                .hasMessageContaining("no facts for x9.mega");
    }
}
