package io.milvuseks.autoscaling;

import com.google.gson.JsonParser;
import io.milvuseks.StackOutputs;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The data pool's build capacity as the program declares it, run on the mock engine from the real stack files. */
class AutoscalingPlanTest {

    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
    static final String RULE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
    static final String ECR = "000000000000.dkr.ecr.us-east-1.amazonaws.com/";

    static final Plan PROD = Stacks.plan("prod");
    static final Plan STAGING = Stacks.plan("staging");

    static java.util.Optional<PlannedResource> release(Plan plan, String chart) {
        return plan.ofType(RELEASE).stream().filter(r -> chart.equals(r.inputs().get("chart"))).findFirst();
    }

    static PlannedResource group(Plan plan, String role) {
        return plan.ofType(NODE_GROUP).stream().filter(g -> g.name().endsWith("-nodes-" + role)).findFirst()
                .orElseThrow();
    }

    /** The role's groups: one, or one per zone group ({@code -nodes-data-<zone>}) with 2+ replicas. */
    static List<PlannedResource> groups(Plan plan, String role) {
        return plan.ofType(NODE_GROUP).stream().filter(g -> g.name().endsWith("-nodes-" + role)
                || g.name().contains("-nodes-" + role + "-")).toList();
    }

    @Test
    void prodRunsThePinnedAutoscalerOnTheInfraNodesThroughEcrWithItsIrsaRole() {
        var ca = release(PROD, AutoscalerVersions.CHART).orElseThrow();
        assertThat(ca.inputs()).containsEntry("version", "9.51.0").containsEntry("namespace", "kube-system")
                .containsEntry("repositoryOpts", Map.of("repo", AutoscalerVersions.CHART_REPO));
        var v = map(ca.inputs().get("values"));
        assertThat(map(v.get("nodeSelector"))).containsEntry("milvus.io/role", "infra");
        assertThat(map(v.get("image"))).containsEntry("repository",
                ECR + "docker-hub-prod-k8s/autoscaling/cluster-autoscaler").containsEntry("tag", "v1.33.0");
        var sa = map(map(v.get("rbac")).get("serviceAccount"));
        assertThat(sa).containsEntry("name", AutoscalerValues.SERVICE_ACCOUNT);
        assertThat(String.valueOf(map(sa.get("annotations")).get("eks.amazonaws.com/role-arn")))
                .endsWith("milvus-eks-prod-cluster-autoscaler");
        var role = PROD.find("aws:iam/role:Role", "milvus-eks-prod-cluster-autoscaler").orElseThrow();
        assertThat(String.valueOf(role.inputs().get("assumeRolePolicy")))
                .contains("system:serviceaccount:kube-system:cluster-autoscaler", "sts:AssumeRoleWithWebIdentity");
        // the image comes through a registry.k8s.io cache rule, which the release waits for
        var rule = PROD.ofType(RULE).stream().filter(r -> "registry.k8s.io".equals(r.inputs()
                .get("upstreamRegistryUrl"))).findFirst().orElseThrow();
        assertThat(rule.inputs()).containsEntry("ecrRepositoryPrefix", "docker-hub-prod-k8s").doesNotContainKey(
                "credentialArn");
        assertThat(ca.dependsOn()).contains(rule.name(), group(PROD, "infra").name());
        assertThat(list(PROD.outputs().get(StackOutputs.IMAGE_REFERENCES)))
                .contains(ECR + "docker-hub-prod-k8s/autoscaling/cluster-autoscaler:v1.33.0",
                        ECR + "docker-hub-prod-k8s/metrics-server/metrics-server:v0.8.1");
        assertThat(String.valueOf(PROD.find("aws:iam/rolePolicy:RolePolicy", "milvus-eks-prod-nodes-pull-through")
                .orElseThrow().inputs().get("policy"))).contains("repository/docker-hub-prod-k8s/*");
    }

