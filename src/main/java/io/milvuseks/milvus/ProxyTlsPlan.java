package io.milvuseks.milvus;

import io.milvuseks.config.NodeRole;
import io.milvuseks.registry.CertManagerImages;
import io.milvuseks.registry.ChartImages;
import io.milvuseks.registry.Mirror;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's TLS certificate: which CA, which names, how long, as the values of the stack's cert-manager releases.
 *
 * <p>Choice: cert-manager (free; runs on the infra nodes) with a self-signed private CA in the Milvus namespace,
 * not AWS Private CA (USD 400 per CA per month in general-purpose mode, USD 50 in short-lived mode whose
 * certificates last at most 7 days — and either still needs an in-cluster issuer to put the key into a Secret).
 * The Pulumi {@code tls} provider would keep the CA in the stack instead, but its Java SDK does not resolve from
 * Maven Central, and pulumi-kubernetes 4.0.0's Java SDK has no generic CustomResource: the cert-manager objects are
 * therefore a small local chart ({@code charts/proxy-certificates}; its name avoids "milvus", which the policy pack matches to find the Milvus release), installed after the cert-manager chart.
 *
 * <p>The CA certificate is public: the stack reads {@code ca.crt} from the proxy's Secret after Milvus is up (the
 * proxy pods cannot start before that Secret exists, so by then it does) and exports it as {@code milvusCaPem}.
 * Clients pass it with {@code serverName} = {@link #serverName}; the NLB's AWS-assigned hostname is not in the
 * certificate. Milvus reads its certificate at start: after cert-manager renews it ({@link #PROXY_RENEW_BEFORE}
 * before expiry) the proxy picks it up at its next restart ({@code kubectl -n <ns> rollout restart deploy/...}).
 */
public record ProxyTlsPlan(String namespace, String serviceName, List<String> dnsNames) {

    public static final String CERT_MANAGER_CHART = "cert-manager";
    public static final String CERT_MANAGER_REPO = "https://charts.jetstack.io";
    public static final String CERT_MANAGER_VERSION = "v1.16.3";
    public static final String CERT_MANAGER_NAMESPACE = "cert-manager";
    /** The local chart with the issuers and certificates, relative to the project directory. */
    public static final String CERTIFICATES_CHART = "charts/proxy-certificates";
    public static final String CERTIFICATES_RELEASE = "milvus-proxy-tls";
    public static final String CA_SECRET = "milvus-proxy-ca";
    /** CA: 10 years. Proxy certificate: 1 year, renewed 30 days before it ends. */
    public static final String CA_DURATION = "87600h";
    public static final String PROXY_DURATION = "8760h";
    public static final String PROXY_RENEW_BEFORE = "720h";

    public static ProxyTlsPlan of(String namespace, String release) {
        var svc = MilvusValuesFactory.proxyServiceName(release);
        return new ProxyTlsPlan(namespace, svc, List.of(svc, svc + "." + namespace, svc + "." + namespace + ".svc",
                svc + "." + namespace + ".svc.cluster.local", "localhost"));
    }

    /** The name clients verify: the proxy Service's in-cluster DNS name (also through a port-forward). */
    public String serverName() {
        return serviceName + "." + namespace + ".svc";
    }

    public Map<String, Object> certificateValues() {
        var m = new LinkedHashMap<String, Object>();
        m.put("caCommonName", "milvus-eks private CA (" + namespace + ")");
        m.put("caSecretName", CA_SECRET);
        m.put("caDuration", CA_DURATION);
        m.put("proxySecretName", MilvusValuesFactory.PROXY_TLS_SECRET);
        m.put("proxyCommonName", serverName());
        m.put("proxyDnsNames", dnsNames);
        m.put("proxyDuration", PROXY_DURATION);
        m.put("proxyRenewBefore", PROXY_RENEW_BEFORE);
        return m;
    }

    /**
     * cert-manager with its CRDs (kept on uninstall: deleting them would delete every Certificate), on infra nodes,
     * every image from {@code mirror} ({@link CertManagerImages}).
     */
    public static Map<String, Object> certManagerValues(Mirror mirror) {
        var infra = Scheduling.nodeSelector(NodeRole.INFRA);
        var crds = new LinkedHashMap<String, Object>();
        crds.put("enabled", true);
        crds.put("keep", true);
        var m = new LinkedHashMap<String, Object>();
        m.put("crds", crds);
        m.put("nodeSelector", infra);
        m.put("webhook", Map.of("nodeSelector", infra));
        m.put("cainjector", Map.of("nodeSelector", infra));
        m.put("startupapicheck", Map.of("nodeSelector", infra));
        return ChartImages.overlay(m, CertManagerImages.values(mirror));
    }
}
