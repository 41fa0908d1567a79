package io.milvuseks.milvus;

import io.milvuseks.StackOutputs;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyTlsTest {

    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    private static final Path CHART = Stacks.PROJECT_DIR.resolve(ProxyTlsPlan.CERTIFICATES_CHART);

    @Test
    void theCertificateNamesTheProxyServiceAsClientsReachIt() {
        var plan = ProxyTlsPlan.of("milvus", "milvus");
        assertThat(plan.serverName()).isEqualTo("milvus.milvus.svc");
        assertThat(plan.dnsNames()).containsExactly("milvus", "milvus.milvus", "milvus.milvus.svc",
                "milvus.milvus.svc.cluster.local", "localhost");
        var values = plan.certificateValues();
        assertThat(values).containsEntry("proxySecretName", MilvusValuesFactory.PROXY_TLS_SECRET)
                .containsEntry("proxyCommonName", "milvus.milvus.svc")
                .containsEntry("proxyDnsNames", plan.dnsNames());
        // another namespace: every name follows it
        assertThat(ProxyTlsPlan.of("vectors", "milvus").dnsNames()).contains("milvus.vectors.svc")
                .noneMatch(n -> n.contains(".milvus."));
    }

    @Test
    void theLocalChartReadsExactlyTheValuesTheStackSets() throws IOException {
        Map<String, Object> defaults = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
        var set = ProxyTlsPlan.of("milvus", "milvus").certificateValues().keySet();
        assertThat(defaults.keySet()).isEqualTo(set);
        var used = new TreeSet<String>();
        var m = Pattern.compile("\\.Values\\.([A-Za-z]+)")
                .matcher(Files.readString(CHART.resolve("templates/certificates.yaml")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isEqualTo(new TreeSet<>(set));
        Map<String, Object> chart = new Yaml().load(Files.readString(CHART.resolve("Chart.yaml")));
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "proxy-certificates");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prodRunsTlsWithAStackMadeCertificateAndExportsTheCa() {
        var plan = Stacks.plan("prod");
        var certManager = plan.find(RELEASE, "milvus-tls-cert-manager").orElseThrow();
        assertThat(certManager.inputs()).containsEntry("chart", "cert-manager")
                .containsEntry("version", ProxyTlsPlan.CERT_MANAGER_VERSION)
                .containsEntry("namespace", "cert-manager").containsEntry("createNamespace", true)
                .containsEntry("repositoryOpts", Map.of("repo", "https://charts.jetstack.io"));
        var cmValues = (Map<String, Object>) certManager.inputs().get("values");
        assertThat(cmValues.get("crds")).isEqualTo(Map.of("enabled", true, "keep", true));
        assertThat(cmValues.get("nodeSelector")).isEqualTo(Map.of("milvus.io/role", "infra"));

        var certs = plan.find(RELEASE, "milvus-tls-certificates").orElseThrow();
        assertThat(certs.inputs()).containsEntry("chart", ProxyTlsPlan.CERTIFICATES_CHART)
                .containsEntry("namespace", "milvus");
        assertThat((Map<String, Object>) certs.inputs().get("values"))
                .containsEntry("proxySecretName", "milvus-proxy-tls");

        // the Milvus chart mounts that Secret and turns on tlsMode 1
        var values = (Map<String, Object>) plan.find(RELEASE, "milvus").orElseThrow().inputs().get("values");
        assertThat(String.valueOf(((Map<String, Object>) values.get("proxy")).get("volumes")))
                .contains("secretName=milvus-proxy-tls");
        assertThat((String) ((Map<String, Object>) values.get("extraConfigFiles")).get("user.yaml"))
                .contains("tlsMode: 1");

        // the policy pack finds the Milvus release by chart name /milvus/: only the Milvus chart may match
        assertThat(plan.ofType(RELEASE)).filteredOn(r -> String.valueOf(r.inputs().get("chart")).contains("milvus"))
                .extracting(r -> r.name()).containsExactly("milvus");
        assertThat(plan.outputs()).containsEntry(StackOutputs.MILVUS_TLS, true)
                .containsEntry(StackOutputs.MILVUS_TLS_SERVER_NAME, "milvus.milvus.svc")
                .containsKey(StackOutputs.MILVUS_CA_PEM);
    }

    @Test
    void stagingWithoutTlsInstallsNoCertManager() {
        var plan = Stacks.plan("staging");
        assertThat(plan.ofType(RELEASE)).extracting(r -> r.inputs().get("chart"))
                .doesNotContain("cert-manager", "charts/proxy-certificates").contains("milvus");
        assertThat(plan.outputs()).doesNotContainKeys(StackOutputs.MILVUS_CA_PEM, StackOutputs.MILVUS_TLS_SERVER_NAME);
    }

    @Test
    void theCaIsDecodedFromTheSecretsBase64() {
        var pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assertThat(ProxyTls.decode(java.util.Base64.getEncoder().encodeToString(pem.getBytes()))).isEqualTo(pem);
        assertThat(ProxyTls.decode(null)).isEmpty();
    }
}
