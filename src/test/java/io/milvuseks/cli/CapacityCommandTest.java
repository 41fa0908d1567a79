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
        // 50 QPS: memory binds (at the default 100, QPS would: CapacityCostTest)
        var r = run("capacity", "--vectors", "1000000000", "--dim", "384", "--replicas", "2", "--index", "IVF_FLAT",
                "--qps", "50");
        assertThat(r.code()).isEqualTo(Cli.OK);
        assertThat(r.err()).isEmpty();
        // 1.54 TB raw per replica, one shard: 410 segments of 2,440,322 rows; on the 3 %-margin pod (59,014 MiB)
        // 38.99 GB usable a node: 46 per replica, 9 whole segments each (38.93 GB), 92 x m6in.4xlarge; segments at
        // 69.9 % of each pod + 10 % runtime, under the 85 % write-throttle water level
        assertThat(r.out()).contains("raw vectors 1.54 TB").contains("92 x m6in.4xlarge").contains("410 segments")
                .contains("segments 69.9 % at peak (budget 70 %").contains("= 79.9 %")
                .contains("under Milvus' write-throttle low water level 85 %").contains("eks control plane")
                .contains("total");
    }

    @Test
    void jsonCarriesTheSameFigures() {
        var r = run("capacity", "--vectors", "1e9", "--dim", "384", "--replicas", "2", "--node-type", "r6in.4xlarge",
                "--qps", "0", "--json");
        assertThat(r.code()).isEqualTo(Cli.OK);
        var json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(json.get("rawVectorBytes").getAsDouble()).isEqualTo(1.536e12);
        assertThat(json.get("queryNodeType").getAsString()).isEqualTo("r6in.4xlarge");
        // 128 GiB nodes: about half the 92 of the 64 GiB type
        int nodes = json.get("queryNodes").getAsInt();
        assertThat(nodes).isBetween(40, 46);
        assertThat(json.get("querySegmentShare").getAsDouble()).isLessThanOrEqualTo(0.70);
        assertThat(json.get("queryNodeMemoryBytes").getAsDouble())
                .isGreaterThanOrEqualTo(json.get("indexMemoryBytes").getAsDouble());
        double pools = json.getAsJsonObject("pools").entrySet().stream()
                .mapToDouble(e -> e.getValue().getAsJsonObject().get("usdPerMonth").getAsDouble()).sum();
        double platform = json.getAsJsonObject("platformUsdPerMonth").entrySet().stream()
                .mapToDouble(e -> e.getValue().getAsDouble()).sum();
        // and the backups the prod stack takes by default (daily, 14 days), on their own line
        assertThat(json.get("backupUsdPerMonth").getAsDouble()).isPositive();
        assertThat(json.get("totalUsdPerMonth").getAsDouble())
                .isCloseTo(pools + json.get("s3UsdPerMonth").getAsDouble() + platform
                        + json.get("backupUsdPerMonth").getAsDouble(), org.assertj.core.data.Offset.offset(0.05));
        // the headline: standing $/M vectors/month per replica, backups apart, the managed tiers beside it
        double total = json.get("totalUsdPerMonth").getAsDouble() - json.get("backupUsdPerMonth").getAsDouble();
        assertThat(json.get("usdPerMillionVectorsPerReplica").getAsDouble())
                .isCloseTo(total / 1000 / 2, org.assertj.core.data.Offset.offset(0.01));
        assertThat(json.getAsJsonArray("managedAnchors").size()).isEqualTo(3);
    }

    @Test
    void compareRecommendsOnlyAtTheFloorAndPutsDiskAnnOnNvme() {
        var r = run("capacity", "--vectors", "10000000000", "--dim", "384", "--replicas", "2", "--compare");
        assertThat(r.code()).isEqualTo(Cli.OK);
        var lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("recall >= 0.95").contains("100 QPS");
        // one recommendation, at the floor; every lossy index marked with its expected recall and source
        var rec = lines.stream().filter(l -> l.contains("<- recommended: cheapest with recall >= 0.95")).toList();
        assertThat(rec).hasSize(1);
        assertThat(rec.get(0).trim()).startsWith("DISKANN").containsAnyOf("i4i.", "m6idn.", "r6idn.", "r6id.", "i7i.");
        for (var t : new String[] {"IVF_SQ8", "IVF_PQ", "IVF_RABITQ", "IVF_RABITQ+refine"}) {
            assertThat(lines).anyMatch(l -> l.trim().startsWith(t + " ") && l.contains("(below the 0.95 floor, lossy)"));
            assertThat(lines).anyMatch(l -> l.trim().startsWith(t + " ") && l.contains("lossy: published recall")
                    && l.contains("milvus.io/docs/"));
        }
        // the goal line: the recommendation against $8.00/M (80 % of the managed capacity-optimized tier at 384-d)
        assertThat(r.out()).contains("target $8.00/M: the recommendation meets it");
        // Graviton is not offered while the Milvus image's arm64 is unproven, and the report says why
        assertThat(r.out()).contains("Graviton (arm64) query types not offered: milvusdb/milvus unproven");
        assertThat(lines.stream().filter(l -> l.contains(" r7g") || l.contains(" i8g") || l.contains(" m7g")))
                .isEmpty();
        assertThat(lines.stream().filter(l -> l.trim().startsWith("FLAT")).findFirst().orElseThrow())
                .contains("excluded");
        assertThat(r.out()).contains("$/M vectors/month per replica: $").contains("tiered-storage ~$3.50");
        // a floor no index meets: nothing is recommended
        var none = run("capacity", "--vectors", "10000000000", "--dim", "384", "--compare", "--min-recall", "1");
        assertThat(none.out()).contains("nothing recommended").doesNotContain("<- recommended");
        var json = run("capacity", "--vectors", "10000000000", "--dim", "384", "--replicas", "2", "--compare",
                "--json");
        var rows = JsonParser.parseString(json.out()).getAsJsonArray();
        assertThat(rows.size()).isEqualTo(10);
        assertThat(rows.asList().stream().filter(e -> e.getAsJsonObject().get("recommended").getAsBoolean()))
                .hasSize(1).allMatch(e -> e.getAsJsonObject().get("expectedRecall").getAsDouble() >= 0.95);
        assertThat(rows.asList().stream().filter(e -> e.getAsJsonObject().get("lossy").getAsBoolean()))
                .hasSize(6).allMatch(e -> e.getAsJsonObject().get("recallTrade").getAsString().contains("milvus.io"));
        // the Graviton what-if compares arm64 types too, labelled as such
        var arm = run("capacity", "--vectors", "1e9", "--dim", "384", "--compare", "--assume-arm64");
        assertThat(arm.out()).contains("Graviton assumed to run the images (what-if)")
                .containsPattern("r7g\\.8xlarge|m7g\\.8xlarge|r8g\\.8xlarge|i8g\\.8xlarge");
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
            {"capacity", "--vectors", "1000", "--dim", "384", "--min-recall", "0"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--min-recall", "1.5"},
            {"capacity", "--vectors", "1000", "--dim", "384", "--min-recall", "high"},
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
