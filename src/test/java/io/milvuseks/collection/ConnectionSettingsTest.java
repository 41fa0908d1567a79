package io.milvuseks.collection;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Auth and TLS are absent from Milvus Lite (`milvus-lite server --help`, 3.2.2: --data-dir, --host, --port, --max-workers; plain gRPC, no TLS), so the
 * connection the client would open is checked here instead, against the SDK's ConnectConfig.
 */
class ConnectionSettingsTest {

    private static final String OUTPUTS = """
            {"kubeconfig": {"apiVersion": "v1", "kind": "Config", "clusters": []},
             "milvusNamespace": "milvus", "milvusProxyService": "milvus-proxy", "milvusProxyPort": 19530,
             "milvusTls": true, "milvusRootPassword": "s3cret-Pa55", "region": "us-east-1"}
            """;

    static Path caFile() throws Exception {
        var f = Files.createTempFile("ca-", ".pem");
        Files.writeString(f, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        f.toFile().deleteOnExit();
        return f;
    }

    @Test
    void rootTokenTlsCaAndServerNameReachTheClientConfig() throws Exception {
        // milvus-sdk-java 2.6.22 honours serverName only with serverPemPath (or an SSLContext, or mTLS): the CA file
        // goes in serverPemPath, and the name the certificate carries in serverName
        var ca = caFile();
        var target = new MilvusTarget("http://127.0.0.1:40000", "root:s3cret-Pa55", true, "milvus-proxy.milvus.svc",
                ca, Duration.ofSeconds(30), false);
        var config = target.connectConfig(Duration.ofSeconds(5));
        assertThat(config.getUri()).isEqualTo("https://127.0.0.1:40000");
        assertThat(config.getToken()).isEqualTo("root:s3cret-Pa55");
        assertThat(config.isSecure()).isTrue();
        assertThat(config.getServerPemPath()).isEqualTo(ca.toString());
        assertThat(config.getServerName()).isEqualTo("milvus-proxy.milvus.svc");
        assertThat(config.getConnectTimeoutMs()).isEqualTo(5000);
        assertThat(config.getRpcDeadlineMs()).isEqualTo(30_000);
        assertThat(target.toString()).doesNotContain("s3cret").contains("token set").contains("TLS")
                .contains("as milvus-proxy.milvus.svc");
    }

    @Test
    void everyCallHasADeadline() {
        var config = new MilvusTarget("http://127.0.0.1:19530", null, false, null).connectConfig(Duration.ofSeconds(1));
        assertThat(config.getRpcDeadlineMs()).isEqualTo(MilvusTarget.DEFAULT_CALL_DEADLINE.toMillis()).isPositive();
        var retry = Connector.retryConfig(new MilvusTarget("http://127.0.0.1:19530", null, false, null));
        assertThat(retry.getMaxRetryTimes()).isEqualTo(3);
        assertThat(retry.getMaxRetryTimeoutMs()).isEqualTo(4 * MilvusTarget.DEFAULT_CALL_DEADLINE.toMillis());
        assertThatThrownBy(() -> new MilvusTarget("http://127.0.0.1:1", null, false, null, null, Duration.ZERO, false))
                .isInstanceOf(MilvusFailure.class).hasMessageContaining("deadline must be positive");
    }

    @Test
    void aServerNameWithoutACaIsRefusedBecauseTheSdkWouldNotCheckIt() {
        assertThatThrownBy(() -> new MilvusTarget("http://127.0.0.1:40000", "root:x", true, "milvus.milvus.svc"))
                .isInstanceOf(MilvusFailure.class).hasMessageContaining("needs the CA bundle (--ca-pem FILE");
    }

    @Test
    void theTokenNeverGoesInClearOffTheLoopback() throws Exception {
        assertThatThrownBy(() -> new MilvusTarget("http://10.0.1.5:19530", "root:x", false, null))
                .isInstanceOf(MilvusFailure.class)
                .hasMessage("refusing to send the token in clear to http://10.0.1.5:19530: use TLS (https://, --tls, "
                        + "--ca-pem FILE), a port-forward (--outputs), or --insecure to accept it");
        // loopback (a port-forward's local end), TLS, or an explicit --insecure are accepted
        new MilvusTarget("http://127.0.0.1:19530", "root:x", false, null);
        new MilvusTarget("http://localhost:19530", "root:x", false, null);
        new MilvusTarget("https://milvus.internal:19530", "root:x", true, null);
        new MilvusTarget("http://10.0.1.5:19530", "root:x", false, null, null, Duration.ofSeconds(5), true);
        new MilvusTarget("http://10.0.1.5:19530", null, false, null);
        // a CA file implies TLS
        var t = new MilvusTarget("http://10.0.1.5:19530", "root:x", false, "10.0.1.5", caFile(),
                Duration.ofSeconds(5), false);
        assertThat(t.tls()).isTrue();
        assertThat(t.uri()).startsWith("https://");
        assertThat(MilvusTarget.loopback("http://[::1]:19530")).isTrue();
        assertThat(MilvusTarget.loopback("http://127.0.0.1.evil.example:19530")).isFalse();
    }

    @Test
    void anUnreadableCaFileIsOneLine() {
        assertThatThrownBy(() -> new MilvusTarget("https://x:1", null, true, "x", Path.of("/nonexistent/ca.pem"),
                Duration.ofSeconds(5), false)).isInstanceOf(MilvusFailure.class)
                .hasMessage("--ca-pem /nonexistent/ca.pem: not a readable file");
    }

    @Test
    void stackOutputsMayCarryTheCaBundle() {
        var withCa = OUTPUTS.replace("\"region\"", "\"milvusCaPem\": \"-----BEGIN CERTIFICATE-----\\nMIIB\\n"
                + "-----END CERTIFICATE-----\\n\", \"region\"");
        assertThat(StackOutputValues.parse(withCa).caPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(StackOutputValues.parse(OUTPUTS).caPem()).isNull();
        assertThatThrownBy(() -> StackOutputValues.parse(OUTPUTS.replace("\"region\"",
                "\"milvusCaPem\": \"nope\", \"region\"")))
                .isInstanceOf(MilvusFailure.class).hasMessage("stack output milvusCaPem is not a PEM certificate bundle");
    }

    @Test
    void withoutTokenOrTlsTheClientConnectsPlain() {
        var config = new MilvusTarget("http://127.0.0.1:19530", null, false, null).connectConfig(Duration.ofSeconds(1));
        assertThat(config.getUri()).isEqualTo("http://127.0.0.1:19530");
        assertThat(config.getToken()).isNull();
        assertThat(config.isSecure()).isFalse();
    }

    @Test
    void stackOutputsGiveTheProxyAndTheRootPassword() {
        var o = StackOutputValues.parse(OUTPUTS);
        assertThat(o.namespace()).isEqualTo("milvus");
        assertThat(o.proxyService()).isEqualTo("milvus-proxy");
        assertThat(o.proxyPort()).isEqualTo(19530);
        assertThat(o.tls()).isTrue();
        assertThat(o.rootPassword()).isEqualTo("s3cret-Pa55");
        assertThat(o.kubeconfig()).contains("\"kind\":\"Config\"");
        assertThat(o.proxyHost()).isEqualTo("milvus-proxy.milvus.svc.cluster.local");
        assertThat(o.toString()).doesNotContain("s3cret").doesNotContain("Config");
    }

    @Test
    void missingOrMaskedOutputsAreOneLineErrors() {
        assertThatThrownBy(() -> StackOutputValues.parse(OUTPUTS.replace("\"milvusProxyService\"", "\"x\"")))
                .isInstanceOf(MilvusFailure.class).hasMessageStartingWith("stack output milvusProxyService is missing");
        assertThatThrownBy(() -> StackOutputValues.parse(OUTPUTS.replace("s3cret-Pa55", "[secret]")))
                .hasMessageContaining("--show-secrets");
        assertThatThrownBy(() -> StackOutputValues.parse("not json {"))
                .isInstanceOf(MilvusFailure.class).hasMessageStartingWith("stack outputs are not JSON");
    }
}
