package io.milvuseks.kube;

import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Turning a plan into manifests, ordering them, and the objects the stand-ins make. */
class PlanManifestsTest {

    private static PlannedResource release(String name, List<String> dependsOn) {
        return new PlannedResource(PlanManifests.RELEASE, name, null, true, false, false, dependsOn, Map.of(), null,
                Map.of("name", name), List.of());
    }

    private static PlannedResource other(String name, List<String> dependsOn) {
        return new PlannedResource("kubernetes:core/v1:Namespace", name, null, true, false, false, dependsOn,
                Map.of(), null, Map.of(), List.of());
    }

    @Test
    void releasesComeAfterEveryReleaseTheyWaitForThroughAnyChain() {
        // milvus waits for the namespace, which waits for kps; certs wait for cert-manager directly
        var plan = new Plan("t", List.of(release("milvus", List.of("ns", "certs")), release("certs", List.of("cm")),
                other("ns", List.of("kps")), release("kps", List.of()), release("cm", List.of())), Map.of());
        var order = PlanManifests.releasesInOrder(plan).stream().map(PlannedResource::name).toList();
        assertThat(order.indexOf("milvus")).isGreaterThan(order.indexOf("kps")).isGreaterThan(order.indexOf("certs"));
        assertThat(order.indexOf("certs")).isGreaterThan(order.indexOf("cm"));
        assertThat(PlanManifests.dependencies(plan, "milvus")).containsExactlyInAnyOrder("ns", "kps", "certs", "cm");
    }

    @Test
    void plainObjectsAreTheirInputsAutoNamedWhereNamelessAndReadsCreateNothing() throws Exception {
        var cluster = new PlannedResource("aws:eks/cluster:Cluster", "c", null, true, false, false,
                Map.of("version", "1.33"));
        var read = new PlannedResource("kubernetes:core/v1:Secret", "ca-read", null, true, false, false, Map.of());
        var cm = new PlannedResource("kubernetes:core/v1:ConfigMap", "dash", null, true, false, false,
                Map.of("apiVersion", "v1", "kind", "ConfigMap", "data", Map.of("a", "b")));
        var manifests = PlanManifests.of(new Plan("t", List.of(cluster, read, cm), Map.of()), Path.of("."),
                Path.of("target/kube-tier/unit"));
        assertThat(manifests).hasSize(1);
        var m = manifests.get(0);
        assertThat(Maps.str(m.object(), "metadata", "name")).matches("dash-[0-9a-f]{8}");
        assertThat(Maps.str(m.object(), "metadata", "annotations", "pulumi.com/autonamed")).isEqualTo("true");
        assertThat(m.defaultNamespace()).isEqualTo("default");
        assertThat(m.source()).isEqualTo("plan dash");
    }

    @Test
    void aSecretsPlaceholderDataBecomesOneDummyKey() {
        var secret = PlanManifests.withoutSecrets(Map.of("kind", "Secret", "stringData", "[secret]"));
        assertThat(secret.get("stringData")).isEqualTo(Map.of("placeholder", "secret"));
        var other = PlanManifests.withoutSecrets(Map.of("kind", "ConfigMap", "data", Map.of("k", "[secret]")));
        assertThat(other.get("data")).isEqualTo(Map.of("k", "[secret]"));
    }

    @Test
    void helmOutputSplitsIntoDocumentsKeptAsPrintedAndListsIntoTheirItems() {
        var docs = HelmTemplate.split("""
                ---
                # Source: c/templates/a.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {mode: 0644}
                ---
                # Source: c/templates/empty.yaml
                ---
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
                """);
        assertThat(docs).extracting(d -> Maps.str(d.object(), "metadata", "name")).containsExactly("a", "b", "c");
        assertThat(docs.get(0).yaml()).contains("mode: 0644"); // the server reads it, as YAML 1.1 (octal)
        assertThat(docs.get(1).yaml()).isNull();
    }

    @Test
    void objectsGoInHelmsInstallOrderWithWebhooksAndApiServicesLast() {
        var kinds = List.of("ValidatingWebhookConfiguration", "Deployment", "PrometheusRule", "Namespace",
                "APIService", "ServiceAccount", "CustomResourceDefinition");
        var manifests = kinds.stream().map(k -> new PlanManifests.Manifest("t", null,
                Map.of("apiVersion", "v1", "kind", k), null, "m")).toList();
        assertThat(Applier.ordered(manifests)).extracting(PlanManifests.Manifest::kind).containsExactly("Namespace",
                "ServiceAccount", "CustomResourceDefinition", "Deployment", "PrometheusRule", "APIService",
                "ValidatingWebhookConfiguration");
    }