    /** The HPA reads CPU from the Metrics API, which EKS does not serve by itself. */
    @Test
    void metricsServerServesTheHpaFromTheInfraNodesThroughEcr() {
        var ms = release(PROD, AutoscalerVersions.METRICS_SERVER_CHART).orElseThrow();
        assertThat(ms.inputs()).containsEntry("version", "3.13.1").containsEntry("namespace", "kube-system");
        var v = map(ms.inputs().get("values"));
        assertThat(map(v.get("image"))).containsEntry("repository", ECR + "docker-hub-prod-k8s/metrics-server/metrics-server")
                .containsEntry("tag", "v0.8.1");
        assertThat(map(v.get("nodeSelector"))).containsEntry("milvus.io/role", "infra");
        // every pool's max: 60 (query, m6i.8xlarge since issue 24) + 24 + 6 + 6 = 96 nodes, 1m and 2 MiB each:
        // under the chart's 100m / 200Mi floor
        assertThat(map(map(v.get("resources")).get("requests"))).containsEntry("cpu", "100m")
                .containsEntry("memory", "200Mi");
        assertThat(release(STAGING, AutoscalerVersions.METRICS_SERVER_CHART)).isEmpty();
    }

    /**
     * Prod (2 replicas) has one data group per zone: the autoscaler discovers each (autoDiscovery.tags for the
     * first, a repeated --node-group-auto-discovery flag for the others) and may scale those and nothing else.
     */
    @Test
    void theAutoscalerDiscoversAndMayScaleTheDataGroupsOnly() {
        var data = groups(PROD, "data");
        assertThat(data).hasSize(2);
        // in zone order (the plan lists resources in no fixed order)
        var prefixes = data.stream().map(g -> String.valueOf(g.inputs().get("nodeGroupNamePrefix"))).sorted()
                .toList();
        var v = map(release(PROD, AutoscalerVersions.CHART).orElseThrow().inputs().get("values"));
        var tags = list(map(v.get("autoDiscovery")).get("tags")).stream().map(String::valueOf).toList();
        var first = tags.stream().filter(t -> t.startsWith("eks:nodegroup-name=")).findFirst().orElseThrow()
                .substring("eks:nodegroup-name=".length());
        assertThat(first).startsWith(prefixes.get(0));
        var second = String.valueOf(map(v.get("extraArgs")).get("node-group-auto-discovery_1"));
        assertThat(second).startsWith("asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/")
                .contains(",eks:nodegroup-name=" + prefixes.get(1));
        assertThat(map(v.get("extraArgs"))).doesNotContainKey("node-group-auto-discovery_2");
        var policy = JsonParser.parseString(String.valueOf(PROD.find("aws:iam/rolePolicy:RolePolicy",
                "milvus-eks-prod-cluster-autoscaler").orElseThrow().inputs().get("policy"))).getAsJsonObject();
        var scale = policy.getAsJsonArray("Statement").get(2).getAsJsonObject();
        var names = scale.getAsJsonObject("Condition").getAsJsonObject("StringEquals")
                .getAsJsonArray("aws:ResourceTag/eks:nodegroup-name").asList().stream().map(e -> e.getAsString())
                .toList();
        assertThat(names).hasSize(2);
        assertThat(names.get(0)).isEqualTo(first);
        assertThat(names.get(1)).startsWith(prefixes.get(1));
        assertThat(policy.getAsJsonArray("Statement").get(1).getAsJsonObject().getAsJsonArray("Resource"))
                .hasSize(2);
    }

    @Test
    void aSingleDataGroupKeepsOneDiscoveryFlagAndSingleValues() {
        var on = Stacks.plan(Stacks.raw("staging", Map.of("autoscaling", "{\"enabled\":true}")));
        var v = map(release(on, AutoscalerVersions.CHART).orElseThrow().inputs().get("values"));
        assertThat(map(v.get("extraArgs")).keySet()).noneMatch(k -> k.startsWith("node-group-auto-discovery"));
        var policy = JsonParser.parseString(String.valueOf(on.find("aws:iam/rolePolicy:RolePolicy",
                "milvus-eks-staging-cluster-autoscaler").orElseThrow().inputs().get("policy"))).getAsJsonObject();
        assertThat(policy.getAsJsonArray("Statement").get(2).getAsJsonObject().getAsJsonObject("Condition")
                .getAsJsonObject("StringEquals").get("aws:ResourceTag/eks:nodegroup-name").isJsonPrimitive()).isTrue();
    }

