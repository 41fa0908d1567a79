package io.milvuseks.upgrade;

import io.milvuseks.config.ConfigProblem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UpgradeRulesTest {

    private static final String KEY = "milvus-eks:milvusImageTag";

    private static MilvusVersion v(String s) {
        return MilvusVersion.parse(s).orElseThrow();
    }

    private static PreviousOutputs running(String queue, String image, String chart) {
        return new PreviousOutputs("prev.json", Optional.of("prod"), true, Optional.of(queue), Optional.ofNullable(image),
                Optional.ofNullable(chart));
    }

    private static Desired want(String queue, String image, String chart) {
        return new Desired("milvus-eks", "prod", queue, image, chart);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "v2.6.15, v2.6.15, ok",
        "v2.6.14, v2.6.15, ok",
        "v2.6.0, v2.6.15, ok",
        "v2.5.16, v2.6.15, ok",
        "v2.5.16, v2.6.0, ok",
        "v2.5.20, v2.6.15, ok",
        "v2.4.17, v2.5.16, ok",
        "v2.5.15, v2.6.15, 'only from v2.5.16 or newer with mixCoord'",
        "v2.5.4, v2.6.0, 'only from v2.5.16 or newer with mixCoord'",
        "v2.6.15, v2.6.14, 'downgrade'",
        "v2.6.0, v2.5.16, 'downgrade'",
        "v2.4.17, v2.6.15, 'skips a minor'",
        "v2.6.15, v3.0.0, 'major upgrade'",
    })
    void releasePath(String from, String to, String expected) {
        var problem = UpgradeRules.release(v(from), v(to), KEY);
        if (expected.equals("ok")) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).get().extracting(ConfigProblem::toString).asString()
                    .startsWith("config error: " + KEY + ": " + to).contains(expected).contains("; accepted: ")
                    .doesNotContain("\n");
        }
    }

    @Test
    void theRefusalOfA25To26JumpNamesTheStepAndItsChart() {
        assertThat(UpgradeRules.release(v("2.5.14"), v("2.6.15"), KEY)).get().extracting(ConfigProblem::message)
                .asString().contains("accepted: v2.5.16 (chart 4.2.58) first, then v2.6.15");
    }

    @Test
    void aQueueSwitchUnderARunningMilvusIsRefusedButNotBeforeMilvusRuns() {
        var verdict = UpgradeRules.check(running("pulsar", "v2.6.15", "5.0.19"), want("msk", "v2.6.15", "5.0.19"));
        assertThat(verdict.problems()).singleElement().extracting(ConfigProblem::toString).asString()
                .startsWith("config error: milvus-eks:messageQueue: the running Milvus writes its log to pulsar")
                .contains("#47806", "accepted: pulsar");
        var beforeMilvus = new PreviousOutputs("prev.json", Optional.empty(), false, Optional.of("pulsar"), Optional.empty(),
                Optional.empty());
        var first = UpgradeRules.check(beforeMilvus, want("msk", "v2.6.15", "5.0.19"));
        assertThat(first.problems()).isEmpty();
        assertThat(first.notes()).singleElement().asString().contains("no Milvus release yet");
    }

    @Test
    void aChartRollbackIsOneLineEvenWhenTheImageRollsBackWithIt() {
        var both = UpgradeRules.check(running("msk", "v2.6.15", "5.0.19"), want("msk", "v2.6.14", "5.0.17"));
        assertThat(both.problems()).singleElement().extracting(ConfigProblem::key).isEqualTo(KEY);
        // same image, older chart (both ship 2.6.6): the chart line
        var chartOnly = UpgradeRules.check(running("msk", "v2.6.6", "5.0.9"), want("msk", "v2.6.6", "5.0.8"));
        assertThat(chartOnly.problems()).singleElement().extracting(ConfigProblem::key)
                .isEqualTo("milvus-eks:milvusChartVersion");
    }

    @Test
    void withoutAnImageTagTheChartTellsTheRunningReleaseAndWithNeitherItSaysSo() {
        var fromChart = UpgradeRules.check(running("msk", null, "4.2.56"), want("msk", "v2.6.15", "5.0.19"));
        assertThat(fromChart.problems()).singleElement().extracting(ConfigProblem::message).asString()
                .contains("from v2.5.14");
        var unknown = UpgradeRules.check(running("msk", null, null), want("msk", "v2.6.15", "5.0.19"));
        assertThat(unknown.problems()).isEmpty();
        assertThat(unknown.notes()).singleElement().asString().contains("was not checked");
    }

    @Test
    void anAcceptedUpgradeSaysWhatItChecked() {
        var ok = UpgradeRules.check(running("msk", "v2.5.16", "4.2.58"), want("msk", "v2.6.15", "5.0.19"));
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.notes()).singleElement().asString()
                .contains("v2.5.16 -> v2.6.15", "4.2.58 -> 5.0.19", "on the documented path");
    }

    @Test
    void anotherStacksOutputsAreRefusedNotChecked() {
        var staging = new PreviousOutputs("staging.json", Optional.of("staging"), true, Optional.of("pulsar"),
                Optional.of("v2.6.15"), Optional.of("5.0.19"));
        assertThat(UpgradeRules.check(staging, want("msk", "v2.6.15", "5.0.19")).problems()).singleElement()
                .extracting(ConfigProblem::toString).asString()
                .isEqualTo("config error: milvus-eks:environment: the previous outputs staging.json are of a staging "
                        + "stack, this one is prod; accepted: this stack's own 'pulumi stack output --json'");
    }

    @Test
    void everyTableRowIsAPairAndNoOtherReleaseIs() {
        var releases = ChartImageTable.all().values().stream().distinct().toList();
        ChartImageTable.all().forEach((chart, ships) -> releases.forEach(r -> assertThat(
                UpgradeRules.pair(want("msk", r.tag(), chart.toString()))).as(chart + " with " + r)
                .hasSize(r.equals(ships) ? 0 : 1)));
    }

    @ParameterizedTest
    @CsvSource({"5.0.19, v2.6.15, ok", "5.0.19, v2.6.15-gpu, ok", "4.2.58, v2.5.16, ok",
            "5.0.19, v2.6.14, 'accepted: v2.6.15 with chart 5.0.19, or chart 5.0.17 for v2.6.14'",
            "5.0.17, v2.6.15, 'or chart 5.0.19 for v2.6.15'",
            "5.0.18, v2.6.15, 'not in the chart/image table'"})
    void chartImagePairs(String chart, String image, String expected) {
        var problems = UpgradeRules.pair(want("msk", image, chart));
        if (expected.equals("ok")) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().extracting(ConfigProblem::toString).asString().contains(expected);
        }
    }

    @Property
    void stayingPutIsAlwaysAccepted(@ForAll("versions") MilvusVersion v) {
        assertThat(UpgradeRules.release(v, v, KEY)).isEmpty();
    }

    @Property
    void goingBackIsAlwaysRefused(@ForAll("versions") MilvusVersion a, @ForAll("versions") MilvusVersion b) {
        if (b.compareTo(a) < 0) {
            assertThat(UpgradeRules.release(a, b, KEY)).get().extracting(ConfigProblem::message).asString()
                    .contains("downgrade");
        }
    }

    @Property
    void aPatchUpgradeWithinAMinorIsAlwaysAccepted(@ForAll("versions") MilvusVersion a,
                                                   @ForAll("versions") MilvusVersion b) {
        if (a.sameMinor(b) && b.compareTo(a) >= 0) {
            assertThat(UpgradeRules.release(a, b, KEY)).isEmpty();
        }
    }

    /** Any accepted hop lands at most one minor up, and from 2.5 only via 2.5.16: the path cannot be skipped. */
    @Property
    void anAcceptedHopNeverSkipsTheDocumentedStep(@ForAll("versions") MilvusVersion a,
                                                  @ForAll("versions") MilvusVersion b) {
        if (UpgradeRules.release(a, b, KEY).isEmpty()) {
            assertThat(b.major()).isEqualTo(a.major());
            assertThat(b.minor()).isBetween(a.minor(), a.minor() + 1);
            if (a.major() == 2 && a.minor() == 5 && b.minor() == 6) {
                assertThat(a.patch()).isGreaterThanOrEqualTo(16);
            }
        }
    }

    @Provide
    Arbitrary<MilvusVersion> versions() {
        return Combinators.combine(Arbitraries.integers().between(2, 3), Arbitraries.integers().between(3, 7),
                Arbitraries.integers().between(0, 25)).as(MilvusVersion::new);
    }
}
