package io.milvuseks.preflight;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The AWS emulator the preflight integration test runs against: moto_server (PyPI moto[server]) at MOTO_URI — a
 * system property written by the build (.ci/test-servers.sh), or the environment variable. In CI (CI=true) a missing
 * or silent server fails the test; locally it is skipped with the reason.
 */
public final class MotoServer {

    private MotoServer() {
    }

    public static URI uri() {
        var uri = System.getProperty("MOTO_URI", System.getenv("MOTO_URI"));
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (uri == null || uri.isBlank()) {
            unavailable(ci, "MOTO_URI is not set; `./mvnw verify` starts moto when python3 is present, or run "
                    + "`.ci/moto.sh start` and export the MOTO_URI it prints");
        }
        var u = URI.create(uri);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 3000);
        } catch (Exception ex) {
            unavailable(ci, "no moto answers at MOTO_URI=" + uri + " (" + ex.getMessage() + ")");
        }
        return u;
    }

    private static void unavailable(boolean ci, String why) {
        if (ci) {
            Assertions.fail("CI=true: the preflight integration test needs moto: " + why);
        }
        Assumptions.abort("skipped: " + why);
    }
}
