package io.milvuseks.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * .ci/test-servers.sh on a machine without python3 (a PATH holding only the shell tools it needs): one line and a
 * skip locally; a failed build with CI=true. Nothing is installed or started either way.
 */
class TestServersScriptTest {

    record Result(int exit, String stderr, String properties) {
    }

    private static Result start(Path tmp, String ci) throws Exception {
        var bin = Files.createDirectories(tmp.resolve("bin"));
        var bash = which("bash");
        for (var tool : List.of("dirname", "cat", "mkdir", "rm")) {
            // wrappers, not links: the PATH must not lead to python3 through the tools' own directory
            var wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!" + bash + "\nexec " + which(tool) + " \"$@\"\n");
            assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        }
        var state = tmp.resolve("state-" + ci);
        var pb = new ProcessBuilder(bash.toString(), Path.of(".ci/test-servers.sh").toString(), "start");
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("CI", ci);
        pb.environment().put("TEST_SERVERS_STATE", state.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        var p = pb.start();
        var stderr = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        var props = state.resolve("servers.properties");
        return new Result(p.exitValue(), stderr, Files.exists(props) ? Files.readString(props) : null);
    }

    private static Path which(String tool) {
        return List.of("/usr/bin/" + tool, "/bin/" + tool).stream().map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError(tool + " not found"));
    }

    @Test
    void withoutPython3LocallyOneLineAndTheTestsSkip(@TempDir Path tmp) throws Exception {
        var r = start(tmp, "false");
        assertThat(r.exit()).isZero();
        assertThat(r.stderr().strip()).startsWith("test-servers: python3 not found").doesNotContain("\n");
        // failsafe reads this file: it exists, empty, so the integration tests see no server and skip
        assertThat(r.properties()).isEmpty();
    }

    @Test
    void withoutPython3InCiTheBuildFails(@TempDir Path tmp) throws Exception {
        var r = start(tmp, "true");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("FAIL: python3 not found and CI=true");
    }
}
