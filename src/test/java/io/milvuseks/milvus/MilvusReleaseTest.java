package io.milvuseks.milvus;

import com.pulumi.test.Mocks;
import io.milvuseks.App;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.RawConfig;
import io.milvuseks.naming.Naming;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.PlaceholderMocks;
import io.milvuseks.plan.Placeholders;
import io.milvuseks.plan.PlanJson;
import io.milvuseks.plan.PlanText;
import io.milvuseks.queue.KafkaSettings;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MilvusReleaseTest {

    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    private static final String SECRET = "kubernetes:core/v1:Secret";
    private static final String NAMESPACE = "kubernetes:core/v1:Namespace";
    private static final String ROOT_PW = "Root-Pw-4f8e1c-known";
    private static final String SCRAM_PW = "Scram-Pw-9a7b3d-known";

    /** Placeholder mocks that also keep each resource's inputs as the provider would get them (secrets plain). */
    static final class Recording implements Mocks {
        final PlaceholderMocks inner = new PlaceholderMocks("us-east-1");
        final List<ResourceArgs> created = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            created.add(args);
            return inner.newResourceAsync(args);
        }

        @Override
        public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
            return inner.callAsync(args);
        }
    }

    @Test
    void prodPlanHasNamespaceSecretAndReleaseWithTheAgreedOptions() {
        var plan = Stacks.plan("prod");
        var ns = plan.find(NAMESPACE, "milvus-namespace").orElseThrow();
        assertThat(ns.retainOnDelete()).isTrue();
        assertThat(ns.parent()).isEqualTo("milvus");
        var secret = plan.find(SECRET, "milvus-credentials").orElseThrow();
        assertThat(secret.inputs()).containsEntry("stringData", Placeholders.SECRET);
        var release = plan.find(RELEASE, "milvus").orElseThrow();
        assertThat(release.parent()).isEqualTo("milvus");
        assertThat(release.inputs()).containsEntry("chart", "milvus").containsEntry("version", "5.0.19")
                .containsEntry("name", Naming.MILVUS_RELEASE).containsEntry("namespace", "milvus")
                .containsEntry("atomic", false).containsEntry("cleanupOnFail", true)
                .containsEntry("timeout", 1800L).containsEntry("waitForJobs", true)
                .containsEntry("maxHistory", 10L)
                .containsEntry("repositoryOpts", Map.of("repo", "https://zilliztech.github.io/milvus-helm"));
        // the values are plain (not one [secret] blob), so reviewers see them in the plan
        assertThat(release.inputs().get("values")).isInstanceOf(Map.class);
        // Milvus logs in to MSK as the user the AmazonMSK_ secret was created for, at the brokers MSK reports.
        @SuppressWarnings("unchecked")
        var kafka = (Map<String, Object>) ((Map<String, Object>) release.inputs().get("values")).get("externalKafka");
        assertThat(kafka).containsEntry("brokerList", plan.outputs().get(StackOutputs.MSK_BOOTSTRAP_BROKERS))
                .containsEntry("securityProtocol", "SASL_SSL")
                .containsEntry("sasl", Map.of("mechanisms", "SCRAM-SHA-512", "username",
                        KafkaSettings.SCRAM_USERNAME));
        assertThat(plan.outputs()).containsEntry(StackOutputs.MILVUS_NAMESPACE, "milvus")
                .containsEntry(StackOutputs.MILVUS_PROXY_SERVICE, "milvus")
                .containsEntry(StackOutputs.MILVUS_PROXY_PORT, 19530)
                .containsEntry(StackOutputs.MILVUS_TLS, true)
                .containsEntry(StackOutputs.MILVUS_ROOT_PASSWORD, Placeholders.SECRET);
    }

    @ParameterizedTest
    @EnumSource(MessageQueue.class)
    void noSecretReachesTheValuesOrAnyOtherInputButTheSecret(MessageQueue queue) {
        RawConfig raw = Fixtures.raw("prod", queue, Map.of(),
                Map.of("milvusRootPassword", ROOT_PW, "mskScramPassword", SCRAM_PW));
        var mocks = new Recording();
        var run = OfflineEngine.run(raw, mocks, App::stack);
        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();

        // a read (prod's CA, from the proxy's TLS Secret) has an id: it creates nothing
        var credentials = mocks.created.stream().filter(a -> a.type.equals(SECRET) && (a.id == null || a.id.isEmpty())).toList();
        assertThat(credentials).hasSize(1);
        // the test can see secrets where they belong: in the Secret's stringData, and only there
        assertThat(String.valueOf(credentials.get(0).inputs)).contains(ROOT_PW);
        assertThat(String.valueOf(credentials.get(0).inputs).contains(SCRAM_PW)).isEqualTo(queue == MessageQueue.MSK);
        for (var r : mocks.created) {
            // the two stores that must hold a password: the Kubernetes Secret, and the MSK SCRAM secret's value
            // in Secrets Manager (its JSON is built inside the secret Output; the mock engine sees it unwrapped)
            if (r.type.equals(SECRET) || r.type.equals("aws:secretsmanager/secretVersion:SecretVersion")) {
                continue;
            }
            assertThat(String.valueOf(r.inputs)).as(r.type + " " + r.name).doesNotContain(ROOT_PW, SCRAM_PW);
        }
        var release = mocks.created.stream().filter(a -> a.type.equals(RELEASE) && "milvus".equals(a.inputs.get("chart")))
                .findFirst().orElseThrow();
        assertThat(release.inputs.get("values")).isInstanceOf(Map.class);
        // the stack's ConfigMaps (Grafana's dashboard, milvus-backup's backup.yaml) hold no password of any kind
        assertThat(mocks.created).filteredOn(a -> a.type.equals("kubernetes:core/v1:ConfigMap"))
                .allSatisfy(a -> assertThat(String.valueOf(a.inputs.get("data")))
                        .doesNotContain(ROOT_PW, SCRAM_PW).doesNotContainPattern("(?i)password:\\s*\\S"));

        var plan = run.plan("prod");
        assertThat(PlanJson.write(plan)).doesNotContain(ROOT_PW, SCRAM_PW);
        assertThat(PlanText.render(plan)).doesNotContain(ROOT_PW, SCRAM_PW);
    }

    @Test
    void planTextPrintsTheHelmValuesWithSecretsHidden() {
        var text = PlanText.render(Stacks.plan("prod"));
        assertThat(text).contains("Helm values of milvus (secrets shown as [secret])")
                .contains("externalKafka:").contains("eks.amazonaws.com/role-arn")
                .contains("COMMON_SECURITY_DEFAULTROOTPASSWORD")
                .contains("stringData: [secret]")
                .contains("milvusRootPassword: [secret]");
    }

    @Test
    void stagingPlanRunsPulsarWithoutMsk() {
        var plan = Stacks.plan("staging");
        @SuppressWarnings("unchecked")
        var values = (Map<String, Object>) plan.find(RELEASE, "milvus").orElseThrow().inputs().get("values");
        assertThat(values.get("pulsarv3")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("enabled", true);
        assertThat(values.get("externalKafka")).isEqualTo(Map.of("enabled", false));
    }
}
