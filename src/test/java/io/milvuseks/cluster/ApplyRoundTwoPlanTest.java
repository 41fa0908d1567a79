package io.milvuseks.cluster;

import io.milvuseks.config.MskVersions;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.milvuseks.cluster.ClusterAccessPlanTest.ASSOCIATION;
import static io.milvuseks.cluster.ClusterAccessPlanTest.ENTRY;
import static io.milvuseks.cluster.ClusterAccessPlanTest.byPrincipal;
import static io.milvuseks.cluster.ConfigErrors.problems;
import static io.milvuseks.cluster.ConfigErrors.with;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22 items 4 and 9: the post-merge prod preview can dry-run new objects (its own cluster-admin entry, never
 * the PR preview role's), the EKS upgrade policy is chosen, and the MSK version is one MSK supports.
 */
class ApplyRoundTwoPlanTest {

    static final String ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    @Test
    void theProdPreviewRoleIsClusterAdminSoItCanDryRunANewObject() {
        var plan = Stacks.plan("prod");
        var arn = Stacks.settings("prod").cluster().prodPreviewRoleArn().orElseThrow();
        assertThat(arn).isEqualTo("arn:aws:iam::123456789012:role/milvus-eks-prod-preview");
        assertThat(byPrincipal(plan, ENTRY, arn).name()).isEqualTo("milvus-eks-prod-access-prod-preview");
        assertThat(byPrincipal(plan, ASSOCIATION, arn).inputs()).containsEntry("policyArn", ADMIN);
        // the PR preview role keeps its read-only policy
        var pr = Stacks.settings("prod").cluster().previewRoleArn().orElseThrow();
        assertThat(byPrincipal(plan, ASSOCIATION, pr).inputs().get("policyArn")).asString()
                .endsWith("AmazonEKSAdminViewPolicy");
    }

    @Test
    void itIsNeverThePrPreviewRoleAndTheDeployRoleNeedsNoSecondEntry() {
        var pr = "arn:aws:iam::123456789012:role/milvus-eks-preview";
        assertThat(problems("prod", with("prodPreviewRoleArn", pr))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("milvus-eks:prodPreviewRoleArn");
            assertThat(p.message()).contains("is also previewRoleArn", "must stay read-only",
                    "vars.AWS_PROD_PREVIEW_ROLE_ARN");
        });
        var deploy = "arn:aws:iam::123456789012:role/milvus-eks-deploy";
        var plan = Stacks.plan(Stacks.raw("prod", Map.of("prodPreviewRoleArn", deploy)));
        assertThat(plan.ofType(ENTRY).stream().filter(e -> deploy.equals(e.inputs().get("principalArn"))))
                .as("one entry per principal").hasSize(1);
        assertThat(plan.find(ENTRY, "milvus-eks-prod-access-prod-preview")).isEmpty();
        assertThat(problems("prod", with("prodPreviewRoleArn", "milvus-eks-prod-preview"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not an IAM role ARN"));
    }

    @Test
    void theUpgradePolicyIsChosenStandardByDefaultAndChangesInPlace() {
        // the default, without the key (the committed stacks set extended: 1.33 is past standard support)
        var cluster = EksClusterPlanTest.cluster(Stacks.plan(Stacks.raw("staging",
                java.util.Collections.singletonMap("kubernetesSupport", null))));
        assertThat(map(cluster.inputs().get("upgradePolicy"))).containsEntry("supportType", "STANDARD");
        var extended = EksClusterPlanTest.cluster(Stacks.plan("prod"));
        assertThat(map(extended.inputs().get("upgradePolicy"))).containsEntry("supportType", "EXTENDED");
        assertThat(problems("prod", with("kubernetesSupport", "paid"))).singleElement().satisfies(p ->
                assertThat(p.toString()).contains("milvus-eks:kubernetesSupport: 'paid' is not accepted; accepted: "
                        + "standard | extended"));
    }

    @Test
    void kafkaVersionIsOneMskSupportsNamedWithTheListAtOnce() {
        assertThat(Stacks.settings("prod").msk().kafkaVersion()).isEqualTo("3.8.x");
        assertThat(problems("prod", with("msk", "{\"kafkaVersion\": \"9.9.9\"}"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("milvus-eks:msk.kafkaVersion");
            assertThat(p.message()).contains("'9.9.9' is not a Kafka version MSK creates clusters with",
                    "supported-kafka-versions, read 2026-12-07", "accepted: " + String.join(", ", MskVersions.SUPPORTED));
        });
        assertThat(problems("prod", with("msk", "{\"kafkaVersion\": \"3.6.0\"}"))).singleElement().satisfies(p ->
                assertThat(p.message()).contains("3.6.0 reached its end of support on 2026-06-01"));
        assertThat(Stacks.settings("prod", with("msk", "{\"kafkaVersion\": \"3.9.x.kraft\"}")).msk().kafkaVersion())
                .isEqualTo("3.9.x.kraft");
    }
}
