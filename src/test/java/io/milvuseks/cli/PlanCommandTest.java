package io.milvuseks.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void plansBothStacksAndWritesJson(String stack, @TempDir Path tmp) throws Exception {
        var json = tmp.resolve("plan/" + stack + ".json");
        assertThat(run("plan", "--stack", stack, "--json", json.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Plan for stack '" + stack + "'").contains("Outputs:")
                .doesNotContain("placeholder-run-pulumi-config-set");
        assertThat(err.toString()).contains("[1/3]", "[2/3]", "[3/3]");
        var doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(doc.get("stack").getAsString()).isEqualTo(stack);
        assertThat(doc.get("resources").isJsonArray()).isTrue();
        assertThat(doc.getAsJsonObject("outputs").get("environment").getAsString()).isEqualTo(stack);
        assertThat(Files.readString(json)).doesNotContain("placeholder-run-pulumi-config-set");
    }

    @Test
    void previewMarksWhatTheCloudComputesAsUnknown(@TempDir Path tmp) throws Exception {
        var json = tmp.resolve("staging-preview.json");
        assertThat(run("plan", "--stack", "staging", "--preview", "--json", json.toString())).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("as a first preview").contains("[computed]").doesNotContain("mock-");
        assertThat(err.toString()).contains("(preview)");
        var doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(doc.get("preview").getAsBoolean()).isTrue();
        assertThat(doc.getAsJsonObject("outputs").get("clusterEndpoint").getAsString()).isEqualTo("[computed]");
    }

    @Test
    void aStackFileWithThreeMistakesGivesThreeLinesAndExitTwo(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var prod = Files.readString(Path.of("Pulumi.prod.yaml"))
                .replace("milvus-eks:messageQueue: msk", "milvus-eks:messageQueue: rabbitmq")
                .replace("    dim: 384", "    dim: 0")
                .replace("milvus-eks:etcdReplicas: 3", "milvus-eks:etcdReplica: 3");
        Files.writeString(dir.resolve("Pulumi.broken.yaml"), prod);

        int code = run("plan", "--stack", "broken", "--dir", dir.toString());

        assertThat(code).isEqualTo(2);
        var problems = err.toString().lines().filter(l -> l.startsWith("config error: ")).toList();
        assertThat(problems).hasSize(3);
        assertThat(problems).anyMatch(l -> l.contains("milvus-eks:messageQueue") && l.contains("msk | pulsar"));
        assertThat(problems).anyMatch(l -> l.contains("milvus-eks:collection.dim") && l.contains("2..32768"));
        assertThat(problems).anyMatch(l -> l.contains("milvus-eks:etcdReplica:") && l.contains("unknown key"));
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingOrBrokenStackFileIsOneLine(@TempDir Path dir) throws Exception {
        assertThat(run("plan", "--stack", "nope", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("error: stack file").contains("not found").doesNotContain("\tat ");
        Files.writeString(dir.resolve("Pulumi.bad.yaml"), "config:\n  a: 1\n  b: [unclosed\n");
        assertThat(run("plan", "--stack", "bad", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not valid YAML at line");
    }

    @Test
    void stackFilesReadAsPulumiDoes(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var prod = Files.readString(Path.of("Pulumi.prod.yaml"));
        // YAML 1.2 like the Pulumi CLI: `no` is a string, not false
        Files.writeString(dir.resolve("Pulumi.yes.yaml"), prod.replace("milvus-eks:proxyTls: true",
                "milvus-eks:proxyTls: no"));
        assertThat(run("plan", "--stack", "yes", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("milvus-eks:proxyTls: 'no' is not a boolean");
        // a key given twice is an error, not "last one wins"
        Files.writeString(dir.resolve("Pulumi.twice.yaml"), prod.replace("milvus-eks:proxyTls: true",
                "milvus-eks:proxyTls: false\n  milvus-eks:proxyTls: true"));
        assertThat(run("plan", "--stack", "twice", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not valid YAML at line").contains("duplicate");
    }

    @Test
    void underTheMockEngineInvalidConfigFailsTheRunInsteadOfExiting() {
        var raw = io.milvuseks.testing.Stacks.raw("prod", java.util.Map.of("messageQueue", "sqs"));
        var run = io.milvuseks.plan.OfflineEngine.run(raw, io.milvuseks.App::stack);
        assertThat(run.failed()).isTrue();
        assertThat(String.join("\n", run.errorLines())).contains("milvus-eks:messageQueue");
        assertThat(run.resources()).isEmpty();
    }

    @Test
    void helpDocumentsSecretsAndJson() {
        assertThat(run("plan", "--help")).isZero();
        assertThat(out.toString()).contains("--json", "--stack", "[secret]", "mock engine");
    }
}
