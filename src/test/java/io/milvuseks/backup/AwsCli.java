package io.milvuseks.backup;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The AWS CLI v2 that runs the lock step here (the CronJob runs amazon/aws-cli's): the first {@code aws} on PATH, or
 * Debian's /usr/bin/aws (package awscli), whose {@code --version} says aws-cli/2 (a pip-installed v1 is passed over).
 * Missing: skipped with one line, or failed with CI=true.
 */
final class AwsCli {

    private static String found;

    private AwsCli() {
    }

    static synchronized String path() throws Exception {
        if (found != null) {
            return found;
        }
        var candidates = new java.util.ArrayList<Path>();
        for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "aws"));
            }
        }
        candidates.add(Path.of("/usr/bin/aws"));
        for (var c : candidates) {
            if (Files.isExecutable(c)) {
                var run = GoProbe.exec(List.of(c.toString(), "--version"), Path.of("."), Map.of(), 60);
                if (run.exit() == 0 && (run.stdout() + run.stderr()).startsWith("aws-cli/2.")) {
                    found = c.toString();
                    return found;
                }
            }
        }
        var why = "no AWS CLI v2 (`aws --version` = aws-cli/2.*) on PATH or at /usr/bin/aws: the backup lock step "
                + "runs it (Debian: apt-get install awscli)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true: " + why);
        }
        Assumptions.abort("skipped: " + why);
        return null;
    }
}
