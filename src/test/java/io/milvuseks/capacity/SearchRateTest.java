package io.milvuseks.capacity;

import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.NodeRole;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 24 item 3: the rule that picks between a measured rate (bench/search-rates/results.json, schema 1) and the
 * published one, on a hand-made fixture (src/test/resources/capacity/search-rates-fixture.json: not measurements).
 * The fixture marks its "clustered" dataset {@code "kind": "embeddings"} so that measurements size (rule 1);
 * {@link #syntheticOnly()} is the same file without that mark, as the committed results file is (rule 2).
 */
class SearchRateTest {

    static MeasuredRates fixture() throws Exception {
        try (var in = SearchRateTest.class.getResourceAsStream("/capacity/search-rates-fixture.json")) {
            return MeasuredRates.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The fixture with every dataset synthetic, as bench/search-rates/results.json is today. */
    static MeasuredRates syntheticOnly() throws Exception {
        try (var in = SearchRateTest.class.getResourceAsStream("/capacity/search-rates-fixture.json")) {
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("\"kind\": \"embeddings\", ");
            return MeasuredRates.parse(text.replace("\"kind\": \"embeddings\", ", ""));
        }
    }

    static final IndexSpec IVF_FLAT = new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));
    /** Prod's segments: 512 shard x partition pairs of 1,953,125 rows at 384-d. */
    static final long ROWS = 1_953_125;

    @Test
    void measuredWinsMilvusEngineFirstScaledToThePlansSegments() throws Exception {
        var r = SearchRate.of(IVF_FLAT, ROWS, 384, 0.95, fixture());
        // the faiss result comes first in the file, but Milvus' own engine is preferred; its atRecall 0.95 point
        assertThat(r.measured()).get().satisfies(m -> assertThat(m.result().engine()).isEqualTo("milvus-2.3.5"));
        assertThat(r.searchParams()).isEqualTo(Map.of("nprobe", 16));
        assertThat(r.recall()).isEqualTo(0.953);
        assertThat(r.recallMeasured()).isTrue();
        // an IVF search scans a share of its segment: 230 on 1 M x 384 is 230 x 1e6 / 1,953,125 = 117.76 on ours
        assertThat(r.rate()).isCloseTo(117.76, within(1e-9));
        // the published rate beside it: 88.5 x 256,000,000 / 750,000,000 = 30.208; 3.9x apart: flagged
        assertThat(r.publishedRate()).isCloseTo(30.208, within(1e-9));
        assertThat(r.divergence()).get().asString().contains("3.9x the published 30").contains("more than 2x");
        // the uniform dataset at the same parameters: the hard case, shown, not sized with
        assertThat(r.hardCase()).get().asString().isEqualTo("uniform (hard case) at the same parameters: recall@10 "
                + "0.620, 225/vCPU-s");
        assertThat(r.rateSource()).startsWith("measured 230/vCPU-s (milvus-2.3.5, clustered 1M x 384-d");
    }

    @Test
    void syntheticMeasurementsAreShownBesideThePublishedFigureAndNeverSizeUnlessTheyMissTheFloor() throws Exception {
        var synthetic = syntheticOnly();
        assertThat(synthetic.sizingDataset()).isEmpty();
        assertThat(fixture().sizingDataset()).contains("clustered");
        var r = SearchRate.of(IVF_FLAT, ROWS, 384, 0.95, synthetic);
        var published = SearchRate.of(IVF_FLAT, ROWS, 384, 0.95, MeasuredRates.NONE);
        // sized with the published rate, recall and parameters: the clustered mixture is easier than embeddings
        assertThat(r.rate()).isEqualTo(published.rate());
        assertThat(r.recall()).isEqualTo(published.recall());
        assertThat(r.searchParams()).isEqualTo(published.searchParams()).isNotEqualTo(Map.of("nprobe", 16));
        assertThat(r.recallMeasured()).isFalse();
        // the measurement is shown beside it, with the divergence and the hard case
        assertThat(r.measured()).get().satisfies(m -> assertThat(m.scaledRate()).isCloseTo(117.76, within(1e-9)));
        assertThat(r.rateSource()).contains("measured on synthetic data, shown not sized with: 230/vCPU-s, recall@10 "
                + "0.953 at {nprobe=16} (milvus-2.3.5, clustered 1M x 384-d)");
        assertThat(r.divergence()).get().asString().contains("more than 2x");
        assertThat(r.hardCase()).isPresent();
        // a sweep that never reaches the floor on the easier data is below it on embeddings too
        var rabitq = SearchRate.of(new IndexSpec(IndexType.IVF_RABITQ, Map.of("nlist", 4096)), ROWS, 384, 0.95,
                synthetic);
        assertThat(rabitq.meets(0.95)).isFalse();
        assertThat(rabitq.recall()).isEqualTo(0.79);
        // and the plan sizes with the published rate: 530 query nodes for 500 QPS, as without a results file
        var in = CapacityPlannerExamplesTest.input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge", 500);
        assertThat(CapacityPlanner.plan(in, synthetic, 1).query().byCpu())
                .isEqualTo(CapacityPlanner.plan(in, MeasuredRates.NONE, 1).query().byCpu());
    }

    @Test
    void nprobeFollowsThePlansNlistAndAFloorWithoutAnAtRecallEntryTakesTheFastestSweepPointAboveIt() throws Exception {
        var wide = new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 8192));
        // measured at nlist 4096, nprobe 16: the same probed share of 8,192 lists is 32
        assertThat(SearchRate.of(wide, ROWS, 384, 0.95, fixture()).searchParams()).isEqualTo(Map.of("nprobe", 32));
        // 0.97: no atRecall entry; the sweep points at or above it: nprobe 32 (0.981, 110/s) only
        var r = SearchRate.of(IVF_FLAT, ROWS, 384, 0.97, fixture());
        assertThat(r.searchParams()).isEqualTo(Map.of("nprobe", 32));
        assertThat(r.recall()).isEqualTo(0.981);
        assertThat(r.rate()).isCloseTo(110 * 1e6 / ROWS, within(1e-9));
        // 56.3 against the published 30.2: within 2x, no flag
        assertThat(r.divergence()).isEmpty();
    }

    @Test
    void measuredAndNeverAtTheFloorIsBelowItWhateverThePublishedFigureSays() throws Exception {
        // IVF_FLAT's published recall is 0.952, but at 0.99 its measured sweep peaks at 0.981
        var r = SearchRate.of(IVF_FLAT, ROWS, 384, 0.99, fixture());
        assertThat(r.meets(0.99)).isFalse();
        assertThat(r.recall()).isEqualTo(0.981);
        assertThat(r.recallSource()).startsWith("measured: at most recall@10 0.981 on clustered (milvus-2.3.5)");
        // IVF_RABITQ without refine: the library sweep never passes 0.79
        var rabitq = SearchRate.of(new IndexSpec(IndexType.IVF_RABITQ, Map.of("nlist", 4096)), ROWS, 384, 0.95,
                fixture());
        assertThat(rabitq.meets(0.95)).isFalse();
        assertThat(rabitq.recall()).isEqualTo(0.79);
        // the refine variant has no measured result in the fixture: published (0.947)
        var refined = SearchRate.of(new IndexSpec(IndexType.IVF_RABITQ, Map.of("nlist", 4096),
                Map.of("refine", "true", "refine_type", "SQ8")), ROWS, 384, 0.95, fixture());
        assertThat(refined.measured()).isEmpty();
        assertThat(refined.recall()).isEqualTo(0.947);
    }

    @Test
    void graphRatesAreUsedAsMeasuredAndDiskAnnTakesItsMeasuredReads() throws Exception {
        var hnsw = SearchRate.of(new IndexSpec(IndexType.HNSW, Map.of("M", 30, "efConstruction", 360)), ROWS, 384,
                0.95, fixture());
        assertThat(hnsw.rate()).isEqualTo(4000.0);
        assertThat(hnsw.searchParams()).isEqualTo(Map.of("ef", 64));
        assertThat(hnsw.divergence()).get().asString().contains("6.2x the published 649");
        var diskann = SearchRate.of(new IndexSpec(IndexType.DISKANN, Map.of()), ROWS, 384, 0.95, fixture());
        assertThat(diskann.searchParams()).isEqualTo(Map.of("search_list", 50));
        assertThat(diskann.diskannReads()).isEqualTo(41.0);
        assertThat(diskann.readsSource()).startsWith("measured (diskannpy-0.7.0");
        // published: 0.7659 x search_list 100 (microsoft/DiskANN workflows/SSD_index.md)
        var published = SearchRate.of(new IndexSpec(IndexType.DISKANN, Map.of()), ROWS, 384, 0.95,
                MeasuredRates.NONE);
        assertThat(published.diskannReads()).isCloseTo(76.59, within(1e-9));
        assertThat(published.measured()).isEmpty();
        assertThat(published.recallSource()).contains("VectorDBBench");
    }

    @Test
    void thePlanAndItsReportCarryBothRatesAndTheDivergence() throws Exception {
        var in = CapacityPlannerExamplesTest.input(1_000_000_000L, IVF_FLAT, "m6in.4xlarge", 500);
        var plan = CapacityPlanner.plan(in, fixture(), 1);
        // 500 QPS x 512 segments / (16 vCPU x 117.76) = 135.9 -> 136 on the measured rate (530 on the published)
        assertThat(plan.query().byCpu()).isEqualTo(136);
        var out = CapacityReport.output(plan);
        assertThat(out).containsEntry("searchParams", Map.of("nprobe", 16)).containsEntry("expectedRecall", 0.953)
                .containsEntry("measuredSearchesPerVcpuSecond", 117.8).containsEntry("publishedSearchesPerVcpuSecond",
                        30.2).containsKey("rateDivergence").containsKey("hardCase");
        assertThat((String) out.get("measuredRates")).startsWith("measured 2026-12-07 on fixture CPU, 2 logical CPUs");
        assertThat(CapacityReport.text(plan)).contains("NOTE: measured 118/vCPU-s is 3.9x the published 30");
        // the comparison marks measured recall, and a measured-below-floor index is never recommended
        var rows = IndexComparison.compare(in, new IndexComparison.Options(fixture(), 1, false));
        var text = IndexComparison.text(rows);
        assertThat(text.lines().filter(l -> l.trim().startsWith("IVF_RABITQ ")).findFirst().orElseThrow())
                .contains(" 0.790 msr ").contains("below the 0.95 floor");
        assertThat(IndexComparison.recommended(rows).orElseThrow().recall()).isGreaterThanOrEqualTo(0.95);
        // without a results file: published figures only, and the report says so
        assertThat(CapacityReport.output(CapacityPlanner.plan(in, MeasuredRates.NONE, 1)).get("measuredRates"))
                .asString().startsWith("measured: none");
        assertThat(rows.get(0).plan()).isEmpty();
        assertThat(in.pool(NodeRole.QUERY).instanceType()).isEqualTo("m6in.4xlarge");
    }

    @Test
    void aFileOfAnotherSchemaOrNotJsonFailsLoudly() {
        assertThatThrownBy(() -> MeasuredRates.parse("{\"schema\": 2, \"results\": []}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema 2; this planner reads 1");
        assertThatThrownBy(() -> MeasuredRates.parse("not json")).isInstanceOf(IllegalStateException.class);
        assertThat(MeasuredRates.parse("{\"schema\": 1, \"results\": []}").describe()).startsWith("measured: none");
    }

    @Test
    void theJarCarriesTheCommittedResultsFileWhichIsSyntheticOnly() {
        // bench/search-rates/results.json is committed and the pom packages it; its datasets are synthetic, so the
        // planner shows them and sizes with the published figures (rule 2) until a dataset of embeddings is measured
        assertThat(getClass().getClassLoader().getResource(MeasuredRates.RESOURCE)).isNotNull();
        var bundled = MeasuredRates.bundled();
        assertThat(bundled.isEmpty()).isFalse();
        assertThat(bundled.sizingDataset()).isEmpty();
        assertThat(bundled.describe()).startsWith("measured ").contains("synthetic datasets only");
    }
}
