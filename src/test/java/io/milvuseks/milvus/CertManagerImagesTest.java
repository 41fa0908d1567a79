package io.milvuseks.milvus;

import io.milvuseks.StackOutputs;
import io.milvuseks.plan.Plan;
import io.milvuseks.registry.ChartImages;
import io.milvuseks.registry.Mirror;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image block of cert-manager v1.16.3 (the chart-keys tsv, derived from its values.schema.json) is routed to
 * the mirror by the stack's values; none is left to its quay.io default. A chart bump that adds an image fails here
 * until it is routed. The images are in the {@code imageReferences} output and come through the quay.io cache rule.
 */
class CertManagerImagesTest {

    static final String HOST = "000000000000.dkr.ecr.us-east-1.amazonaws.com";
    static final ChartKeys CHART = ChartKeys.load(CertManagerImagesTest.class,
            "chart-keys-cert-manager-" + ProxyTlsPlan.CERT_MANAGER_VERSION + ".tsv");
    static final Mirror ECR = new Mirror.EcrCache("000000000000", "us-east-1", "docker-hub");
    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String RULE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
    static final List<String> REFERENCES = List.of(
            HOST + "/docker-hub-quay/jetstack/cert-manager-controller:v1.16.3",
            HOST + "/docker-hub-quay/jetstack/cert-manager-webhook:v1.16.3",
            HOST + "/docker-hub-quay/jetstack/cert-manager-cainjector:v1.16.3",
            HOST + "/docker-hub-quay/jetstack/cert-manager-startupapicheck:v1.16.3",
            HOST + "/docker-hub-quay/jetstack/cert-manager-acmesolver:v1.16.3");

    static TreeSet<String> chartImageBlocks() throws IOException {
        var blocks = new TreeSet<String>();
        try (var in = CertManagerImagesTest.class.getResourceAsStream(
                "chart-keys-cert-manager-" + ProxyTlsPlan.CERT_MANAGER_VERSION + ".tsv")) {
            for (var line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                var path = line.split("\t")[0];
                if (!line.startsWith("#") && (path.equals("image.registry") || path.endsWith(".image.registry"))) {
                    blocks.add(path.substring(0, path.length() - ".registry".length()));
                }
            }
        }
        return blocks;
    }

    @Test
    void everyImageBlockOfTheChartIsRoutedToTheMirror() throws IOException {
        var values = ProxyTlsPlan.certManagerValues(ECR);
        var check = CHART.check(values);
        assertThat(check.problems()).isEmpty(); // every key the stack sets is one of the chart's schema
        var blocks = chartImageBlocks();
        assertThat(blocks).containsExactly("acmesolver.image", "cainjector.image", "image", "startupapicheck.image",
                "webhook.image");
        for (var block : blocks) {
            assertThat(check.leaves()).as(block + " is routed")
                    .containsKeys(block + ".registry", block + ".repository", block + ".tag");
            assertThat(at(values, block + ".registry")).as(block).isEqualTo(HOST);
            assertThat(at(values, block + ".digest")).as(block + ": a digest would override the tag").isNull();
        }
        var refs = blocks.stream().map(b -> at(values, b + ".registry") + "/" + at(values, b + ".repository") + ":"
                + at(values, b + ".tag")).toList();
        assertThat(refs).containsExactlyInAnyOrderElementsOf(REFERENCES);
        // the scheduling values are still there, merged with the image blocks
        assertThat(at(values, "webhook.nodeSelector")).isEqualTo(Map.of("milvus.io/role", "infra"));
        assertThat(at(values, "crds.keep")).isEqualTo(true);
    }

    @Test
    void aPrivateRegistryHoldsThemUnderQuayIo() {
        var values = ProxyTlsPlan.certManagerValues(new Mirror.Private("harbor.example.com/hub"));
        assertThat(at(values, "cainjector.image.registry")).isEqualTo("harbor.example.com");
        assertThat(at(values, "cainjector.image.repository")).isEqualTo("hub/quay.io/jetstack/cert-manager-cainjector");
    }

    @Test
    void theyAreInTheImageReferencesAndComeThroughTheQuayRule() {
        var prod = Stacks.plan("prod");
        var release = prod.find(RELEASE, "milvus-tls-cert-manager").orElseThrow();
        var values = map(release.inputs().get("values"));
        assertThat(at(values, "image.repository")).isEqualTo("docker-hub-prod-quay/jetstack/cert-manager-controller");
        // prod's mirror: the per-stack default prefix (docker-hub-prod)
        assertThat(list(prod.outputs().get(StackOutputs.IMAGE_REFERENCES))).containsAll(REFERENCES.stream()
                .map(r -> r.replace("/docker-hub-quay/", "/docker-hub-prod-quay/")).toList());
        // staging has no proxy TLS: no cert-manager, none of its images
        assertThat(list(Stacks.plan("staging").outputs().get(StackOutputs.IMAGE_REFERENCES)))
                .noneSatisfy(r -> assertThat(String.valueOf(r)).contains("jetstack"));
        // with TLS but without monitoring, cert-manager alone still brings the quay.io rule, before its release
        var tlsOnly = Stacks.plan(Stacks.raw("staging", Map.of("monitoring", "{\"enabled\":false}",
                "proxyTls", "true")));
        assertThat(ChartImages.quayUpstream(Stacks.settings("staging", Map.of("monitoring", "{\"enabled\":false}",
                "proxyTls", "true")))).hasSize(5);
        var rule = tlsOnly.ofType(RULE).stream().filter(r -> "quay.io".equals(r.inputs().get("upstreamRegistryUrl")))
                .findFirst().orElseThrow();
        assertThat(waitsFor(tlsOnly, "milvus-tls-cert-manager", rule.name())).isTrue();
        assertThat(list(tlsOnly.outputs().get(StackOutputs.IMAGE_REFERENCES)).stream().map(String::valueOf)
                .filter(r -> r.contains("-quay/")).toList()).hasSize(5);
    }

    /** Whether {@code name} is created after {@code other}: a dependsOn path between them (the engine's order). */
    static boolean waitsFor(Plan plan, String name, String other) {
        var seen = new TreeSet<String>();
        var todo = new java.util.ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            var n = todo.pop();
            if (n.equals(other)) {
                return true;
            }
            if (seen.add(n)) {
                plan.resources().stream().filter(r -> r.name().equals(n)).forEach(r -> todo.addAll(r.dependsOn()));
            }
        }
        return false;
    }

    static Object at(Map<String, Object> values, String path) {
        Object node = values;
        for (var segment : path.split("\\.")) {
            node = node instanceof Map<?, ?> m ? m.get(segment) : null;
        }
        return node;
    }
}