    @Test
    void theDataGroupsStartAtTheirStandingCountAndTheAutoscalerOwnsTheirDesiredSize() {
        var data = groups(PROD, "data");
        assertThat(data).hasSize(2).allSatisfy(g -> {
            assertThat(g.ignoreChanges()).containsExactly("scalingConfig.desiredSize");
            // the pool's 3 / 8 / 24 over 2 zone groups, rounded up
            assertThat(map(g.inputs().get("scalingConfig"))).containsEntry("minSize", 2L)
                    .containsEntry("desiredSize", 4L).containsEntry("maxSize", 12L);
        });
        for (var role : List.of("coord", "infra")) {
            assertThat(group(PROD, role).ignoreChanges()).as(role).isEmpty();
        }
        // the query groups (one per zone with 2 replicas) are sized by the planner, never by the autoscaler
        assertThat(PROD.ofType(NODE_GROUP).stream().filter(g -> g.name().contains("-nodes-query")))
                .isNotEmpty().allSatisfy(g -> assertThat(g.ignoreChanges()).as(g.name()).isEmpty());
        assertThat(map(PROD.outputs().get(StackOutputs.AUTOSCALING))).containsEntry("enabled", true)
                .containsEntry("dataNodesStanding", 8).containsEntry("dataNodesMax", 24);
    }

    @Test
    void theDataNodesHpaRunsFromTheStandingCountToThePoolMaximum() {
        var milvus = map(release(PROD, "milvus").orElseThrow().inputs().get("values"));
        var dataNode = map(milvus.get("dataNode"));
        // -1: the chart leaves the Deployment's replicas to the HPA
        assertThat(dataNode).containsEntry("replicas", -1L);
        assertThat(map(dataNode.get("hpa"))).containsEntry("enabled", true).containsEntry("minReplicas", 8L)
                .containsEntry("maxReplicas", 24L).containsEntry("cpuUtilization", 60L);
        // with 2 replicas the streaming pods come from the zone Deployments (4 a zone), not the chart's
        assertThat(map(milvus.get("streamingNode"))).containsEntry("replicas", 0L).doesNotContainKey("hpa");
    }

    @Test
    void stagingKeepsAFixedDataPoolUnlessItTurnsAutoscalingOn() {
        assertThat(release(STAGING, AutoscalerVersions.CHART)).isEmpty();
        assertThat(group(STAGING, "data").ignoreChanges()).isEmpty();
        // staging's monitoring (kube-state-metrics) still needs the registry.k8s.io rule, not the autoscaler's image
        assertThat(list(STAGING.outputs().get(StackOutputs.IMAGE_REFERENCES))).noneSatisfy(r -> assertThat(
                String.valueOf(r)).contains("cluster-autoscaler"));
        var dataNode = map(map(release(STAGING, "milvus").orElseThrow().inputs().get("values")).get("dataNode"));
        assertThat(dataNode).containsEntry("replicas", 2L).doesNotContainKey("hpa");

        var on = Stacks.plan(Stacks.raw("staging", Map.of("autoscaling", "{\"enabled\":true}")));
        assertThat(release(on, AutoscalerVersions.CHART)).isPresent();
        assertThat(group(on, "data").ignoreChanges()).containsExactly("scalingConfig.desiredSize");
    }

    @Test
    void theAwsOnlyFirstApplyHasTheRoleButNoRelease() {
        var awsOnly = Stacks.plan(Stacks.raw("prod", Map.of("kubernetesLayer", "false")));
        assertThat(release(awsOnly, AutoscalerVersions.CHART)).isEmpty();
        // the role is AWS: the second apply adds only the Kubernetes layer
        assertThat(awsOnly.find("aws:iam/rolePolicy:RolePolicy", "milvus-eks-prod-cluster-autoscaler")).isPresent();
        assertThat(groups(awsOnly, "data")).hasSize(2).allSatisfy(g -> assertThat(g.ignoreChanges())
                .containsExactly("scalingConfig.desiredSize"));
    }
}
