package io.milvuseks.config;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Stack files a new user writes by mistake that the parser used to let through or report badly (issue 16.3). Each
 * starts from a real stack file (read from YAML text, as {@code plan} reads it), so the YAML-to-wire step is tested
 * too.
 */
class BadStackFilesTest {

    private static final String NS = "milvus-eks:";

    private static String stackText(String stack) throws IOException {
        return Files.readString(StackFile.pathFor(Stacks.PROJECT_DIR, stack));
    }

    private static RawConfig parseYaml(String text, String stack) {
        return StackFile.parse(text, "Pulumi." + stack + ".yaml", Stacks.PROJECT, stack);
    }

    private static List<ConfigProblem> problems(RawConfig raw) {
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> SettingsParser.parse(raw));
        assertThat(ex).as("the stack must be refused").isNotNull();
        return ex.problems();
    }

    // ---- an empty value inside a structured key ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"    metric: COSINE", "    replicas: 1", "      type: HNSW", "    shards: 2",
            "    mmap: false", "    name: documents"})
    void anEmptyNestedValueIsReportedNotDefaulted(String line) throws IOException {
        var text = stackText("staging");
        assertThat(text).contains(line + "\n");
        var member = line.trim().substring(0, line.trim().indexOf(':'));
        var emptied = text.replace(line + "\n", line.substring(0, line.indexOf(':') + 1) + "\n");

        var found = problems(parseYaml(emptied, "staging"));

        var path = NS + "collection." + (member.equals("type") ? "index.type" : member);
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(path);
            assertThat(p.message()).contains("has no value", "accepted:", "remove the key for its default");
        });
    }

    @Test
    void anEmptyNestedMapOrPoolIsReported() throws IOException {
        var text = stackText("staging");
        var emptiedIndex = text.replace("    index:\n      type: HNSW\n      params:\n        M: 16\n"
                + "        efConstruction: 200\n", "    index:\n");
        assertThat(problems(parseYaml(emptiedIndex, "staging"))).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo(NS + "collection.index"))
                .satisfies(p -> assertThat(p.message()).contains("has no value"));
        var emptiedMin = text.replace("      min: 1\n      max: 6\n", "      min:\n      max: 6\n");
        assertThat(problems(parseYaml(emptiedMin, "staging"))).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo(NS + "nodePools.query.min"))
                .satisfies(p -> assertThat(p.message()).contains("has no value", "1..1000"));
    }

    // ---- numbers out of range ---------------------------------------------------------------------------------

    @Test
    void hugeNumbersAreOutOfRangeNotFractions() throws IOException {
        var text = stackText("staging");
        var nested = text.replace("    shards: 2\n", "    shards: 1e30\n");
        assertThat(problems(parseYaml(nested, "staging"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(NS + "collection.shards");
            assertThat(p.message()).contains("1.0E30 is out of range", "1..16").doesNotContain("whole number");
        });
        var bigInt = text.replace("    vectors: 10000000\n", "    vectors: 99999999999999999999999\n");
        assertThat(problems(parseYaml(bigInt, "staging"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(NS + "capacity.vectors");
            assertThat(p.message()).contains("out of range").doesNotContain("whole number");
        });
        var top = text.replace("  milvus-eks:etcdReplicas: 3\n", "  milvus-eks:etcdReplicas: -1e30\n");
        assertThat(problems(parseYaml(top, "staging"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(NS + "etcdReplicas");
            assertThat(p.message()).contains("out of range").doesNotContain("whole number");
        });
        // a fraction is still a fraction
        var fraction = text.replace("    shards: 2\n", "    shards: 2.5\n");
        assertThat(problems(parseYaml(fraction, "staging"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not a whole number"));
    }

    // ---- follow-on errors -------------------------------------------------------------------------------------

    @Test
    void twoZonesInProdIsOneProblemNotAlsoTheBrokerMultiple() {
        var found = problems(Stacks.raw("prod", Map.of("availabilityZones", "[\"us-east-1a\",\"us-east-1b\"]")));
        assertThat(found).extracting(ConfigProblem::key).containsExactly(NS + "availabilityZones");
    }

    @Test
    void aBadIndexTypeIsNotAlsoReportedAsParametersTheDefaultTypeDoesNotTake() {
        var found = problems(Stacks.raw("prod", Map.of("collection",
                "{\"index\": {\"type\": \"SCANN\", \"params\": {\"M\": 16}}}")));
        assertThat(found).extracting(ConfigProblem::key).containsExactly(NS + "collection.index.type");
    }

    @Test
    void aBadDimIsNotAlsoReportedAsAnIndexParameterThatDoesNotDivideIt() {
        var found = problems(Stacks.raw("prod", Map.of("collection",
                "{\"dim\": 1, \"index\": {\"type\": \"IVF_PQ\", \"params\": {\"m\": 7}}}")));
        assertThat(found).extracting(ConfigProblem::key).containsExactly(NS + "collection.dim");
    }

    @Test
    void aMissingCapacityIsNotAlsoAMissingVectorCount() {
        var without = new java.util.HashMap<String, String>();
        without.put("capacity", null);
        assertThat(problems(Stacks.raw("prod", without))).extracting(ConfigProblem::key)
                .containsExactly(NS + "capacity");
        assertThat(problems(Stacks.raw("prod", Map.of("capacity", "[1]")))).extracting(ConfigProblem::key)
                .containsExactly(NS + "capacity");
    }

    @Test
    void theBrokerMultipleIsStillCheckedWhenTheZonesAreRight() {
        assertThat(problems(Stacks.raw("prod", Map.of("msk", "{\"brokerCount\": 4}"))))
                .extracting(ConfigProblem::key).containsExactly(NS + "msk.brokerCount");
    }

    // ---- public endpoint CIDRs --------------------------------------------------------------------------------

    @Test
    void halvesOfTheInternetAreRefusedInProd() {
        var found = problems(Stacks.raw("prod", Map.of("publicAccessCidrs", "[\"0.0.0.0/1\", \"128.0.0.0/1\"]")));
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(NS + "publicAccessCidrs");
            assertThat(p.message()).contains("4294967296 addresses", "at most 65536");
        });
    }

    @Test
    void manySmallRangesCountTogetherAndOverlapsCountOnce() {
        // 2 x /16 = 131072 addresses: too broad together, though each is allowed alone
        assertThat(problems(Stacks.raw("prod", Map.of("publicAccessCidrs", "[\"52.10.0.0/16\", \"52.11.0.0/16\"]"))))
                .extracting(ConfigProblem::key).containsExactly(NS + "publicAccessCidrs");
        // a /16 and a /24 inside it: the union is still one /16
        var ok = Stacks.settings("prod", Map.of("publicAccessCidrs", "[\"52.10.0.0/16\", \"52.10.3.0/24\"]"));
        assertThat(ok.cluster().publicAccessCidrs()).hasSize(2);
        // staging is not limited (the CI bad stack relies on the policy pack catching 0.0.0.0/0)
        assertThat(Stacks.settings("staging", Map.of("publicAccessCidrs", "[\"0.0.0.0/1\", \"128.0.0.0/1\"]"))
                .cluster().publicAccessCidrs()).hasSize(2);
    }

    @Test
    void documentationRangesArePlaceholdersInEveryEnvironment() {
        for (var range : List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.19.0.0/16",
                "198.18.4.0/24", "203.0.113.128/25")) {
            for (var stack : List.of("staging", "prod")) {
                var settings = Stacks.settings(stack, Map.of("publicAccessCidrs", "[\"" + range + "\"]"));
                assertThat(PlaceholderValues.problems(Stacks.PROJECT, settings)).as(stack + " " + range).singleElement()
                        .satisfies(p -> {
                            assertThat(p.key()).isEqualTo(NS + "publicAccessCidrs");
                            assertThat(p.message()).contains(range, "reserved range (RFC ", "accepted:");
                        });
            }
        }
        // a real range, and one that merely contains a documentation range, are not placeholders
        assertThat(PlaceholderValues.problems(Stacks.PROJECT, Stacks.settings("staging",
                Map.of("publicAccessCidrs", "[\"52.10.0.0/16\", \"0.0.0.0/0\"]")))).isEmpty();
        assertThat(PlaceholderValues.problems(Stacks.PROJECT, Stacks.settings("prod"))).isEmpty();
    }

    @Test
    void theCommittedStagingRangeIsMarkedAndFlagged() throws IOException {
        var text = stackText("staging");
        var marker = text.substring(0, text.indexOf("  milvus-eks:publicAccessCidrs:"));
        assertThat(marker.substring(marker.lastIndexOf("  milvus-eks:"))).contains("# PLACEHOLDER: 203.0.113.0/24");
        assertThat(PlaceholderValues.problems(Stacks.PROJECT, Stacks.settings("staging")))
                .extracting(p -> p.key() + ": " + p.message())
                .singleElement().asString().contains("publicAccessCidrs: 203.0.113.0/24", "RFC 5737");
    }

    // ---- encoding ---------------------------------------------------------------------------------------------

    @Test
    void aStackFileThatIsNotUtf8SaysSoWithTheLine(@TempDir Path dir) throws IOException {
        var text = stackText("staging").replace("name: documents", "name: d\u00e9cuments");
        var file = dir.resolve("Pulumi.staging.yaml");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        int line = (int) text.lines().takeWhile(l -> !l.contains("d\u00e9cuments")).count() + 1;

        assertThatThrownBy(() -> StackFile.read(file, Stacks.PROJECT, "staging"))
                .isInstanceOf(StackFile.UnreadableStackFile.class)
                .hasMessageContaining("is not UTF-8")
                .hasMessageContaining("line " + line)
                .hasMessageNotContaining("MalformedInput")
                .hasMessageNotContaining("Input length");
    }
}
