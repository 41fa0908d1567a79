package io.milvuseks.collection;

import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MilvusErrorsTest {

    @Test
    void classifiesWhatTheClientThrows() {
        // Messages as milvus-sdk-java 2.6.22 words them (seen against Milvus Lite and an unreachable port).
        var unimplemented = new MilvusClientException(ErrorCode.RPC_ERROR, "Encounter rpc error that cannot be "
                + "retried, reason: io.milvus.shaded.io.grpc.StatusRuntimeException: UNIMPLEMENTED: Method not "
                + "implemented!");
        assertThat(MilvusErrors.kind(unimplemented)).isEqualTo(MilvusErrors.Kind.UNIMPLEMENTED);
        assertThat(MilvusErrors.describe("describing replicas", unimplemented)).isEqualTo(
                "describing replicas: this server does not implement the call (UNIMPLEMENTED: Method not "
                        + "implemented!)");

        var unreachable = new RuntimeException("DEADLINE_EXCEEDED: deadline exceeded after 4.9s. Name resolution "
                + "delay 0.002 seconds. [closed=[], open=[[wait_for_ready]]]");
        assertThat(MilvusErrors.kind(unreachable)).isEqualTo(MilvusErrors.Kind.UNREACHABLE);
        assertThat(MilvusErrors.describe("connecting", unreachable))
                .startsWith("connecting: Milvus unreachable (DEADLINE_EXCEEDED")
                .doesNotContain("wait_for_ready").doesNotContain("\n");

        var stl = new MilvusClientException(ErrorCode.CLIENT_ERROR,
                new IllegalArgumentException("Can't get the number of an unknown enum value."));
        assertThat(MilvusErrors.kind(stl)).isEqualTo(MilvusErrors.Kind.UNSUPPORTED_INDEX);
        assertThat(MilvusErrors.describe("creating STL_SORT index on timestamp", stl))
                .isEqualTo("creating STL_SORT index on timestamp: index type not supported by this server (Can't "
                        + "get the number of an unknown enum value.)");

        var auth = new RuntimeException("UNAUTHENTICATED: auth check failure, please check username and password");
        assertThat(MilvusErrors.kind(auth)).isEqualTo(MilvusErrors.Kind.AUTH_REFUSED);
        assertThat(MilvusErrors.kind(new RuntimeException("collection not found"))).isEqualTo(MilvusErrors.Kind.OTHER);
    }

    @Test
    void kubernetesFailuresKeepTheOperationAndTheRootCause() {
        var ex = new RuntimeException("Operation: [get]  for kind: [Service]  with name: [milvus-proxy]  in "
                + "namespace: [milvus]  failed.", new RuntimeException("io", new java.net.ConnectException("refused")));
        assertThat(MilvusErrors.outerAndRoot(ex)).isEqualTo("Operation: [get] for kind: [Service] with name: "
                + "[milvus-proxy] in namespace: [milvus] failed. (ConnectException: refused)");
    }

    @Test
    void detailIsOneShortLine() {
        var longMessage = new RuntimeException("x".repeat(1000) + "\n  at somewhere");
        var line = MilvusErrors.detail(longMessage);
        assertThat(line).doesNotContain("\n").hasSizeLessThanOrEqualTo(303);
    }
}