    @Test
    void aCronJobBecomesAJobAsKubectlCreateJobFromMakesIt() {
        var cj = KubeApi.parse("{\"kind\":\"CronJob\",\"metadata\":{\"name\":\"b\",\"namespace\":\"m\",\"uid\":\"u\"},"
                + "\"spec\":{\"schedule\":\"0 2 * * *\",\"jobTemplate\":{\"metadata\":{\"labels\":{\"a\":\"1\"}},"
                + "\"spec\":{\"backoffLimit\":1,\"template\":{\"spec\":{\"containers\":[]}}}}}}");
        var job = StandIns.jobFrom(cj);
        assertThat(Maps.str(job, "metadata", "name")).isEqualTo("b-kube-tier");
        assertThat(Maps.map(job, "metadata", "labels")).containsEntry("a", "1");
        assertThat(Maps.str(job, "metadata", "annotations", "cronjob.kubernetes.io/instantiate")).isEqualTo("manual");
        assertThat(Maps.num(job, 0, "spec", "backoffLimit")).isEqualTo(1);
    }

    @Test
    void aPrometheusBecomesTheOperatorsStatefulSetWithItsClaim() {
        var prom = KubeApi.parse("{\"metadata\":{\"name\":\"kps-prometheus\",\"namespace\":\"monitoring\"},"
                + "\"spec\":{\"replicas\":2,\"nodeSelector\":{\"r\":\"infra\"},\"resources\":{\"requests\":"
                + "{\"memory\":\"8Gi\"}},\"storage\":{\"volumeClaimTemplate\":{\"spec\":{\"resources\":{\"requests\":"
                + "{\"storage\":\"126Gi\"}}}}}}}");
        var sts = StandIns.statefulSetFor(prom, "prometheus");
        assertThat(Maps.str(sts, "metadata", "name")).isEqualTo("prometheus-kps-prometheus");
        assertThat(Maps.num(sts, 0, "spec", "replicas")).isEqualTo(2);
        assertThat(Maps.str(sts, "spec", "podManagementPolicy")).isEqualTo("Parallel");
        assertThat(Maps.map(sts, "spec", "template", "metadata", "labels"))
                .containsEntry("app.kubernetes.io/name", "prometheus").containsEntry("prometheus", "kps-prometheus");
        assertThat(Maps.str(sts, "spec", "template", "spec", "nodeSelector", "r")).isEqualTo("infra");
        var claim = Maps.maps(sts, "spec", "volumeClaimTemplates").get(0);
        assertThat(Maps.str(claim, "metadata", "name")).isEqualTo("prometheus-kps-prometheus-db");
        var am = StandIns.statefulSetFor(KubeApi.parse("{\"metadata\":{\"name\":\"a\",\"namespace\":\"m\"},"
                + "\"spec\":{}}"), "alertmanager");
        var container = Maps.maps(am, "spec", "template", "spec", "containers").get(0);
        assertThat(Maps.str(container, "resources", "requests", "memory")).isEqualTo("200Mi");
    }

    @Test
    void aProvisionedVolumeSitsInTheSelectedNodesZoneAtTheClaimsSizeInGib() {
        var pvc = KubeApi.parse("{\"metadata\":{\"name\":\"data-etcd-0\",\"namespace\":\"milvus\","
                + "\"uid\":\"0123456789abcdef0123\"},\"spec\":{\"storageClassName\":\"gp3\",\"accessModes\":"
                + "[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1500Mi\"}}}}");
        var pv = FakeProvisioner.volume(pvc, Map.of("reclaimPolicy", "Retain"), "us-east-1c");
        assertThat(Maps.str(pv, "spec", "capacity", "storage")).isEqualTo("2Gi");
        assertThat(Maps.str(pv, "spec", "persistentVolumeReclaimPolicy")).isEqualTo("Retain");
        assertThat(Maps.str(pv, "spec", "claimRef", "name")).isEqualTo("data-etcd-0");
        assertThat(Maps.maps(pv, "spec", "nodeAffinity", "required", "nodeSelectorTerms").get(0))
                .isEqualTo(Map.of("matchExpressions", List.of(Map.of("key", "topology.kubernetes.io/zone",
                        "operator", "In", "values", List.of("us-east-1c")))));
    }
}
