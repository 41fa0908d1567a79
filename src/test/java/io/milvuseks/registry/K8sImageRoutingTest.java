package io.milvuseks.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** registry.k8s.io images (Cluster Autoscaler's) through the stack's registry, never from upstream. */
class K8sImageRoutingTest {

    static final K8sImage CA = new K8sImage("autoscaling/cluster-autoscaler", "v1.33.0");

    @Test
    void theEcrCacheKeepsThemUnderItsSecondRulesPrefix() {
        var routed = new Mirror.EcrCache("123456789012", "us-east-1", "docker-hub").route(CA);
        assertThat(routed.reference())
                .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub-k8s/autoscaling/cluster-autoscaler:v1.33.0");
        assertThat(new Mirror.EcrCache("123456789012", "cn-north-1", "hub").route(CA).registry())
                .isEqualTo("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void aPrivateRegistryKeepsThemUnderRegistryK8sIoBesideDockerHubsPaths() {
        assertThat(new Mirror.Private("harbor.example.com/hub").route(CA).reference())
                .isEqualTo("harbor.example.com/hub/registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0");
        assertThat(new Mirror.Private("registry.example.com:5000").route(CA).hostRepository())
                .isEqualTo("registry.example.com:5000/registry.k8s.io/autoscaling/cluster-autoscaler");
    }

    @Test
    void malformedPathsAndTagsAreRefused() {
        assertThatThrownBy(() -> new K8sImage("Autoscaling/ca", "v1")).hasMessageContaining("not a repository path");
        assertThatThrownBy(() -> new K8sImage("autoscaling/ca", "v1 0")).hasMessageContaining("not a Docker tag");
        assertThat(CA.reference()).isEqualTo("registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0");
    }

    @Test
    void theNodeAndTemplatePoliciesCoverEveryRulesPrefix() {
        var node = RegistryPolicies.nodePullThrough("us-east-1", "123456789012", List.of("docker-hub", "docker-hub-k8s"));
        assertThat(node).contains("\"Resource\":[\"arn:aws:ecr:us-east-1:123456789012:repository/docker-hub/*\","
                + "\"arn:aws:ecr:us-east-1:123456789012:repository/docker-hub-k8s/*\"]");
        // one prefix keeps the single-ARN document the stack had before
        assertThat(RegistryPolicies.nodePullThrough("us-east-1", "123456789012", "docker-hub"))
                .contains("\"Resource\":\"arn:aws:ecr:us-east-1:123456789012:repository/docker-hub/*\"");
        assertThat(RegistryPolicies.templateRole("us-east-1", "123456789012", List.of("a", "a-k8s"), "arn:k"))
                .contains("repository/a/*", "repository/a-k8s/*");
    }
}
