package io.milvuseks.plan;

import io.milvuseks.App;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.plan.Placeholders.COMPUTED;
import static org.assertj.core.api.Assertions.assertThat;

/** prod planned as a first {@code pulumi preview} of an empty stack sees it. */
class PreviewPlanTest {

    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    private static final Plan PREVIEW = preview("prod");

    private static Plan preview(String stack) {
        var run = OfflineEngine.preview(Stacks.raw(stack), App::stack);
        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        return run.plan(stack);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> inputs, String... path) {
        Object v = inputs;
        for (var key : path) {
            assertThat(v).as(String.join(".", path)).isInstanceOf(Map.class);
            v = ((Map<String, Object>) v).get(key);
        }
        return v;
    }

    private static PlannedResource one(String type) {
        var all = PREVIEW.ofType(type);
        assertThat(all).as(type).hasSize(1);
        return all.get(0);
    }

    private static PlannedResource named(String type, String nameContains) {
        return PREVIEW.ofType(type).stream().filter(r -> r.name().contains(nameContains)).findFirst().orElseThrow();
    }

    @Test
    void whatTheCloudComputesIsUnknown() {
        assertThat(PREVIEW.preview()).isTrue();
        var values = PREVIEW.find(RELEASE, "milvus").orElseThrow().inputs();
        assertThat(at(values, "values", "externalS3", "bucketName")).isEqualTo(COMPUTED);
        assertThat(at(values, "values", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn"))
                .isEqualTo(COMPUTED);
        assertThat(at(values, "values", "externalKafka", "brokerList")).isEqualTo(COMPUTED);
        // the Kubernetes provider's kubeconfig is built from the cluster's endpoint and CA
        assertThat(one("pulumi:providers:kubernetes").inputs().get("kubeconfig")).isEqualTo(COMPUTED);
        // IRSA trust policies name the OIDC provider's ARN and issuer
        assertThat(named("aws:iam/role:Role", "milvus-s3").inputs().get("assumeRolePolicy")).isEqualTo(COMPUTED);
        assertThat(named("aws:iam/role:Role", "ebs-csi").inputs().get("assumeRolePolicy")).isEqualTo(COMPUTED);
        // ids and ARNs: the bucket of a bucketPrefix, a key's ARN, a node group's generated name
        var sse = named("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                "data");
        assertThat(sse.inputs().get("bucket")).isEqualTo(COMPUTED);
        assertThat(PREVIEW.outputs()).containsEntry("bucketName", COMPUTED).containsEntry("clusterEndpoint", COMPUTED)
                .containsEntry("mskBootstrapBrokers", COMPUTED).containsEntry("nodeGroupNames", COMPUTED);
        // no made-up id or ARN (the caller-identity invoke's account may appear: a real preview knows it)
        assertThat(PlanJson.write(PREVIEW)).doesNotContain("mock-").doesNotContain("/mock")
                .contains("\"preview\": true");
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatTheProgramKnowsStaysKnown() {
        var sse = named("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                "data");
        var rule = ((List<Map<String, Object>>) sse.inputs().get("rules")).get(0);
        assertThat(rule).containsEntry("bucketKeyEnabled", true);
        assertThat(at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")).isEqualTo("aws:kms");
        assertThat(at(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")).isEqualTo(COMPUTED);
        // prod loads 2 replicas: one query group per replica, pinned to a zone, each a replica's share of the pool
        var query = named("aws:eks/nodeGroup:NodeGroup", "query-use1-az1");
        long planned = io.milvuseks.capacity.CapacityPlanner.plan(io.milvuseks.testing.Stacks.settings("prod"))
                .nodeCount(io.milvuseks.config.NodeRole.QUERY);
        // (the pool's max, 60 since issue 24, split over the 2 zone groups)
        assertThat(query.inputs().get("scalingConfig")).isEqualTo(Map.of("desiredSize", planned / 2, "maxSize", 30L,
                "minSize", 2L));
        assertThat(query.inputs().get("nodeGroupNamePrefix")).isEqualTo("milvus-eks-prod-query-use1-az1-");
        // its query Deployment: pinned, imaged and sized at preview; only the ConfigMap checksum waits for the bucket
        var zoneDeployment = named("kubernetes:apps/v1:Deployment", "query-zones-use1-az1");
        var pod = (Map<String, Object>) at(zoneDeployment.inputs(), "spec", "template", "spec");
        assertThat(pod.get("nodeSelector")).isEqualTo(Map.of("milvus.io/role", "query",
                "milvus.io/query-group", "use1-az1"));
        var container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat((String) container.get("image")).endsWith("milvusdb/milvus:v2.6.15");
        assertThat(container.get("env")).isNotEqualTo(COMPUTED);
        assertThat(container.get("resources")).isNotEqualTo(COMPUTED);
        assertThat(at(zoneDeployment.inputs(), "spec", "template", "metadata", "annotations")).isEqualTo(COMPUTED);
        var cluster = one("aws:eks/cluster:Cluster");
        assertThat(at(cluster.inputs(), "vpcConfig", "endpointPublicAccess")).isEqualTo(false);
        assertThat(PREVIEW.outputs()).containsEntry("clusterName", "milvus-eks-prod")
                .containsEntry("milvusRootPassword", Placeholders.SECRET);
    }

    @Test
    void theHelmValuesAreUnknownOnlyAtTheirDeployTimeLeaves() {
        var values = PREVIEW.find(RELEASE, "milvus").orElseThrow().inputs();
        assertThat(at(values, "values", "minio", "enabled")).isEqualTo(false);
        assertThat(at(values, "values", "extraConfigFiles", "user.yaml")).isInstanceOf(String.class)
                .isNotEqualTo(COMPUTED);
        assertThat(at(values, "values", "etcd", "replicaCount")).isEqualTo(3L);
        assertThat(at(values, "values", "externalKafka", "sasl", "mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(at(values, "values", "externalS3", "useIAM")).isEqualTo(true);
        assertThat(PlanJson.write(PREVIEW)).doesNotContain("\\u0000").doesNotContain("milvus-eks:bucketName");
    }

    @Test
    void thePlaceholderPlanHasTheSameShapeWithValuesWhereThePreviewHasUnknowns() {
        var full = Stacks.plan("prod");
        assertThat(full.preview()).isFalse();
        // the one difference: the proxy CA is read back from its Secret only once the release exists (MilvusRelease)
        assertThat(full.resources()).extracting(r -> r.type() + " " + r.name())
                .filteredOn(r -> !r.equals("kubernetes:core/v1:Secret milvus-tls-ca-read"))
                .containsExactlyInAnyOrderElementsOf(PREVIEW.resources().stream().map(r -> r.type() + " " + r.name())
                        .filter(r -> !r.equals("kubernetes:core/v1:Secret milvus-tls-ca-read")).toList());
        var values = full.find(RELEASE, "milvus").orElseThrow().inputs();
        assertThat(at(values, "values", "externalS3", "bucketName")).isEqualTo("milvus-eks-prod-data-mock");
        assertThat(PlanJson.write(full)).doesNotContain(COMPUTED);
        // the release's values differ only at the three deploy-time leaves
        var unknownAt = new java.util.ArrayList<String>();
        sameExceptUnknowns("values", PREVIEW.find(RELEASE, "milvus").orElseThrow().inputs().get("values"), values.get("values"),
                unknownAt);
        assertThat(unknownAt).containsExactlyInAnyOrder("values.externalS3.bucketName",
                "values.serviceAccount.annotations.eks.amazonaws.com/role-arn", "values.externalKafka.brokerList");
    }

    private static void sameExceptUnknowns(String path, Object preview, Object full, List<String> unknownAt) {
        if (COMPUTED.equals(preview)) {
            assertThat(full).as(path).isInstanceOf(String.class).isNotEqualTo(COMPUTED);
            unknownAt.add(path);
        } else if (preview instanceof Map<?, ?> p && full instanceof Map<?, ?> f) {
            assertThat(p.keySet()).as(path).isEqualTo(f.keySet());
            p.forEach((k, v) -> sameExceptUnknowns(path + "." + k, v, f.get(k), unknownAt));
        } else if (preview instanceof List<?> p && full instanceof List<?> f) {
            assertThat(p).as(path).hasSameSizeAs(f);
            for (int i = 0; i < p.size(); i++) {
                sameExceptUnknowns(path + "[" + i + "]", p.get(i), f.get(i), unknownAt);
            }
        } else {
            assertThat(preview).as(path).isEqualTo(full);
        }
    }
}
