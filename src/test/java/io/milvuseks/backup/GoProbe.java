package io.milvuseks.backup;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Go programs of {@code src/test/go/backup-probe} (milvus-backup v0.5.16's S3 and REST client libraries at its
 * pinned versions), built once per JVM into {@code target/backup-probe/} with the Go toolchain; the module cache
 * and Go's build cache make a rebuild quick. Without {@code go}: one line and the test is skipped, except with
 * CI=true, where it fails (integration tests never skip in CI).
 */
final class GoProbe {

    static final Path MODULE = Stacks.PROJECT_DIR.resolve("src/test/go/backup-probe");
    static final Path BIN = Stacks.PROJECT_DIR.resolve("target/backup-probe");
    private static boolean built;

    record Run(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    private GoProbe() {
    }

    /** The path of program {@code name} (cmd/name), built if this JVM has not built it yet. */
    static synchronized Path program(String name) throws Exception {
        if (!built) {
            var go = goBinary();
            var cmd = List.of(go, "build", "-mod=readonly", "-o", BIN.toString() + "/", "./cmd/...");
            var run = exec(cmd, MODULE, Map.of(), 900);
            if (run.exit() != 0) {
                Assertions.fail("go build of " + MODULE + " failed:\n" + run.stdout() + run.stderr());
            }
            built = true;
        }
        return BIN.resolve(name);
    }

    private static String goBinary() {
        for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
                return Path.of(dir, "go").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/local/go/bin/go"))) {
            return "/usr/local/go/bin/go";
        }
        var why = "no `go` on PATH (or /usr/local/go/bin): the backup probes are Go programs";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true: " + why);
        }
        Assumptions.abort("skipped: " + why);
        return null;
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment. */
    static Run exec(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        var pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
        pb.environment().putAll(env);
        var out = Files.createTempFile("backup-probe-", ".out");
        var err = Files.createTempFile("backup-probe-", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            var p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(String.join(" ", command) + ": no exit after " + timeoutSeconds + " s");
            }
            var run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            System.out.println("$ " + String.join(" ", command) + "\n" + run.stdout() + run.stderr()
                    + "(exit " + run.exit() + ")");
            return run;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
