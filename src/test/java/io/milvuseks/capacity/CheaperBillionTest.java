package io.milvuseks.capacity;

import io.milvuseks.config.ConfigProblem;
import io.milvuseks.config.ElementType;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.Arch;
import io.milvuseks.instances.ImageArchitectures;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 24 items 5 and 6: DiskANN's I/O bound, the local-NVMe and Graviton types and where they are refused, the
 * refine indexes, and the configuration keys behind them.
 */
class CheaperBillionTest {

    @Test
    void everyInstanceStoreTypeHasItsPublishedRandomReadIopsAndGravitonTypesAreArm64() {
        for (var t : InstanceCatalog.ec2Types()) {
            assertThat(t.randomReadIops() > 0).as(t.name()).isEqualTo(t.hasLocalNvme());
            // Graviton: a 'g' after the generation digit (r7g, m7gd, r8gn, i8g, c7g)
            assertThat(t.arch() == Arch.ARM64).as(t.name()).isEqualTo(t.name().matches("[a-z]+\\d+g[a-z]*\\..*"));
        }
        // EC2 instance-type guide, instance store specifications
        assertThat(InstanceCatalog.requireEc2("m6idn.4xlarge").randomReadIops()).isEqualTo(268_333);
        assertThat(InstanceCatalog.requireEc2("i4i.8xlarge").randomReadIops()).isEqualTo(800_000);
        assertThat(InstanceCatalog.requireEc2("i8g.8xlarge").randomReadIops()).isEqualTo(1_200_000);
    }

    @Test
    void diskAnnIsBoundByItsDisksRandomReadsWhenTheyRunOutFirst() {
        var in = new CapacityInput(1_000_000_000L, 384, ElementType.FLOAT32, new IndexSpec(IndexType.DISKANN,
                Map.of()), true, 1, 200, 100, 1, 0,
                Map.of(NodeRole.QUERY, PoolSpec.unbounded("m6idn.4xlarge", 200),
                        NodeRole.DATA, PoolSpec.unbounded("m6in.4xlarge", 200)),
                MessageQueue.WOODPECKER, Optional.empty(), 30, false, Platform.PROD_DEFAULT);
        var plan = CapacityPlanner.plan(in, MeasuredRates.NONE, 1);
        // 410 segments; a search reads 0.7659 x search_list 100 = 76.59 sectors of each (microsoft/DiskANN):
        //   100 QPS x 410 x 76.59 = 3,140,190 reads/s over 268,333 x 0.8 per m6idn.4xlarge = 14.63 -> 15 nodes;
        //   the CPU: 100 x 410 / (16 x 228.75) = 11.2 -> 12; memory 4 (with mmap'd scalars): IOPS binds, 15
        assertThat(plan.segmentsPerReplica()).isEqualTo(410);
        assertThat(plan.search().reads()).isCloseTo(76.59, within(1e-9));
        assertThat(plan.query().byIops()).isEqualTo(15);
        assertThat(plan.query().byCpu()).isEqualTo(12);
        assertThat(plan.queryBound()).isEqualTo("iops");
        assertThat(plan.nodeCount(NodeRole.QUERY)).isEqualTo(15);
        // they serve the lower of their two ceilings: 15 x 268,333 x 0.8 / 76.59 / 410 = 102.5 QPS
        assertThat(plan.query().qpsServed()).isCloseTo(15 * 268_333 * 0.8 / 76.59 / 410, within(1e-6));
        assertThat(CapacityReport.text(plan)).contains("on local-disk IOPS 15 (76.6 reads per segment search, "
                + "268,333 IOPS per node at 80 %): bound by iops");
        // an in-memory index makes no disk reads; an mmap'd one reads what the page cache does not hold
        var hnsw = CapacityPlanner.plan(in.withIndex(new IndexSpec(IndexType.HNSW, Map.of("M", 16))).withMmap(false),
                MeasuredRates.NONE, 1);
        assertThat(hnsw.search().reads()).isZero();
        var mmapped = CapacityPlanner.plan(in.withIndex(new IndexSpec(IndexType.HNSW, Map.of("M", 16))),
                MeasuredRates.NONE, 1);
        // ef 100 x M 16 neighbour vectors, 70 % outside the page cache
        assertThat(mmapped.search().reads()).isCloseTo(100 * 16 * 0.7, within(1e-9));
    }

