package io.milvuseks.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --previous-outputs FILE}: the stack's last outputs ({@code pulumi stack output --json}) against this
 * config. Each refusal is one config line and exit 2 before the engine runs; the accepted paths plan.
 */
class PlanUpgradeCheckTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static Path outputs(Path dir, String json) throws Exception {
        var file = dir.resolve("previous.json");
        Files.writeString(file, json);
        return file;
    }

    private static String running(String queue, String image, String chart) {
        return "{\"environment\": \"prod\", \"messageQueue\": \"" + queue + "\", \"milvusNamespace\": \"milvus\", "
                + "\"milvusImageTag\": \"" + image + "\", \"milvusChartVersion\": \"" + chart + "\", "
                + "\"milvusRootPassword\": \"[secret]\"}";
    }

    /** A copy of the prod stack file with the chart/image pair replaced, in its own project dir. */
    private static Path prodWith(Path dir, String chart, String image) throws Exception {
        Files.createDirectories(dir);
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var text = Files.readString(Path.of("Pulumi.prod.yaml"))
                .replace("milvus-eks:milvusChartVersion: 5.0.19", "milvus-eks:milvusChartVersion: " + chart)
                .replace("milvus-eks:milvusImageTag: v2.6.15", "milvus-eks:milvusImageTag: " + image);
        if (!chart.equals(io.milvuseks.zones.QueryZones.POD_CHART_VERSION)) {
            // 2+ replicas take that chart only (the zone pods are its pods): the other charts run with one
            text = text.replace("\n    replicas: 2\n", "\n    replicas: 1\n");
        }
        Files.writeString(dir.resolve("Pulumi.prod.yaml"), text);
        return dir;
    }

    private List<String> configErrors() {
        return err.toString().lines().filter(l -> l.startsWith("config error: ")).toList();
    }

    private void assertRefusedWithOneLine(int code) {
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(configErrors()).hasSize(1);
        assertThat(err.toString()).doesNotContain("[3/3]").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aQueueSwitchUnderARunningMilvusIsRefused(@TempDir Path tmp) throws Exception {
        var prev = outputs(tmp, running("pulsar", "v2.6.15", "5.0.19"));
        assertRefusedWithOneLine(run("plan", "--stack", "prod", "--quiet", "--previous-outputs", prev.toString()));
        assertThat(configErrors().get(0)).startsWith("config error: milvus-eks:messageQueue: the running Milvus "
                + "writes its log to pulsar; the message queue cannot be switched on a live cluster")
                .contains("milvus #47806", "accepted: pulsar");
    }

    @Test
    void a25To26JumpThatSkips2516IsRefused(@TempDir Path tmp) throws Exception {
        var prev = outputs(tmp, running("msk", "v2.5.14", "4.2.56"));
        assertRefusedWithOneLine(run("plan", "--stack", "prod", "--quiet", "--previous-outputs", prev.toString()));
        assertThat(configErrors().get(0)).startsWith("config error: milvus-eks:milvusImageTag: v2.6.15 goes from "
                + "v2.5.14 to 2.6").contains("v2.5.16 or newer with mixCoord",
                "accepted: v2.5.16 (chart 4.2.58) first, then v2.6.15");
    }

    @Test
    void aDowngradeIsRefused(@TempDir Path tmp) throws Exception {
        var dir = prodWith(tmp.resolve("project"), "5.0.17", "v2.6.14");
        var prev = outputs(tmp, running("msk", "v2.6.15", "5.0.19"));
        assertRefusedWithOneLine(run("plan", "--stack", "prod", "--dir", dir.toString(), "--quiet",
                "--previous-outputs", prev.toString()));
        assertThat(configErrors().get(0)).contains("milvus-eks:milvusImageTag: v2.6.14 is a downgrade from the "
                + "running v2.6.15", "accepted: v2.6.15 or newer");
    }

    @Test
    void aChartImagePairThatDoesNotBelongTogetherIsRefusedWithoutPreviousOutputs(@TempDir Path tmp)
            throws Exception {
        var dir = prodWith(tmp.resolve("project"), "5.0.19", "v2.6.14");
        assertRefusedWithOneLine(run("plan", "--stack", "prod", "--dir", dir.toString(), "--quiet"));
        assertThat(configErrors().get(0)).isEqualTo("config error: milvus-eks:milvusImageTag: v2.6.14 does not "
                + "belong to chart 5.0.19, which ships Milvus v2.6.15; accepted: v2.6.15 with chart 5.0.19, or chart "
                + "5.0.17 for v2.6.14");
    }

    @Test
    void anotherStacksOutputsAreRefused(@TempDir Path tmp) throws Exception {
        var prev = outputs(tmp, running("msk", "v2.6.15", "5.0.19").replace("\"prod\"", "\"staging\""));
        assertRefusedWithOneLine(run("plan", "--stack", "prod", "--quiet", "--previous-outputs", prev.toString()));
        assertThat(configErrors().get(0)).startsWith("config error: milvus-eks:environment: the previous outputs "
                + prev + " are of a staging stack, this one is prod");
    }

    @Test
    void aBrokenPreviousOutputsFileIsOneLine(@TempDir Path tmp) throws Exception {
        var prev = outputs(tmp, "Current stack outputs (2):\n  OUTPUT  VALUE\n");
        assertRefusedWithOneLine(run("plan", "--stack", "prod", "--quiet", "--previous-outputs", prev.toString()));
        assertThat(configErrors().get(0)).startsWith("config error: --previous-outputs: " + prev)
                .contains("not a JSON object");
    }

    /**
     * The documented step (2.5.16 with chart 4.2.58 to 2.6.15 with 5.0.19) plans, and the plan's own outputs,
     * fed back as the next apply's previous outputs, hold what the rules need and pass.
     */
    @Test
    void theDocumentedStepPlansAndThePlansOwnOutputsFeedTheNextCheck(@TempDir Path tmp) throws Exception {
        var prev = outputs(tmp, running("msk", "v2.5.16", "4.2.58"));
        var json = tmp.resolve("plan.json");
        assertThat(run("plan", "--stack", "prod", "--quiet", "--json", json.toString(), "--previous-outputs",
                prev.toString())).as(err.toString()).isZero();
        assertThat(err.toString()).contains("upgrade check: " + prev + ": Milvus v2.5.16 -> v2.6.15, chart 4.2.58 "
                + "-> 5.0.19, messageQueue msk -> msk: on the documented path");
        var outputs = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("outputs");
        assertThat(outputs.get("milvusImageTag").getAsString()).isEqualTo("v2.6.15");
        assertThat(outputs.get("milvusChartVersion").getAsString()).isEqualTo("5.0.19");
        assertThat(outputs.get("messageQueue").getAsString()).isEqualTo("msk");

        var next = tmp.resolve("next.json");
        Files.writeString(next, outputs.toString());
        err.getBuffer().setLength(0);
        assertThat(run("plan", "--stack", "prod", "--quiet", "--previous-outputs", next.toString()))
                .as(err.toString()).isZero();
        assertThat(err.toString()).contains("Milvus v2.6.15 -> v2.6.15", "on the documented path");
    }

    @Test
    void aQueueChangeBeforeMilvusRunsPlansAndWithoutOutputsTheCheckSaysItWasSkipped(@TempDir Path tmp)
            throws Exception {
        // kubernetesLayer: false on the first apply: no milvusNamespace yet, so the queue may still change
        var prev = outputs(tmp, "{\"environment\": \"prod\", \"messageQueue\": \"pulsar\", \"clusterName\": \"c\"}");
        assertThat(run("plan", "--stack", "prod", "--quiet", "--previous-outputs", prev.toString()))
                .as(err.toString()).isZero();
        assertThat(err.toString()).contains("upgrade check: " + prev + " shows no Milvus release yet");
        err.getBuffer().setLength(0);
        assertThat(run("plan", "--stack", "staging", "--quiet")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("upgrade check: skipped, no previous outputs given");
    }
}
