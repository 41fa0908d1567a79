package io.milvuseks.autoscaling;

import io.milvuseks.cluster.AddonVersions;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AutoscalerVersionsTest {

    @Test
    void everyClusterVersionTheStackAcceptsHasAnAutoscalerOfTheSameMinor() {
        // and no row for a version the add-on table refuses: a row is only as good as the cluster it runs on
        assertThat(AutoscalerVersions.kubernetesVersions()).isEqualTo(AddonVersions.kubernetesVersions());
        for (var k8s : AddonVersions.kubernetesVersions()) {
            var release = AutoscalerVersions.forKubernetes(k8s);
            assertThat(release).as(k8s).isPresent();
            assertThat(release.get().imageTag()).startsWith("v" + k8s + ".");
            assertThat(release.get().image().reference())
                    .isEqualTo("registry.k8s.io/autoscaling/cluster-autoscaler:v" + release.get().imageTag()
                            .substring(1));
        }
    }

    @Test
    void anUnknownMinorHasNoRelease() {
        assertThat(AutoscalerVersions.forKubernetes("1.29")).isEmpty();
        assertThatThrownBy(() -> AutoscalerVersions.of("1.29")).hasMessageContaining("rows: [1.30");
    }

    /**
     * A minor without an add-on row is the one problem: no second line from autoscaling. (A minor with an add-on row
     * but no autoscaler row cannot exist while the tables are equal, which the test above pins; the parser would
     * refuse it with its own line.)
     */
    @Test
    void aKubernetesMinorTheClusterRefusesIsOneLineNotTwo() {
        var ex = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("kubernetesVersion", "1.34")),
                InvalidConfigException.class);
        assertThat(ex.problems()).singleElement().satisfies(p -> assertThat(p.key())
                .isEqualTo("milvus-eks:kubernetesVersion"));
    }

    @Test
    void anEcrPrefixWithNoRoomForTheK8sRuleIsAConfigErrorWithAutoscalingOn() {
        var prefix = "a".repeat(28);
        var registry = "{\"source\":\"ecrPullThroughCache\",\"ecrRepositoryPrefix\":\"" + prefix
                + "\",\"dockerHubUsername\":\"milvusops\"}";
        // with monitoring off (its quay.io rule, '-quay', is the longer suffix: ImageRegistryPlanTest)
        var noMonitoring = "{\"enabled\":false}";
        var ex = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("imageRegistry", registry,
                "monitoring", noMonitoring)), InvalidConfigException.class);
        assertThat(ex.problems()).anySatisfy(p -> assertThat(p.toString()).contains("imageRegistry.ecrRepositoryPrefix")
                .contains("at most 26 characters with autoscaling.enabled"));
        // the same prefix is fine without the second rule
        assertThat(Stacks.settings("prod", Map.of("imageRegistry", registry, "autoscaling", "{\"enabled\":false}",
                "monitoring", noMonitoring)).imageRegistry().ecrRepositoryPrefix()).isEqualTo(prefix);
    }

    @Test
    void autoscalingIsOnInProdOffInStagingAndRefusesUnknownMembers() {
        assertThat(Stacks.settings("prod").autoscaling().enabled()).isTrue();
        assertThat(Stacks.settings("staging").autoscaling().enabled()).isFalse();
        assertThat(Stacks.settings("staging", Map.of("autoscaling", "{\"enabled\":true}")).autoscaling().enabled())
                .isTrue();
        var ex = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("autoscaling", "{\"enable\":true}")),
                InvalidConfigException.class);
        assertThat(ex.problems()).anySatisfy(p -> assertThat(p.toString()).contains("milvus-eks:autoscaling"));
    }
}