    @Test
    void gravitonIsOfferedOnlyWhereEveryImageOfThePoolHasArm64() {
        // the Milvus image's arm64 variant is unproven: no Milvus pool runs Graviton unless assumed for a what-if
        for (var role : new NodeRole[] {NodeRole.QUERY, NodeRole.DATA, NodeRole.COORD}) {
            assertThat(ImageArchitectures.blocking(role, false)).contains(ImageArchitectures.MILVUS);
            assertThat(ImageArchitectures.runs(InstanceCatalog.requireEc2("r7g.8xlarge"), role, false)).isFalse();
            assertThat(ImageArchitectures.runs(InstanceCatalog.requireEc2("r7g.8xlarge"), role, true)).isTrue();
        }
        // etcd's image has no arm64 at all: the infra pool never runs Graviton, not even as a what-if
        assertThat(ImageArchitectures.blocking(NodeRole.INFRA, true)).containsExactly(ImageArchitectures.ETCD);
        assertThat(ImageArchitectures.runs(InstanceCatalog.requireEc2("m7g.8xlarge"), NodeRole.INFRA, true)).isFalse();
        // x86_64 always runs
        assertThat(ImageArchitectures.runs(InstanceCatalog.requireEc2("m6in.4xlarge"), NodeRole.INFRA, false)).isTrue();
        // the comparison offers Graviton query types only in the what-if
        var base = CapacityCostTest.cli(1, 100, 0.95);
        var what = IndexComparison.compare(base, new IndexComparison.Options(MeasuredRates.NONE, 1, true));
        assertThat(what).anyMatch(r -> r.plan().isPresent() && InstanceCatalog.requireEc2(r.plan().get().input()
                .pool(NodeRole.QUERY).instanceType()).graviton());
        assertThat(IndexComparison.compare(base, new IndexComparison.Options(MeasuredRates.NONE, 1, false)))
                .noneMatch(r -> r.plan().isPresent() && InstanceCatalog.requireEc2(r.plan().get().input()
                        .pool(NodeRole.QUERY).instanceType()).graviton());
    }

    @Test
    void refineIndexesKeepTheirCodesAndARefineCopy() {
        var spec = new IndexSpec(IndexType.HNSW_SQ, Map.of("M", 16, "efConstruction", 300),
                Map.of("sq_type", "SQ4U", "refine", "true", "refine_type", "FP16"));
        var fp = IndexFootprint.of(spec, 384, ElementType.FLOAT32);
        // SQ4U codes 384 x 0.5 = 192 B + the M=16 graph (32 x 4 + 4 + 8 + 8 + 68 / 15 = 152.53 B) + FP16 768 B
        assertThat(fp.memoryPerVector()).isCloseTo(192 + 152.533 + 768, within(1e-3));
        assertThat(IndexProfile.of(spec).variant()).isEqualTo("HNSW_SQ+refine");
        assertThat(IndexProfile.of(spec).searchParams(spec)).isEqualTo(Map.of("ef", 200, "refine_k", 1));
        var rabitq = new IndexSpec(IndexType.IVF_RABITQ, Map.of("nlist", 4096), Map.of("refine", "true",
                "refine_type", "SQ8"));
        // 48 code bytes + 8 factors + 8 id + an SQ8 copy of 384
        assertThat(IndexFootprint.of(rabitq, 384, ElementType.FLOAT32).memoryPerVector()).isEqualTo(448);
        // published 0.947: under a 0.95 floor, never recommended there
        assertThat(IndexProfile.of(rabitq).meets(0.95)).isFalse();
    }

    @Test
    void theRefineKeysAreConfigurableAndCheckedAgainstTheImage() {
        var ok = Stacks.settings("staging", Map.of("collection", "{\"dim\": 384, \"index\": {\"type\": \"HNSW_SQ\", "
                + "\"params\": {\"M\": 16, \"efConstruction\": 300, \"sq_type\": \"SQ4U\", \"refine\": true, "
                + "\"refine_type\": \"FP16\"}}}"));
        assertThat(ok.collection().index().options()).containsEntry("refine", "true").containsEntry("sq_type", "SQ4U")
                .containsEntry("refine_type", "FP16");
        assertThat(problems("{\"type\": \"HNSW_SQ\", \"params\": {\"refine_type\": \"FP16\"}}", "v2.6.15"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("without refine: true"));
        assertThat(problems("{\"type\": \"HNSW_SQ\", \"params\": {\"refine\": true, \"refine_type\": \"SQ6\"}}",
                "v2.6.15")).singleElement().satisfies(p -> assertThat(p.message())
                .contains("not more precise than the codes it reranks (sq_type SQ8)"));
        assertThat(problems("{\"type\": \"HNSW_SQ\", \"params\": {\"sq_type\": \"SQ3\"}}", "v2.6.15"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("SQ4U | SQ6 | SQ8 | FP16 | BF16"));
        assertThat(problems("{\"type\": \"IVF_FLAT\", \"params\": {\"refine\": true}}", "v2.6.15"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("unknown key"));
        // SQ4U is Milvus 2.6.8 and later; IVF_RABITQ 2.6
        assertThat(problems("{\"type\": \"HNSW_SQ\", \"params\": {\"sq_type\": \"SQ4U\"}}", "v2.6.7"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("needs Milvus v2.6.8 or later, "
                        + "milvusImageTag is v2.6.7"));
        assertThat(problems("{\"type\": \"IVF_RABITQ\"}", "v2.6.7")).isEmpty();
    }

    private static java.util.List<ConfigProblem> problems(String index, String tag) {
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> Stacks.settings("staging", Map.of(
                "collection", "{\"dim\": 384, \"index\": " + index + "}", "milvusImageTag", tag,
                "milvusChartVersion", "5.0.19")));
        return ex == null ? java.util.List.of() : ex.problems();
    }
}
