package io.milvuseks;

import io.milvuseks.plan.Plan;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** What ties the components together: every image through the mirror, policies the cluster can enforce. */
class IntegrationWiringTest {

    static final Plan PROD = Stacks.plan("prod");

    /**
     * Every string under a key named image, and every image block (a map with a repository under a key named image,
     * or with a registry under any key: kube-prometheus-stack's thanosImage) anywhere in the plan.
     */
    static List<String> images(Object node, String key, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            if (("image".equals(key) || m.get("registry") instanceof String) && m.containsKey("repository")) {
                out.add(m.get("registry") == null ? String.valueOf(m.get("repository"))
                        : m.get("registry") + "/" + m.get("repository"));
                return out;
            }
            m.forEach((k, v) -> images(v, String.valueOf(k), out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> images(v, key, out));
        } else if (node instanceof String s && "image".equals(key)) {
            out.add(s);
        }
        return out;
    }

    @Test
    void everyContainerImageOfTheStackComesThroughTheMirror() {
        var found = new ArrayList<String>();
        PROD.resources().forEach(r -> images(r.inputs(), "", found));
        var mirror = "000000000000.dkr.ecr.us-east-1.amazonaws.com/docker-hub-prod/";
        // the etcd upkeep jobs, Grafana and its init container, besides the Milvus chart's own
        assertThat(found).contains(mirror + "amazon/aws-cli:2.22.35", mirror + "milvusdb/etcd:3.5.25-r1",
                "000000000000.dkr.ecr.us-east-1.amazonaws.com/docker-hub-prod/grafana/grafana",
                "000000000000.dkr.ecr.us-east-1.amazonaws.com/docker-hub-prod/library/busybox");
        assertThat(found).allSatisfy(i -> assertThat(i).startsWith("000000000000.dkr.ecr.us-east-1.amazonaws.com/"));
        assertThat(String.valueOf(PROD.outputs().get(StackOutputs.IMAGE_REFERENCES)))
                .contains(mirror + "amazon/aws-cli:2.22.35", mirror + "grafana/grafana:13.2.0");
    }

    /** Every string leaf under a key named registry anywhere in the plan (the charts' image blocks' hosts). */
    static List<String> registries(Object node, String key, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> registries(v, String.valueOf(k), out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> registries(v, key, out));
        } else if (node instanceof String s && "registry".equals(key)) {
            out.add(s);
        }
        return out;
    }

    /**
     * kube-prometheus-stack's images (quay.io, registry.k8s.io upstream) are set in its values: a chart default left
     * alone would be pulled from upstream, unseen by a walk over the plan's values (#12).
     */
    @Test
    void monitoringsChartDefaultImagesComeThroughTheMirrorToo() {
        var host = "000000000000.dkr.ecr.us-east-1.amazonaws.com";
        var kps = PROD.find("kubernetes:helm.sh/v3:Release", "milvus-eks-prod-kube-prometheus-stack").orElseThrow();
        var found = images(kps.inputs().get("values"), "", new ArrayList<>());
        assertThat(found).hasSize(11).allSatisfy(i -> assertThat(i).startsWith(host + "/docker-hub-prod"))
                .contains(host + "/docker-hub-prod-quay/prometheus-operator/prometheus-operator",
                        host + "/docker-hub-prod-quay/prometheus/prometheus", host + "/docker-hub-prod-quay/prometheus/alertmanager",
                        host + "/docker-hub-prod-quay/prometheus/node-exporter", host + "/docker-hub-prod-quay/kiwigrid/k8s-sidecar",
                        host + "/docker-hub-prod-quay/prometheus-operator/prometheus-config-reloader",
                        host + "/docker-hub-prod-k8s/kube-state-metrics/kube-state-metrics",
                        host + "/docker-hub-prod-k8s/ingress-nginx/kube-webhook-certgen");
        var registries = new ArrayList<String>();
        PROD.resources().forEach(r -> registries(r.inputs(), "", registries));
        assertThat(registries).isNotEmpty().allSatisfy(r -> assertThat(r).isEqualTo(host));
        // the plan's output lists every one of them, with its tag
        var refs = String.valueOf(PROD.outputs().get(StackOutputs.IMAGE_REFERENCES));
        found.forEach(i -> assertThat(refs).contains(i + ":"));
    }

    @Test
    void theVpcCniEnforcesTheNetworkPoliciesMilvusDeclares() {
        assertThat(PROD.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")).isNotEmpty();
        var cni = PROD.ofType("aws:eks/addon:Addon").stream()
                .filter(a -> "vpc-cni".equals(a.inputs().get("addonName"))).findFirst().orElseThrow();
        assertThat(String.valueOf(cni.inputs().get("configurationValues")))
                .isEqualTo("{\"enableNetworkPolicy\":\"true\"}");
    }

    @Test
    void theAlertTopicExistsAfterTheAwsOnlyFirstApply() {
        var awsOnly = Stacks.plan(Stacks.raw("prod", Map.of("kubernetesLayer", "false")));
        assertThat(awsOnly.ofType("aws:sns/topic:Topic")).hasSize(1);
        assertThat(awsOnly.ofType("kubernetes:helm.sh/v3:Release")).isEmpty();
        assertThat(map(PROD.outputs()).get(StackOutputs.ALERT_TOPIC_ARN)).isNotNull();
    }
}
