package io.milvuseks.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar's short commands relaunch in a child JVM with C1 only (io.milvuseks.ShortRunJvm): the child must
 * give the same plan, the same output and the same exit codes as the command run in the first JVM.
 */
class ShortRunJvmIT {

    private static final Path JAR = Path.of("target/milvus-eks.jar");

    record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command);
        pb.environment().remove("MILVUS_EKS_SAME_JVM");
        pb.environment().putAll(env);
        var out = Files.createTempFile("short-run", ".out");
        var err = Files.createTempFile("short-run", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(out), Files.readString(err));
    }

    @Test
    void theRelaunchedPlanEqualsThePlanOfTheFirstJvm() throws Exception {
        var relaunched = Files.createTempFile("plan-relaunched", ".json");
        var same = Files.createTempFile("plan-same", ".json");
        var a = run(Map.of(), "plan", "--stack", "staging", "--quiet", "--json", relaunched.toString());
        var b = run(Map.of("MILVUS_EKS_SAME_JVM", "1"), "plan", "--stack", "staging", "--quiet", "--json",
                same.toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(a.err().replace(relaunched.toString(), "F")).isEqualTo(b.err().replace(same.toString(), "F"));
        // resources in registration order, which differs between any two runs: compared by type and name
        assertThat(byTypeAndName(relaunched)).isEqualTo(byTypeAndName(same));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> byTypeAndName(Path planJson) throws IOException {
        var plan = (Map<String, Object>) new com.google.gson.Gson().fromJson(Files.readString(planJson), Map.class);
        var sorted = new java.util.TreeMap<String, Object>();
        for (var r : (List<Map<String, Object>>) plan.get("resources")) {
            sorted.put(r.get("type") + " " + r.get("name"), r);
        }
        return Map.of("resources", sorted, "outputs", plan.get("outputs"));
    }

    @Test
    void exitCodesAndErrorLinesPassThrough() throws Exception {
        var missing = run(Map.of(), "plan", "--stack", "no-such-stack");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("error: stack file").contains("Pulumi.no-such-stack.yaml");
        var badOption = run(Map.of(), "capacity", "--no-such-option");
        assertThat(badOption.exit()).isEqualTo(2);
        assertThat(badOption.err()).startsWith("error: capacity:");
    }
}
