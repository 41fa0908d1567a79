package io.milvuseks;

import com.google.gson.Gson;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staging's committed documentation-range CIDR under the real engine (as {@code pulumi up} starts the jar): refused
 * as a config error with exit 2 before any resource, where {@code plan} only prints a placeholder line. The engine
 * accepts connections and never answers, so a program that went on to declare resources would hang (and fail here
 * on the timeout) instead of passing by accident.
 */
class PlaceholderUnderEngineTest {

    @Test
    void theStagingPlaceholderCidrIsRefusedByTheRealEngine(@TempDir Path dir) throws Exception {
        var values = new HashMap<>(Stacks.raw("staging").values());
        values.put("milvus-eks:milvusRootPassword", "a-real-password"); // decrypted, as the engine hands it over
        values.put("milvus-eks:dockerHubAccessToken", "dckr_pat_real-token");
        try (var engine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var held = new CopyOnWriteArrayList<Socket>();
            var acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(engine.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
            var address = "127.0.0.1:" + engine.getLocalPort();
            pb.environment().put("PULUMI_MONITOR", address);
            pb.environment().put("PULUMI_ENGINE", address);
            pb.environment().put("PULUMI_PROJECT", Stacks.PROJECT);
            pb.environment().put("PULUMI_STACK", "staging");
            pb.environment().put("PULUMI_DRY_RUN", "true");
            pb.environment().put("PULUMI_CONFIG", new Gson().toJson(values));
            pb.environment().put("PULUMI_CONFIG_SECRET_KEYS",
                    "[\"milvus-eks:milvusRootPassword\", \"milvus-eks:dockerHubAccessToken\"]");
            var log = dir.resolve("out.txt");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            var process = pb.start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            for (var socket : held) {
                socket.close();
            }
            var output = Files.readString(log);
            assertThat(exited).as("the program went on to declare resources: " + output).isTrue();
            assertThat(process.exitValue()).as(output).isEqualTo(2);
            assertThat(output.lines().toList()).singleElement().asString()
                    .startsWith("config error: milvus-eks:publicAccessCidrs: 203.0.113.0/24 is a reserved range (RFC 5737 documentation)")
                    .contains("no client connects from", "accepted:");
        }
    }
}
