package io.milvuseks.cluster;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.milvuseks.cluster.ConfigErrors.problems;
import static io.milvuseks.cluster.ConfigErrors.with;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16.2: managed add-on versions pinned per Kubernetes version, from one table. */
class AddonVersionsTest {

    @Test
    void everyRowPinsEveryAddonAndKubeProxyFollowsItsKubernetesVersion() {
        assertThat(AddonVersions.kubernetesVersions()).containsExactly("1.30", "1.31", "1.32", "1.33");
        for (var kubernetes : AddonVersions.kubernetesVersions()) {
            var row = AddonVersions.forKubernetes(kubernetes).orElseThrow();
            assertThat(row).containsOnlyKeys(AddonVersions.addons());
            assertThat(row.values()).allSatisfy(v -> assertThat(v).matches("v\\d+\\.\\d+\\.\\d+-eksbuild\\.\\d+"));
            // EKS builds kube-proxy per Kubernetes minor: v1.33.x for 1.33
            assertThat(row.get(AddonVersions.KUBE_PROXY)).startsWith("v" + kubernetes + ".");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.30", "1.31", "1.32", "1.33"})
    void everyAddonOfThePlanCarriesItsRowsVersion(String kubernetes) {
        var plan = Stacks.plan(Stacks.raw("prod", with("kubernetesVersion", kubernetes)));
        var row = AddonVersions.forKubernetes(kubernetes).orElseThrow();
        var addons = plan.ofType(EksClusterPlanTest.ADDON);
        assertThat(addons).hasSize(4).allSatisfy(a -> assertThat(a.inputs()).containsEntry("addonVersion",
                row.get((String) a.inputs().get("addonName"))));
    }

    @Test
    void aKubernetesVersionWithoutARowIsAConfigError() {
        assertThat(problems("prod", with("kubernetesVersion", "1.34"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("milvus-eks:kubernetesVersion");
            assertThat(p.message()).isEqualTo("1.34 has no row in the managed add-on version table "
                    + "(cluster/AddonVersions.java); accepted: 1.30, 1.31, 1.32, 1.33, or add a row checked with "
                    + "aws eks describe-addon-versions");
        });
        // a version EKS does not offer here is refused by the version rule alone: one line, not two
        assertThat(problems("prod", with("kubernetesVersion", "1.29"))).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("'1.29' is not valid").doesNotContain("has no row"));
    }
}
