package io.milvuseks.testing;

import io.milvuseks.Main;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs the jar's entry point as the Pulumi language host starts it for {@code pulumi up} (no arguments, config in
 * PULUMI_CONFIG) against an "engine" that accepts connections and never answers, as a busy engine would. A refused
 * connection would let the runtime's own stack registration fail first, which is not what a real engine does.
 */
public final class SilentEngine {

    /** What the program printed (stdout and stderr), and its exit code; -1 when it did not stop within 60 s. */
    public record Result(int exitCode, String output) {
        public List<String> lines() {
            return output.lines().toList();
        }
    }

    private SilentEngine() {
    }

    public static Result run(String stack, String configJson, String secretKeysJson)
            throws IOException, InterruptedException {
        return run(stack, configJson, secretKeysJson, java.util.Map.of());
    }

    /** {@link #run(String, String, String)} with extra environment (as a deploy workflow would set it). */
    public static Result run(String stack, String configJson, String secretKeysJson, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        try (var engine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var held = new CopyOnWriteArrayList<Socket>();
            var acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(engine.accept());
                    }
                } catch (IOException closed) {
                    // the run is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                return program(stack, "127.0.0.1:" + engine.getLocalPort(), configJson, secretKeysJson, env);
            } finally {
                for (var socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static Result program(String stack, String address, String configJson, String secretKeysJson,
                                  java.util.Map<String, String> env) throws IOException, InterruptedException {
        var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().put("PULUMI_MONITOR", address);
        pb.environment().put("PULUMI_ENGINE", address);
        pb.environment().put("PULUMI_PROJECT", Stacks.PROJECT);
        pb.environment().put("PULUMI_STACK", stack);
        pb.environment().put("PULUMI_DRY_RUN", "true");
        pb.environment().put("PULUMI_CONFIG", configJson);
        pb.environment().put("PULUMI_CONFIG_SECRET_KEYS", secretKeysJson);
        pb.environment().putAll(env);
        var log = Files.createTempFile("silent-engine", ".txt");
        try {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            var process = pb.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
