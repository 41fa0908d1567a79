package io.milvuseks.zones;

import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.config.NodeRole;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The zone layout as the real program declares it (mock engine): prod loads 2 replicas, staging 1. */
class QueryZonesPlanTest {

    private static final String NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
    private static final String DEPLOYMENT = "kubernetes:apps/v1:Deployment";
    private static final Plan PROD = Stacks.plan("prod");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Object at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (var p : path) {
            cur = map(cur).get(p);
        }
        return cur;
    }

    private static List<PlannedResource> queryGroups(Plan plan) {
        return plan.ofType(NODE_GROUP).stream()
                .filter(g -> "query".equals(map(g.inputs().get("labels")).get("milvus.io/role"))).toList();
    }

    @Test
    void prodHasOneQueryGroupPerReplicaEachInOneSubnetOfItsOwnZone() {
        var settings = Stacks.settings("prod");
        int replicas = settings.collection().replicas();
        assertThat(replicas).isEqualTo(2);
        var groups = queryGroups(PROD);
        assertThat(groups).hasSize(replicas);
        var subnetsSeen = new HashSet<Object>();
        var zonesSeen = new HashSet<Object>();
        long desired = 0;
        for (var g : groups) {
            var in = g.inputs();
            var zone = map(in.get("labels")).get(QueryZones.GROUP_LABEL);
            assertThat(list(in.get("subnetIds"))).singleElement().satisfies(id -> assertThat(subnetsSeen.add(id)).isTrue());
            // the group is linked to its zone's subnet only, and that subnet is in the zone its label names
            var deps = g.propertyDependencies().get("subnetIds");
            assertThat(deps).singleElement();
            var subnet = PROD.find("aws:ec2/subnet:Subnet", deps.get(0)).orElseThrow();
            assertThat(subnet.inputs().get("availabilityZoneId")).isEqualTo(zone);
            assertThat(zonesSeen.add(zone)).isTrue();
            assertThat((String) in.get("nodeGroupNamePrefix")).endsWith("-query-" + zone + "-")
                    .hasSizeLessThanOrEqualTo(37);
            assertThat(list(in.get("taints"))).containsExactly(Map.of("key", "milvus.io/role", "value", "query",
                    "effect", "NO_SCHEDULE"));
            desired += ((Number) at(in, "scalingConfig", "desiredSize")).longValue();
        }
        assertThat(zonesSeen).containsExactlyInAnyOrderElementsOf(settings.network().availabilityZones()
                .subList(0, replicas));
        var plan = CapacityPlanner.plan(settings);
        // the planner's count (memory or QPS bound), the same for every replica
        assertThat(desired).isEqualTo(plan.nodeCount(NodeRole.QUERY));
        assertThat(plan.nodeCount(NodeRole.QUERY) % replicas).isZero();
    }

    @Test
    void prodRunsOneQueryDeploymentPerZoneGroupPinnedToItAndInItsResourceGroup() {
        var deployments = PROD.ofType(DEPLOYMENT).stream().filter(d -> d.name().startsWith("milvus-query-zones-"))
                .toList();
        var groups = queryGroups(PROD);
        assertThat(deployments).hasSize(groups.size());
        for (var g : groups) {
            var zone = (String) map(g.inputs().get("labels")).get(QueryZones.GROUP_LABEL);
            var d = deployments.stream().filter(x -> x.name().endsWith("-" + zone)).findFirst().orElseThrow();
            var spec = map(d.inputs().get("spec"));
            assertThat(spec.get("replicas")).isEqualTo(at(g.inputs(), "scalingConfig", "desiredSize"));
            assertThat(at(spec, "strategy", "rollingUpdate")).isEqualTo(Map.of("maxUnavailable", 1L, "maxSurge", 0L));
            assertThat(map(at(spec, "selector", "matchLabels"))).containsEntry(QueryZones.GROUP_LABEL, zone)
                    .containsEntry("component", "querynode");
            var pod = map(at(spec, "template", "spec"));
            // exactly the zone group's nodes: its own label and the query role, and the query taint tolerated
            assertThat(pod.get("nodeSelector")).isEqualTo(Map.of("milvus.io/role", "query",
                    QueryZones.GROUP_LABEL, zone));
            assertThat(list(pod.get("tolerations"))).containsExactly(Map.of("key", "milvus.io/role",
                    "operator", "Equal", "value", "query", "effect", "NoSchedule"));
            var container = map(list(pod.get("containers")).get(0));
            assertThat(container.get("args")).isEqualTo(List.of("milvus", "run", "querynode"));
            assertThat(list(container.get("env"))).contains(Map.of("name", QueryZones.SESSION_LABEL_ENV,
                    "value", QueryZones.resourceGroupName(zone)));
            assertThat((String) container.get("image")).endsWith("milvusdb/milvus:v2.6.15");
            // the chart's ConfigMap, so the pods run the same milvus.yaml/user.yaml as the chart's own pods
            assertThat(list(pod.get("volumes"))).anySatisfy(v -> assertThat(at(map(v), "configMap", "name"))
                    .isEqualTo("milvus"));
        }
        // zone by zone: each Deployment waits for the one before it, so a roll never has every replica down
        var ordered = deployments.stream().sorted(java.util.Comparator.comparing(PlannedResource::name)).toList();
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i).dependsOn()).contains(ordered.get(i - 1).name());
        }
        // the chart's own query Deployment and Service are off (no second controller selecting query pods); the
        // stack's headless metrics Service, as the chart's, selects every zone's query pods for the ServiceMonitor
        var values = map(PROD.find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow().inputs().get("values"));
        assertThat(at(values, "queryNode", "replicas")).isEqualTo(0L);
        assertThat(at(values, "queryNode", "enabled")).isEqualTo(false);
        var svc = PROD.ofType("kubernetes:core/v1:Service").stream()
                .filter(x -> "milvus-querynode".equals(at(x.inputs(), "metadata", "name"))).toList();
        assertThat(svc).singleElement().satisfies(x -> {
            var selector = map(at(x.inputs(), "spec", "selector"));
            assertThat(selector).containsEntry("component", "querynode").doesNotContainKey(QueryZones.GROUP_LABEL);
            for (var d : deployments) {
                assertThat(map(at(d.inputs(), "spec", "template", "metadata", "labels")))
                        .containsAllEntriesOf(cast(selector));
            }
            assertThat(at(x.inputs(), "spec", "clusterIP")).isEqualTo("None");
            assertThat(list(at(x.inputs(), "spec", "ports"))).containsExactly(Map.of("name", "metrics",
                    "protocol", "TCP", "port", 9091L, "targetPort", "metrics"));
        });
    }

    @Test
    void oneQueryDisruptionBudgetCoversEveryZoneDeployment() {
        var budgets = PROD.ofType("kubernetes:policy/v1:PodDisruptionBudget").stream()
                .filter(b -> "querynode".equals(at(b.inputs(), "spec", "selector", "matchLabels", "component")))
                .toList();
        // one, over all query pods (no zone label): drains take one query pod at a time across the replicas
        assertThat(budgets).singleElement().satisfies(b -> {
            assertThat(map(at(b.inputs(), "spec", "selector", "matchLabels"))).doesNotContainKey(QueryZones.GROUP_LABEL);
            assertThat(at(b.inputs(), "spec", "maxUnavailable")).isEqualTo(1L);
        });
    }

    @Test
    void stagingWithOneReplicaKeepsOneQueryGroupOverEveryZone() {
        var staging = Stacks.plan("staging");
        assertThat(Stacks.settings("staging").collection().replicas()).isEqualTo(1);
        assertThat(queryGroups(staging)).singleElement().satisfies(g -> {
            assertThat(list(g.inputs().get("subnetIds"))).hasSize(3);
            assertThat(map(g.inputs().get("labels"))).doesNotContainKey(QueryZones.GROUP_LABEL);
        });
        assertThat(staging.ofType(DEPLOYMENT)).noneMatch(d -> d.name().startsWith("milvus-query-zones-"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cast(Map<String, Object> m) {
        return (Map<String, String>) (Map<?, ?>) m;
    }
}
