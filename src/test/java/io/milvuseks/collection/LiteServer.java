package io.milvuseks.collection;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The real Milvus the integration tests run against: MILVUS_URI (.ci/milvus-lite.sh starts Milvus Lite). In CI
 * (CI=true) a missing or silent server fails the tests; locally they are skipped with the reason.
 */
public final class LiteServer {

    private LiteServer() {
    }

    public static String uri() {
        // the build passes the server it started as a system property (.ci/test-servers.sh); else the environment
        var uri = System.getProperty("MILVUS_URI", System.getenv("MILVUS_URI"));
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (uri == null || uri.isBlank()) {
            unavailable(ci, "MILVUS_URI is not set; start Milvus Lite with `.ci/milvus-lite.sh start` and export "
                    + "the MILVUS_URI it prints");
        }
        var u = URI.create(uri);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 3000);
        } catch (Exception ex) {
            unavailable(ci, "no Milvus answers at MILVUS_URI=" + uri + " (" + ex.getMessage() + ")");
        }
        return uri;
    }

    public static MilvusClientV2 client() {
        return new MilvusClientV2(ConnectConfig.builder().uri(uri()).build());
    }

    private static void unavailable(boolean ci, String why) {
        if (ci) {
            Assertions.fail("CI=true: integration tests need a real Milvus: " + why);
        }
        Assumptions.abort("skipped: " + why);
    }
}
