package io.milvuseks.autoscaling;

import io.milvuseks.milvus.HelmTemplate;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With 2 replicas prod's data pool is one group per zone: the pinned cluster-autoscaler chart, rendered with real
 * helm from the plan's values, runs the autoscaler with one --node-group-auto-discovery flag per data group (the
 * chart cuts an extraArgs key at its first underscore), each narrowed to that group's ASG.
 */
class AutoscalerDiscoveryChartIT {

    @Test
    @SuppressWarnings("unchecked")
    void theRenderedAutoscalerDiscoversEveryDataZoneGroup() {
        var release = AutoscalerVersions.of(HelmTemplate.KUBE_VERSION);
        var archive = AutoscalerVersions.CHART + "-" + release.chartVersion() + ".tgz";
        var helm = HelmTemplate.require(archive);
        var plan = Stacks.plan("prod");
        var ca = AutoscalingPlanTest.release(plan, AutoscalerVersions.CHART).orElseThrow();
        var objects = helm.render(archive, AutoscalerValues.SERVICE_ACCOUNT, AutoscalerValues.NAMESPACE,
                map(ca.inputs().get("values")));
        var deployment = HelmTemplate.find(objects, "Deployment", AutoscalerValues.SERVICE_ACCOUNT);
        var containers = (List<Object>) map(map(map(deployment.get("spec")).get("template")).get("spec"))
                .get("containers");
        var args = ((List<Object>) ((Map<String, Object>) containers.get(0)).get("command")).stream()
                .map(String::valueOf).toList();
        var discovery = args.stream().filter(a -> a.startsWith("--node-group-auto-discovery=")).toList();
        var groups = AutoscalingPlanTest.groups(plan, "data").stream()
                .map(g -> String.valueOf(g.inputs().get("nodeGroupNamePrefix"))).sorted().toList();
        assertThat(discovery).hasSize(groups.size()).hasSize(2);
        for (int i = 0; i < groups.size(); i++) {
            assertThat(discovery.get(i)).startsWith("--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/"
                    + "enabled,k8s.io/cluster-autoscaler/milvus-eks-prod,eks:nodegroup-name=" + groups.get(i));
        }
        assertThat(args).noneMatch(a -> a.contains("_1="));
    }
}
