package io.milvuseks.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheReportForTheIssuesExample() {
        var r = run("capacity", "--vectors", "1000000000", "--dim", "384", "--replicas", "2", "--index", "IVF_FLAT");
        assertThat(r.code()).isEqualTo(Cli.OK);
        assertThat(r.err()).isEmpty();
        // 1.54 TB raw per replica; 88 x m6in.4xlarge (worked out in CapacityPlannerExamplesTest), segments at
        // 69.8 % of each query pod + 10 % runtime, under the 85 % write-throttle water level
        assertThat(r.out()).contains("raw vectors 1.54 TB").contains("88 x m6in.4xlarge").contains("410 segments")
                .contains("segments 69.8 % at peak (budget 70 %").contains("= 79.8 %, under Milvus' write-throttle "
                        + "low water level 85 %").contains("eks control plane").contains("total");
    }

    @Test
    void jsonCarriesTheSameFigures() {
        var r = run("capacity", "--vectors", "1e9", "--dim", "384", "--replicas", "2", "--node-type", "r6in.4xlarge",
                "--json");
        assertThat(r.code()).isEqualTo(Cli.OK);
        var json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(json.get("rawVectorBytes").getAsDouble()).isEqualTo(1.536e12);
        assertThat(json.get("queryNodeType").getAsString()).isEqualTo("r6in.4xlarge");
        // 128 GiB nodes: about half the 88 of the 64 GiB type
        int nodes = json.get("queryNodes").getAsInt();
        assertThat(nodes).isBetween(40, 46);
        assertThat(json.get("querySegmentShare").getAsDouble()).isLessThanOrEqualTo(0.70);
        assertThat(json.get("queryNodeMemoryBytes").getAsDouble())
                .isGreaterThanOrEqualTo(json.get("indexMemoryBytes").getAsDouble());
        double pools = json.getAsJsonObject("pools").entrySet().stream()
                .mapToDouble(e -> e.getValue().getAsJsonObject().get("usdPerMonth").getAsDouble()).sum();
        double platform = json.getAsJsonObject("platformUsdPerMonth").entrySet().stream()
                .mapToDouble(e -> e.getValue().getAsDouble()).sum();
        assertThat(json.get("totalUsdPerMonth").getAsDouble())
                .isCloseTo(pools + json.get("s3UsdPerMonth").getAsDouble() + platform,
                        org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void compareMarksTheCheapestAndPutsDiskAnnOnNvme() {
        var r = run("capacity", "--vectors", "10000000000", "--dim", "384", "--replicas", "2", "--compare");
        assertThat(r.code()).isEqualTo(Cli.OK);
        var lines = r.out().lines().toList();
        // "cheapest" only among full-precision indexes; the cheapest lossy one is named as such, with its trade
        assertThat(lines.stream().filter(l -> l.contains("<- cheapest full precision"))).hasSize(1);
        var lossy = lines.stream().filter(l -> l.contains("<- cheapest lossy")).toList();
        assertThat(lossy).hasSize(1);
        var lossyType = lossy.get(0).trim().split(" +")[0];
        assertThat(lines).anyMatch(l -> l.trim().startsWith(lossyType + " ") && l.contains("lossy: ")
                && l.contains("milvus.io/docs/"));
        assertThat(lines.stream().filter(l -> l.trim().startsWith("IVF_FLAT")).findFirst().orElseThrow())
                .contains("m6in.4xlarge").doesNotContain("cheapest");
        assertThat(lines.stream().filter(l -> l.trim().startsWith("DISKANN")).findFirst().orElseThrow())
                .containsAnyOf("i4i.", "m6idn.", "r6idn.");
        assertThat(lines.stream().filter(l -> l.trim().startsWith("FLAT")).findFirst().orElseThrow())
                .contains("excluded");
        for (var t : new String[] {"IVF_SQ8", "HNSW_SQ", "IVF_RABITQ"}) {
            assertThat(lines).anyMatch(l -> l.trim().startsWith(t + " "));
        }
        var json = run("capacity", "--vectors", "10000000000", "--dim", "384", "--replicas", "2", "--compare",
                "--json");
        var rows = JsonParser.parseString(json.out()).getAsJsonArray();
        assertThat(rows.size()).isEqualTo(8);
        assertThat(rows.asList().stream().filter(e -> e.getAsJsonObject().has("cheapest")
                && e.getAsJsonObject().get("cheapest").getAsBoolean())).hasSize(1)
                .allMatch(e -> !e.getAsJsonObject().get("lossy").getAsBoolean());
        assertThat(rows.asList().stream().filter(e -> e.getAsJsonObject().get("lossy").getAsBoolean()))
                .hasSize(4).allMatch(e -> e.getAsJsonObject().get("recallTrade").getAsString().contains("milvus.io"));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] cases = {
            {"capacity", "--dim", "384"},
            {"capacity", "--vectors", "ten", "--dim", "384"},
            {"capacity", "--vectors", "0", "--dim", "384"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--index", "LSH"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--node-type", "t3.micro"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--replicas", "11"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--param", "M=16"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--index", "IVF_PQ", "--param", "m=7"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--frobnicate"},
        };
        var missingValue = run("capacity", "--vectors", "1000", "--dim");
        assertThat(missingValue.code()).isEqualTo(Cli.INVALID);
        assertThat(missingValue.err().lines().toList()).hasSize(1);
        assertThat(missingValue.err()).startsWith("error: capacity: ").contains("--dim");
        for (var args : cases) {
            var r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Cli.INVALID);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).startsWith("error: capacity: --").contains("accepted").as(String.join(" ", args));
        }
    }
}
