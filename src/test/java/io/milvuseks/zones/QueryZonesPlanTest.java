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
        return groups(plan, "query");
    }

    private static List<PlannedResource> groups(Plan plan, String role) {
        return plan.ofType(NODE_GROUP).stream()
                .filter(g -> role.equals(map(g.inputs().get("labels")).get("milvus.io/role"))).toList();
    }

    /** The zone Deployments of a component ({@code querynode} or {@code streamingnode}), in declaration order. */
    private static List<PlannedResource> zoneDeployments(Plan plan, String component) {
        return plan.ofType(DEPLOYMENT).stream().filter(d -> d.name().startsWith("milvus-query-zones-"))
                .filter(d -> component.equals(at(d.inputs(), "spec", "selector", "matchLabels", "component")))
                .toList();
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
        var deployments = zoneDeployments(PROD, "querynode");
        var groups = queryGroups(PROD);
        assertThat(deployments).hasSize(groups.size());
        for (var g : groups) {
            var zone = (String) map(g.inputs().get("labels")).get(QueryZones.GROUP_LABEL);
            var d = deployments.stream().filter(x -> x.name().endsWith("-" + zone)).findFirst().orElseThrow();
            var spec = map(d.inputs().get("spec"));
            assertThat(spec.get("replicas")).isEqualTo(at(g.inputs(), "scalingConfig", "desiredSize"));
            // the roll's gate: a node's share of segments at 200 MiB/s and a minute, at least 30 s
            assertThat(((Number) spec.get("minReadySeconds")).intValue()).isGreaterThan(60).isLessThanOrEqualTo(1800);
            assertThat(at(spec, "strategy", "rollingUpdate")).isEqualTo(Map.of("maxUnavailable", 1L, "maxSurge", 0L));
            assertThat(map(at(spec, "selector", "matchLabels"))).containsEntry(QueryZones.GROUP_LABEL, zone)
                    .containsEntry("component", "querynode");
            var pod = map(at(spec, "template", "spec"));
            // Milvus' graceful stop (common.gracefulStopTimeout 1800 s) and a minute, not Kubernetes' 30 s
            assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(1860L);
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
        // zone by zone: each Deployment waits for the one before it (the streaming zones, then the query zones), so
        // a roll never has pods of every replica down at once
        var byName = java.util.Comparator.comparing(PlannedResource::name);
        var ordered = new java.util.ArrayList<>(zoneDeployments(PROD, "streamingnode").stream().sorted(byName)
                .toList());
        ordered.addAll(deployments.stream().sorted(byName).toList());
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i).dependsOn()).contains(ordered.get(i - 1).name());
        }
        // the chart's own query Deployment and Service are off (no second controller selecting query pods); the
        // stack's headless metrics Service, as the chart's, selects every zone's query pods for the ServiceMonitor
        var values = map(PROD.find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow().inputs().get("values"));
        assertThat(at(values, "queryNode", "replicas")).isEqualTo(0L);
        assertThat(at(values, "queryNode", "enabled")).isEqualTo(false);
        // its own name: the chart's milvus-querynode comes back with one replica (issue 23, item 3)
        assertThat(PROD.ofType("kubernetes:core/v1:Service")).noneMatch(x -> "milvus-querynode".equals(
                at(x.inputs(), "metadata", "name")));
        var svc = PROD.ofType("kubernetes:core/v1:Service").stream()
                .filter(x -> "milvus-querynode-zones".equals(at(x.inputs(), "metadata", "name"))).toList();
        assertThat(svc).singleElement().satisfies(x -> {
            var selector = map(at(x.inputs(), "spec", "selector"));
            assertThat(selector).containsEntry("component", "querynode").doesNotContainKey(QueryZones.GROUP_LABEL);
            // the chart's ServiceMonitor selects the release's Services by these two labels (servicemonitor.yaml)
            assertThat(map(at(x.inputs(), "metadata", "labels"))).containsEntry("app.kubernetes.io/name", "milvus")
                    .containsEntry("app.kubernetes.io/instance", "milvus");
            for (var d : deployments) {
                assertThat(map(at(d.inputs(), "spec", "template", "metadata", "labels")))
                        .containsAllEntriesOf(cast(selector));
            }
            assertThat(at(x.inputs(), "spec", "clusterIP")).isEqualTo("None");
            assertThat(list(at(x.inputs(), "spec", "ports"))).containsExactly(Map.of("name", "metrics",
                    "protocol", "TCP", "port", 9091L, "targetPort", "metrics"));
        });
    }

    /**
     * Issue 23, item 1: each zone's streaming nodes (its replica's delegators) on that zone's own data nodes, in its
     * zone's resource group, with strict isolation on; the chart's streaming Deployment stays at 0.
     */
    @Test
    void prodRunsOneStreamingDeploymentPerDataZoneGroupInItsResourceGroupWithStrictIsolation() {
        var data = groups(PROD, "data");
        var deployments = zoneDeployments(PROD, "streamingnode");
        assertThat(data).hasSize(2);
        assertThat(deployments).hasSize(2);
        var zones = new HashSet<Object>();
        for (var g : data) {
            var zone = (String) map(g.inputs().get("labels")).get(QueryZones.DATA_GROUP_LABEL);
            assertThat(zones.add(zone)).isTrue();
            // one zone's private subnet, the zone its label names
            var deps = g.propertyDependencies().get("subnetIds");
            assertThat(deps).singleElement();
            assertThat(PROD.find("aws:ec2/subnet:Subnet", deps.get(0)).orElseThrow().inputs()
                    .get("availabilityZoneId")).isEqualTo(zone);
            assertThat((String) g.inputs().get("nodeGroupNamePrefix")).endsWith("-data-" + zone + "-");
            var d = deployments.stream().filter(x -> x.name().endsWith("-" + zone)).findFirst().orElseThrow();
            var spec = map(d.inputs().get("spec"));
            // one streaming pod per data node of the zone group
            assertThat(spec.get("replicas")).isEqualTo(at(g.inputs(), "scalingConfig", "desiredSize"));
            var pod = map(at(spec, "template", "spec"));
            assertThat(pod.get("nodeSelector")).isEqualTo(Map.of("milvus.io/role", "data",
                    QueryZones.DATA_GROUP_LABEL, zone));
            assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(1860L);
            var container = map(list(pod.get("containers")).get(0));
            assertThat(container.get("args")).isEqualTo(List.of("milvus", "run", "streamingnode"));
            assertThat(list(container.get("env"))).contains(Map.of("name", QueryZones.SESSION_LABEL_ENV,
                    "value", QueryZones.resourceGroupName(zone)));
            // the same resource group as the zone's query pods
            var query = zoneDeployments(PROD, "querynode").stream().filter(x -> x.name().endsWith("-" + zone))
                    .findFirst().orElseThrow();
            assertThat(list(at(map(list(at(query.inputs(), "spec", "template", "spec", "containers")).get(0)),
                    "env"))).contains(Map.of("name", QueryZones.SESSION_LABEL_ENV,
                    "value", QueryZones.resourceGroupName(zone)));
            // never two streaming pods on one node (issue 21, finding 5)
            assertThat(at(pod, "affinity", "podAntiAffinity")).isNotNull();
        }
        assertThat(zones).containsExactlyInAnyOrderElementsOf(Stacks.settings("prod").network().availabilityZones()
                .subList(0, 2));
        var values = map(PROD.find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow().inputs().get("values"));
        assertThat(at(values, "streamingNode", "replicas")).isEqualTo(0L);
        var userYaml = new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(
                (String) at(values, "extraConfigFiles", "user.yaml"));
        assertThat(at(userYaml, "streaming", "strictResourceGroupIsolation", "enabled")).isEqualTo(true);
        // the capacity plan's streaming keys stay beside it; no primaryResourceGroup (WAL over every zone)
        assertThat(map(userYaml.get("streaming"))).containsKey("flush").doesNotContainKey("primaryResourceGroup");
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
        assertThat(groups(staging, "data")).singleElement().satisfies(g -> {
            assertThat(list(g.inputs().get("subnetIds"))).hasSize(3);
            assertThat(map(g.inputs().get("labels"))).doesNotContainKey(QueryZones.DATA_GROUP_LABEL);
        });
        var values = map(staging.find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow().inputs()
                .get("values"));
        assertThat((String) at(values, "extraConfigFiles", "user.yaml")).doesNotContain("strictResourceGroupIsolation");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cast(Map<String, Object> m) {
        return (Map<String, String>) (Map<?, ?>) m;
    }
}
