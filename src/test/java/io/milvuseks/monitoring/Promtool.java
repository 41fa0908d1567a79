package io.milvuseks.monitoring;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' own {@code promtool} (Debian package {@code prometheus}; .ci/run installs it). Without it a test is
 * skipped locally, and fails under CI=true: CI never skips.
 */
final class Promtool {

    record Result(int exit, String output) {
    }

    private Promtool() {
    }

    static String binary() {
        for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            var p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("promtool is not on PATH (CI=true never skips): apt-get install prometheus");
        }
        Assumptions.abort("promtool is not on PATH: apt-get install prometheus to run the alert-rule tests");
        return null;
    }

    static Path write(Path dir, String name, Map<String, Object> doc) throws IOException {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        var file = dir.resolve(name);
        Files.writeString(file, new Yaml(options).dump(doc), StandardCharsets.UTF_8);
        return file;
    }

    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(binary());
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish in 60 s");
        }
        return new Result(process.exitValue(), out);
    }
}
