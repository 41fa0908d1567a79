package io.milvuseks.registry;

import io.milvuseks.milvus.ProxyTlsPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images of cert-manager (chart {@value ProxyTlsPlan#CERT_MANAGER_VERSION}, installed with {@code proxyTls}),
 * all on quay.io under {@code jetstack/}: the chart's values.yaml defaults each {@code <block>.repository} to
 * {@code quay.io/jetstack/cert-manager-<name>} and its tag to the chart's appVersion, which cert-manager's release
 * tooling makes the chart version. Left alone they are pulled from quay.io; set here, through the quay.io cache rule.
 */
public final class CertManagerImages {

    public static final QuayImage CONTROLLER = image("controller");
    public static final QuayImage WEBHOOK = image("webhook");
    public static final QuayImage CAINJECTOR = image("cainjector");
    /** The post-install Job that waits for the API to answer (startupapicheck.enabled, on by default). */
    public static final QuayImage STARTUPAPICHECK = image("startupapicheck");
    /**
     * Not a Deployment: the controller starts pods of this image to answer ACME HTTP-01 challenges (the chart passes
     * it as {@code --acme-http01-solver-image}). The stack's CA issuer never does; routed so an ACME issuer added
     * later does not pull from quay.io.
     */
    public static final QuayImage ACMESOLVER = image("acmesolver");

    /** The chart's values key of each image block (values.schema.json: registry, repository, tag, digest). */
    static final Map<String, QuayImage> BLOCKS = blocks();

    private CertManagerImages() {
    }

    public static List<QuayImage> quay() {
        return List.copyOf(BLOCKS.values());
    }

    /** The chart values (a fragment to lay over the rest) that pull every cert-manager image from {@code mirror}. */
    public static Map<String, Object> values(Mirror mirror) {
        var v = new LinkedHashMap<String, Object>();
        BLOCKS.forEach((key, image) -> {
            var routed = mirror.route(image);
            var block = new LinkedHashMap<String, Object>();
            block.put("registry", routed.registry()); // the chart's image template: registry/repository:tag
            block.put("repository", routed.repository());
            block.put("tag", routed.tag());
            var path = key.split("\\.");
            if (path.length == 1) {
                v.put(path[0], block);
            } else {
                v.put(path[0], Map.of(path[1], block));
            }
        });
        return v;
    }

    private static QuayImage image(String name) {
        return new QuayImage("jetstack/cert-manager-" + name, ProxyTlsPlan.CERT_MANAGER_VERSION);
    }

    private static Map<String, QuayImage> blocks() {
        var m = new LinkedHashMap<String, QuayImage>();
        m.put("image", CONTROLLER);
        m.put("webhook.image", WEBHOOK);
        m.put("cainjector.image", CAINJECTOR);
        m.put("startupapicheck.image", STARTUPAPICHECK);
        m.put("acmesolver.image", ACMESOLVER);
        return java.util.Collections.unmodifiableMap(m);
    }
}
