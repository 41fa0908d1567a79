package io.milvuseks;

import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The components are wired to each other's real outputs, and the planner's counts reach nodes and pods. */
class AppWiringTest {

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    @SuppressWarnings("unchecked")
    void plannerCountsReachTheQueryNodeGroupAndTheQueryNodePods(String stack) {
        var plan = Stacks.plan(stack);
        var capacity = (Map<String, Object>) plan.outputs().get(StackOutputs.CAPACITY);
        long queryNodes = ((Number) capacity.get("queryNodes")).longValue();
        assertThat(queryNodes).isPositive();

        // one query group (1 replica), or one per replica pinned to a zone (prod: 2): together the planner's count
        var queryGroups = plan.ofType("aws:eks/nodeGroup:NodeGroup").stream()
                .filter(g -> "query".equals(((Map<String, Object>) g.inputs().get("labels")).get("milvus.io/role")))
                .toList();
        int replicas = Stacks.settings(stack).collection().replicas();
        assertThat(queryGroups).hasSize(replicas);
        assertThat(queryGroups.stream().mapToLong(g -> ((Number) ((Map<String, Object>) g.inputs()
                .get("scalingConfig")).get("desiredSize")).longValue()).sum()).isEqualTo(queryNodes);

        // the pods: the chart's query Deployment (1 replica), or one Deployment per zone group (its own 0)
        var values = (Map<String, Object>) plan.find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow().inputs()
                .get("values");
        var zoneDeployments = plan.ofType("kubernetes:apps/v1:Deployment").stream()
                .filter(d -> d.name().startsWith("milvus-query-zones-") && !d.name().contains("-streaming-")).toList();
        long zonePods = zoneDeployments.stream().mapToLong(d -> ((Number) ((Map<String, Object>) d.inputs()
                .get("spec")).get("replicas")).longValue()).sum();
        long chartPods = ((Number) ((Map<String, Object>) values.get("queryNode")).get("replicas")).longValue();
        assertThat(chartPods + zonePods).isEqualTo(queryNodes);
        assertThat(zoneDeployments).hasSize(replicas > 1 ? replicas : 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void nothingReadsAPlaceholderThatWasNeverWired(String stack) {
        var json = io.milvuseks.plan.PlanJson.write(Stacks.plan(stack));
        // the stand-ins the components were first wired with: PENDING-CLUSTER, sg-pending-cluster, subnet-pending-a
        assertThat(json).doesNotContainPattern("(?i)pending-").doesNotContain("not-wired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    @SuppressWarnings("unchecked")
    void storageTrustsTheClustersOidcProviderAndMilvusUsesTheClustersProvider(String stack) {
        var plan = Stacks.plan(stack);
        var oidc = plan.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider").get(0);
        var role = plan.find("aws:iam/role:Role", "milvus-eks-" + stack + "-milvus-s3").orElseThrow();
        assertThat((String) role.inputs().get("assumeRolePolicy")).contains(
                "oidc-provider/" + ((String) oidc.inputs().get("url")).replaceFirst("^https://", ""));
        List<PlannedResource> k8s = plan.resources().stream()
                .filter(r -> r.type().startsWith("kubernetes:")).toList();
        assertThat(k8s).isNotEmpty();
        assertThat(plan.ofType("pulumi:providers:kubernetes")).hasSize(1);
    }
}
