package io.milvuseks.milvus;

import io.milvuseks.helm.ChartRelease;
import io.milvuseks.registry.Mirror;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** cert-manager and the proxy's certificate ({@link ProxyTlsPlan}); {@link #readCa} exports the CA after Milvus. */
public final class ProxyTls extends ComponentResource {

    public static final String TYPE = "milvus-eks:milvus:ProxyTls";

    private final String name;
    private final Release certificates;
    private final Provider provider;

    public ProxyTls(String name, ProxyTlsPlan plan, Output<String> namespace, Provider provider,
                    Output<Mirror> mirror, List<Resource> dependsOn, ComponentResourceOptions options) {
        super(TYPE, name, options);
        this.name = name;
        this.provider = provider;
        var certManager = new Release(name + "-cert-manager", ChartRelease.pinned(ProxyTlsPlan.CERT_MANAGER_CHART,
                        ProxyTlsPlan.CERT_MANAGER_REPO, ProxyTlsPlan.CERT_MANAGER_CHART,
                        ProxyTlsPlan.CERT_MANAGER_VERSION, Output.of(ProxyTlsPlan.CERT_MANAGER_NAMESPACE), 900)
                .createNamespace(true) // cert-manager's own namespace, nothing else of the stack's lives there
                .values(mirror.applyValue(ProxyTlsPlan::certManagerValues))
                .build(), CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(dependsOn)
                .build());
        // waits for cert-manager's webhook (Release waits for its Deployments), so the objects below are admitted
        this.certificates = new Release(name + "-certificates", ReleaseArgs.builder()
                .name(ProxyTlsPlan.CERTIFICATES_RELEASE)
                .chart(ProxyTlsPlan.CERTIFICATES_CHART)
                .namespace(namespace)
                .createNamespace(false)
                .atomic(false).cleanupOnFail(true).timeout(600).maxHistory(10)
                .values(plan.certificateValues())
                .build(), CustomResourceOptions.builder().parent(this).provider(provider)
                .dependsOn(concat(dependsOn, certManager)).build());
        registerOutputs(Map.of());
    }

    /** What the Milvus release waits for: the release that requests the proxy certificate. */
    public Resource certificates() {
        return certificates;
    }

    /**
     * The CA certificate (PEM), read from the proxy's Secret once {@code after} (the Milvus release, whose proxy
     * pods mount that Secret) is done. cert-manager's CA issuer writes the CA into {@code ca.crt}. The CA is public;
     * the read keeps the Secret's other keys in Pulumi's state as secrets, never in an output.
     */
    public Output<String> readCa(Output<String> namespace, Release after) {
        // The id is built from the release's status, so it stays unknown while a preview plans that release's
        // creation: the engine then skips the read instead of failing on a Secret that does not exist yet.
        var id = Output.tuple(namespace, after.status()).applyValue(t -> t.t1 + "/"
                + MilvusValuesFactory.PROXY_TLS_SECRET);
        var secret = Secret.get(name + "-ca-read", id, CustomResourceOptions.builder().parent(this)
                .provider(provider).dependsOn(after).build());
        return secret.data().applyValue(d -> d == null ? "" : decode(d.get("ca.crt"))).asPlaintext();
    }

    static String decode(String base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static List<Resource> concat(List<Resource> a, Resource b) {
        var out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
