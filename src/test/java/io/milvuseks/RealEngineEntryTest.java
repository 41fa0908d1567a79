package io.milvuseks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as the Pulumi language host starts it for `pulumi up`: no arguments, config in PULUMI_CONFIG. The
 * "engine" here accepts connections and never answers, as a busy engine would: invalid config must stop the program
 * before any resource is registered, with one line per problem and exit code 2. (A refused connection would let the
 * runtime's own stack registration fail first, which is not what a real engine does.)
 */
class RealEngineEntryTest {

    @Test
    void invalidConfigUnderTheEngineIsOneLinePerProblemAndExitTwo() throws IOException, InterruptedException {
        try (var engine = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var held = new java.util.concurrent.CopyOnWriteArrayList<java.net.Socket>();
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
            run("127.0.0.1:" + engine.getLocalPort());
            for (var socket : held) {
                socket.close();
            }
        }
    }

    private void run(String engineAddress) throws IOException, InterruptedException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().put("PULUMI_MONITOR", engineAddress);
        pb.environment().put("PULUMI_ENGINE", engineAddress);
        pb.environment().put("PULUMI_PROJECT", "milvus-eks");
        pb.environment().put("PULUMI_STACK", "prod");
        pb.environment().put("PULUMI_DRY_RUN", "true");
        pb.environment().put("PULUMI_CONFIG", "{\"aws:region\":\"us-east-1\",\"milvus-eks:environment\":\"production\","
                + "\"milvus-eks:messageQueue\":\"sqs\",\"milvus-eks:nodepools\":\"{}\"}");
        pb.environment().put("PULUMI_CONFIG_SECRET_KEYS", "[]");
        pb.redirectErrorStream(true);
        var process = pb.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        var lines = output.lines().toList();
        assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("config error: "), "every line a config error");
        assertThat(output).contains("milvus-eks:environment: 'production' is not accepted; accepted: staging | prod")
                .contains("milvus-eks:messageQueue: 'sqs'")
                .contains("milvus-eks:nodepools: unknown key")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
