package io.milvuseks.collection;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Auth and TLS are absent from Milvus Lite; the connection the client would open is checked here instead. */
class ConnectionSettingsTest {

    private static final String OUTPUTS = """
            {"kubeconfig": {"apiVersion": "v1", "kind": "Config", "clusters": []},
             "milvusNamespace": "milvus", "milvusProxyService": "milvus-proxy", "milvusProxyPort": 19530,
             "milvusTls": true, "milvusRootPassword": "s3cret-Pa55", "region": "us-east-1"}
            """;

    @Test
    void rootTokenAndTlsReachTheClientConfig() {
        var target = new MilvusTarget("http://127.0.0.1:40000", "root:s3cret-Pa55", true, "milvus-proxy.milvus.svc");
        var config = target.connectConfig(Duration.ofSeconds(5));
        assertThat(config.getUri()).isEqualTo("https://127.0.0.1:40000");
        assertThat(config.getToken()).isEqualTo("root:s3cret-Pa55");
        assertThat(config.isSecure()).isTrue();
        assertThat(config.getServerName()).isEqualTo("milvus-proxy.milvus.svc");
        assertThat(config.getConnectTimeoutMs()).isEqualTo(5000);
        assertThat(target.toString()).doesNotContain("s3cret").contains("token set").contains("TLS");
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
