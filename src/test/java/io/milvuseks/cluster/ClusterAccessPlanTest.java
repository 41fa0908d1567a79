package io.milvuseks.cluster;

import io.milvuseks.config.ConfigProblem;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.milvuseks.cluster.ConfigErrors.problems;
import static io.milvuseks.cluster.ConfigErrors.with;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12.2: CI's roles get access entries, and nothing Kubernetes happens before they (and the 443 rules) exist. */
class ClusterAccessPlanTest {

    static final String ENTRY = "aws:eks/accessEntry:AccessEntry";
    static final String ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String PROVIDER = "pulumi:providers:kubernetes";

    static PlannedResource byPrincipal(Plan plan, String type, String arn) {
        return plan.ofType(type).stream().filter(r -> arn.equals(r.inputs().get("principalArn"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " for " + arn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void deployRoleIsClusterAdminAndPreviewRoleOnlyReads(String stack) {
        var plan = Stacks.plan(stack);
        var cluster = Stacks.settings(stack).cluster();
        var deploy = cluster.deployRoleArn().orElseThrow();
        var preview = cluster.previewRoleArn().orElseThrow();
        var clusterName = EksClusterPlanTest.cluster(plan).inputs().get("name");
        for (var arn : List.of(deploy, preview)) {
            assertThat(byPrincipal(plan, ENTRY, arn).inputs()).containsEntry("type", "STANDARD")
                    .containsEntry("clusterName", clusterName)
                    .doesNotContainKey("kubernetesGroups");
        }
        var admin = byPrincipal(plan, ASSOCIATION, deploy).inputs();
        assertThat(admin).containsEntry("policyArn",
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
        assertThat(map(admin.get("accessScope"))).containsEntry("type", "cluster");
        var view = byPrincipal(plan, ASSOCIATION, preview).inputs();
        assertThat(view).containsEntry("policyArn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy");
        assertThat(map(view.get("accessScope"))).containsEntry("type", "cluster");
        // No identity is admin outside state: EKS's creator grant is off.
        assertThat(map(EksClusterPlanTest.cluster(plan).inputs().get("accessConfig")))
                .containsEntry("bootstrapClusterCreatorAdminPermissions", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void theKubernetesProviderWaitsForEveryEntryItsPolicyAndThe443RulesAndEveryKubernetesResourceUsesIt(String stack) {
        var plan = Stacks.plan(stack);
        var provider = plan.ofType(PROVIDER);
        assertThat(provider).hasSize(1);
        var k8s = provider.get(0);
        var associations = plan.ofType(ASSOCIATION);
        var entries = plan.ofType(ENTRY);
        var rules = plan.ofType(INGRESS);
        // deploy and PR preview in both; prod adds the post-merge preview role (prodPreviewRoleArn)
        assertThat(associations).hasSize("prod".equals(stack) ? 3 : 2);
        assertThat(rules).isNotEmpty();
        // Association names differ from their entries' ("-policy"), so this cannot pass on the entries alone.
        assertThat(associations).allSatisfy(a -> assertThat(a.name()).endsWith("-policy"));
        for (var dependency : List.of(associations, entries, rules)) {
            assertThat(k8s.explicitDependsOn()).containsAll(dependency.stream().map(PlannedResource::name).toList());
        }
        // ... and each association waits for its entry (its principalArn is the entry's output)
        for (var association : associations) {
            var entry = byPrincipal(plan, ENTRY, (String) association.inputs().get("principalArn"));
            assertThat(association.propertyDependencies().get("principalArn")).containsExactly(entry.name());
        }
        var kubernetes = plan.resources().stream().filter(r -> r.custom() && r.type().startsWith("kubernetes:"))
                .toList();
        assertThat(kubernetes).extracting(PlannedResource::type).contains(
                "kubernetes:storage.k8s.io/v1:StorageClass", "kubernetes:core/v1:Namespace",
                "kubernetes:helm.sh/v3:Release");
        assertThat(kubernetes).allSatisfy(r -> assertThat(r.provider()).as(r.type() + " " + r.name())
                .isEqualTo(k8s.name()));
    }

    @Test
    void accessEntriesAreRefusedWhereEksWouldRefuseThemOrNobodyCouldApply() {
        var deploy = "arn:aws:iam::123456789012:role/milvus-eks-deploy";
        assertThat(problems("prod", with("previewRoleArn", deploy)))
                .extracting(ConfigProblem::toString).containsExactly("config error: milvus-eks:previewRoleArn: '"
                        + deploy + "' is also in deployRoleArn; accepted: a role that has no other access entry "
                        + "(EKS allows one per role)");
        assertThat(problems("prod", with("adminRoleArns", "[\"" + deploy + "\"]")))
                .extracting(ConfigProblem::key).containsExactly("milvus-eks:deployRoleArn");
        var twice = "[\"arn:aws:iam::123456789012:role/a\",\"arn:aws:iam::123456789012:role/a\"]";
        assertThat(problems("prod", with("adminRoleArns", twice)))
                .extracting(ConfigProblem::key).contains("milvus-eks:adminRoleArns");
        assertThat(problems("prod", with("deployRoleArn", "arn:aws:sts::123456789012:assumed-role/deploy/ci")))
                .singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("milvus-eks:deployRoleArn");
                    assertThat(p.message()).contains("is not an IAM role ARN");
                });
        // The creator gets nothing, so someone must be admin for the Kubernetes layer...
        assertThat(problems("prod", with("deployRoleArn", null)))
                .singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("milvus-eks:deployRoleArn");
                    assertThat(p.message()).startsWith("is required when adminRoleArns is empty");
                });
        // ... a person in adminRoleArns will do, and so does an AWS-only first apply
        assertThat(Stacks.settings("prod", with("deployRoleArn", null,
                "adminRoleArns", "[\"arn:aws:iam::123456789012:role/platform/alice\"]")).cluster().deployRoleArn())
                .isEmpty();
        assertThat(Stacks.settings("prod", with("deployRoleArn", null, "kubernetesLayer", "false")).cluster()
                .kubernetesLayer()).isFalse();
    }

    @Test
    void withoutAPreviewRoleThereIsNoReadOnlyEntry() {
        var plan = Stacks.plan(Stacks.raw("prod", with("previewRoleArn", null, "prodPreviewRoleArn", null)));
        assertThat(plan.ofType(ASSOCIATION)).singleElement().satisfies(a -> assertThat(a.inputs())
                .containsEntry("policyArn", ClusterAccess.ADMIN_POLICY));
    }
}
