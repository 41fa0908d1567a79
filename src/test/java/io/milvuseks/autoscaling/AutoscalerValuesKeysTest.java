package io.milvuseks.autoscaling;

import io.milvuseks.milvus.ChartKeys;
import io.milvuseks.registry.Mirror;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Helm ignores a misspelt key: every key the stack emits must be one of each pinned cluster-autoscaler chart's. */
class AutoscalerValuesKeysTest {

    static ChartKeys chart(String version) {
        return ChartKeys.load(AutoscalerValuesKeysTest.class, "chart-keys-cluster-autoscaler-" + version + ".tsv");
    }

    static AutoscalerValues values(String kubernetesVersion) {
        var mirror = new Mirror.EcrCache("000000000000", "us-east-1", "docker-hub");
        return new AutoscalerValues("milvus-eks-prod", "us-east-1", "milvus-eks-prod-data-2026",
                "arn:aws:iam::000000000000:role/ca", mirror.route(AutoscalerVersions.of(kubernetesVersion).image()),
                Map.of("milvus.io/role", "infra"));
    }

    @Test
    void everyEmittedKeyIsEachPinnedChartsWithItsType() {
        for (var k8s : AutoscalerVersions.kubernetesVersions()) {
            var release = AutoscalerVersions.of(k8s);
            var check = chart(release.chartVersion()).check(values(k8s).toMap());
            assertThat(check.problems()).as("Kubernetes " + k8s + ", chart " + release.chartVersion()).isEmpty();
            assertThat(check.leaves()).containsKeys("autoDiscovery.clusterName", "autoDiscovery.tags",
                    "rbac.serviceAccount.annotations", "image.repository", "image.tag", "nodeSelector",
                    "extraArgs.balance-similar-node-groups", "extraArgs.scale-down-utilization-threshold");
        }
    }

    @Test
    void aMisspeltKeyOrFlagIsCaught() {
        var values = new LinkedHashMap<>(values("1.33").toMap());
        values.put("autoDiscovry", Map.of("clusterName", "x"));
        var args = new LinkedHashMap<>(values("1.33").extraArgs());
        args.put("scale-down-unneded-time", "20m");
        values.put("extraArgs", args);
        assertThat(chart("9.51.0").check(values).problems()).containsExactlyInAnyOrder(
                "autoDiscovry: not a key of the chart", "extraArgs.scale-down-unneded-time: not a key of the chart");
    }

    @Test
    void discoveryIsNarrowedToTheDataGroupsAsgByTheTagsEksSets() {
        assertThat(values("1.33").discoveryTags()).containsExactly("k8s.io/cluster-autoscaler/enabled",
                "k8s.io/cluster-autoscaler/milvus-eks-prod", "eks:nodegroup-name=milvus-eks-prod-data-2026");
    }

    /** With 2+ replicas the data pool is one group per zone: each is discovered, by a flag of its own. */
    @Test
    void eachDataZoneGroupIsDiscoveredByItsOwnFlag() {
        var one = values("1.33");
        var three = new AutoscalerValues(one.clusterName(), one.region(), List.of("g-a", "g-b", "g-c"),
                one.roleArn(), one.image(), one.infraSelector());
        assertThat(three.discoveryTags()).endsWith("eks:nodegroup-name=g-a");
        assertThat(three.extraArgs()).containsEntry("node-group-auto-discovery_1",
                        "asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/milvus-eks-prod,"
                                + "eks:nodegroup-name=g-b")
                .containsEntry("node-group-auto-discovery_2",
                        "asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/milvus-eks-prod,"
                                + "eks:nodegroup-name=g-c");
        assertThat(one.extraArgs().keySet()).noneMatch(k -> k.startsWith("node-group-auto-discovery"));
        assertThat(chart("9.51.0").check(three.toMap()).problems()).isEmpty();
    }

    /** Below the smallest Milvus pod's share of a data node: a node running a build or a streaming node stays. */
    @Test
    void scaleDownNeverTakesANodeHoldingADataOrStreamingPod() {
        double dataShare = 0.55;
        assertThat(AutoscalerValues.SCALE_DOWN_UTILIZATION)
                .isLessThan(io.milvuseks.capacity.Assumptions.STREAMING_POD_SHARE)
                .isLessThan(dataShare);
        assertThat(values("1.33").extraArgs()).containsEntry("scale-down-unneeded-time", "20m")
                .containsEntry("expander", "least-waste").containsEntry("balance-similar-node-groups", true);
    }
}
