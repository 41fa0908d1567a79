package io.milvuseks.build;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code options.binary} in Pulumi.yaml, pulumi-java's language host runs the program through Maven:
 * {@code mvnw --no-transfer-progress compile exec:java} with no main class, and for its plugin query the same with
 * {@code -DmainClass=com.pulumi.bootstrap.internal.Main -DmainArgs=packages} (pulumi-java,
 * pkg/internal/executors/executor_maven.go). Both are run here for real (offline, on the compiled classes): the
 * program starts and, with no engine, says so (not exec:java's "The parameter 'mainClass' is missing or invalid").
 */
class MavenFallbackIT {

    record Run(int exit, String out) {
    }

    private static Run mvn(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of(Path.of("mvnw").toAbsolutePath().toString(), "-o", "-q",
                "--no-transfer-progress", "exec:java"));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PULUMI_MONITOR");
        var p = pb.start();
        var out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void execJavaStartsTheProgramWhichAsksForTheEngine() throws Exception {
        var run = mvn();
        assertThat(run.out()).doesNotContain("'mainClass' is missing")
                .contains("milvus-eks: without a subcommand this jar is the Pulumi program");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void theLanguageHostsPluginQueryNamesTheProviders() throws Exception {
        var run = mvn("-Dorg.slf4j.simpleLogger.logFile=System.err", "-DmainClass=com.pulumi.bootstrap.internal.Main",
                "-DmainArgs=packages");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("{\"resource\":true,\"name\":\"aws\",\"version\":\"6.83.0\"}");
    }
}
