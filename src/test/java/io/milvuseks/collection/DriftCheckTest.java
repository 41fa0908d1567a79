package io.milvuseks.collection;

import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvuseks.config.CollectionSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DriftCheckTest {

    private static final ServerTraits MILVUS = ServerTraits.of("v2.6.15");
    private static final ServerTraits LITE = ServerTraits.of("milvus_lite-3.2.2");

    /** What a faithful server would describe for the spec, through the client's own response types. */
    static ObservedCollection faithful(CollectionSpec spec, boolean echoParams) {
        var req = SpecRequests.createCollection(spec);
        var described = DescribeCollectionResp.builder()
                .collectionName(spec.name())
                .collectionSchema(req.getCollectionSchema())
                .enableDynamicField(false)
                .shardsNum(spec.shards())
                .consistencyLevel(req.getConsistencyLevel())
                .numOfPartitions((long) spec.partitions())
                .properties(new HashMap<>(req.getProperties()))
                .build();
        var indexes = new ArrayList<DescribeIndexResp.IndexDesc>();
        for (var p : SpecRequests.indexParams(spec)) {
            var params = new HashMap<String, String>();
            if (echoParams && p.getExtraParams() != null) {
                p.getExtraParams().forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            indexes.add(DescribeIndexResp.IndexDesc.builder().fieldName(p.getFieldName()).indexName(p.getFieldName())
                    .indexType(p.getIndexType()).metricType(p.getMetricType()).extraParams(params)
                    .indexState(IndexBuildState.Finished).build());
        }
        return ObservedCollection.of(described, indexes, true, spec.replicas());
    }

    static ObservedCollection change(ObservedCollection o, java.util.function.UnaryOperator<Builder> f) {
        return f.apply(new Builder(o)).build();
    }

    /** A mutable copy for tests that change one thing. */
    static final class Builder {
        List<FieldShape> fields;
        boolean dynamic;
        Integer shards;
        String consistency;
        Long partitions;
        Map<String, String> properties;
        List<IndexShape> indexes;
        boolean loaded;
        Integer replicas;

        Builder(ObservedCollection o) {
            fields = new ArrayList<>(o.fields());
            dynamic = o.dynamicField();
            shards = o.shards();
            consistency = o.consistency();
            partitions = o.numPartitions();
            properties = new HashMap<>(o.properties());
            indexes = new ArrayList<>(o.indexes());
            loaded = o.loaded();
            replicas = o.replicas();
        }

        ObservedCollection build() {
            return new ObservedCollection(fields, dynamic, shards, consistency, partitions, properties, indexes,
                    loaded, replicas);
        }
    }

    @Test
    void aFaithfulServerIsInSync() {
        var spec = Specs.prod();
        var result = DriftCheck.compare(spec, faithful(spec, true), MILVUS);
        assertThat(result.drifts()).isEmpty();
        assertThat(result.inSync()).isTrue();
        assertThat(result.unchecked()).isEmpty();
    }

    @Test
    void aDifferentDimensionIsReportedByPath() {
        var spec = Specs.prod();
        var other = Specs.with("{\"dim\":128}");
        var result = DriftCheck.compare(spec, faithful(other, true), MILVUS);
        assertThat(result.drifts()).containsExactly(new Drift("field.embedding.dim", "384", "128"));
    }

    @Test
    void indexTypeMetricAndEchoedBuildParamsAreCompared() {
        var spec = Specs.with("{\"index\":{\"type\":\"IVF_FLAT\",\"params\":{\"nlist\":4096}}}");
        var hnsw = Specs.with("{\"index\":{\"type\":\"HNSW\"}}");
        assertThat(DriftCheck.compare(spec, faithful(hnsw, true), MILVUS).drifts())
                .containsExactly(new Drift("index.embedding.type", "IVF_FLAT", "HNSW"));

        var l2 = Specs.with("{\"index\":{\"type\":\"IVF_FLAT\",\"params\":{\"nlist\":4096}},\"metric\":\"L2\"}");
        assertThat(DriftCheck.compare(spec, faithful(l2, true), MILVUS).drifts())
                .containsExactly(new Drift("index.embedding.metric", "COSINE", "L2"));

        var nlist = Specs.with("{\"index\":{\"type\":\"IVF_FLAT\",\"params\":{\"nlist\":1024}}}");
        assertThat(DriftCheck.compare(spec, faithful(nlist, true), MILVUS).drifts())
                .containsExactly(new Drift("index.embedding.nlist", "4096", "1024"));

        var inverted = Specs.with("{\"index\":{\"type\":\"IVF_FLAT\",\"params\":{\"nlist\":4096}},"
                + "\"timestampIndex\":\"INVERTED\"}");
        assertThat(DriftCheck.compare(spec, faithful(inverted, true), MILVUS).drifts())
                .containsExactly(new Drift("index.timestamp.type", "STL_SORT", "INVERTED"));
    }

    @Test
    void buildParamsTheServerDoesNotEchoAreListedAsUnchecked() {
        var spec = Specs.with("{\"index\":{\"type\":\"IVF_FLAT\",\"params\":{\"nlist\":4096}}}");
        var nlist = Specs.with("{\"index\":{\"type\":\"IVF_FLAT\",\"params\":{\"nlist\":1024}}}");
        var result = DriftCheck.compare(spec, faithful(nlist, false), MILVUS);
        assertThat(result.drifts()).isEmpty();
        assertThat(result.unchecked()).anyMatch(u -> u.startsWith("index build params"));
    }

    @Test
    void shardsConsistencyPartitionsAndReplicasAreComparedWhereTheServerReportsThem() {
        var spec = Specs.prod();
        var other = Specs.with("{\"shards\":1,\"consistencyLevel\":\"STRONG\",\"partitions\":16,\"replicas\":1}");
        var observed = faithful(other, true);
        assertThat(DriftCheck.compare(spec, observed, MILVUS).drifts()).containsExactlyInAnyOrder(
                new Drift("shards", "8", "1"),
                new Drift("consistencyLevel", "BOUNDED", "STRONG"),
                new Drift("partitions", "64", "16"),
                new Drift("replicas", "2", "1"));

        // Milvus Lite describes every collection with 1 shard / STRONG / 16 partitions and has no describeReplicas.
        var lite = change(observed, b -> {
            b.replicas = null;
            return b;
        });
        var result = DriftCheck.compare(spec, lite, LITE);
        assertThat(result.drifts()).isEmpty();
        assertThat(result.unchecked()).hasSize(4);
    }

    @Test
    void schemaChangesAreDrift() {
        var spec = Specs.prod();
        var noKey = Specs.with("{\"partitions\":0}");
        assertThat(DriftCheck.compare(spec, faithful(noKey, true), LITE).drifts())
                .contains(new Drift("field.category.partitionKey", "true", "false"));

        var extra = change(faithful(spec, true), b -> {
            b.fields.add(new FieldShape("title", "VarChar", null, 256, false, false, false));
            b.fields.removeIf(f -> f.name().equals("document_id"));
            b.dynamic = true;
            b.properties.put("mmap.enabled", "true");
            return b;
        });
        assertThat(DriftCheck.compare(spec, extra, MILVUS).drifts()).containsExactlyInAnyOrder(
                new Drift("field.document_id", "VarChar", "missing"),
                new Drift("field.title", "absent", "VarChar"),
                new Drift("schema.dynamicField", "false", "true"),
                new Drift("mmap", "false", "true"));
    }

    @Test
    void anInterruptedBootstrapIsResumableNotDrift() {
        var spec = Specs.prod();
        var interrupted = change(faithful(spec, true), b -> {
            b.indexes.removeIf(i -> !i.field().equals("embedding"));
            b.loaded = false;
            b.replicas = null;
            return b;
        });
        var result = DriftCheck.compare(spec, interrupted, MILVUS);
        assertThat(result.drifts()).isEmpty();
        assertThat(result.missingIndexes()).containsExactly("category", "timestamp");
        assertThat(result.needsLoad()).isTrue();
        assertThat(result.inSync()).isFalse();
    }

    @Test
    void aMissingIndexUnderALoadedCollectionIsDrift() {
        var spec = Specs.prod();
        var loaded = change(faithful(spec, true), b -> {
            b.indexes.removeIf(i -> i.field().equals("timestamp"));
            return b;
        });
        var result = DriftCheck.compare(spec, loaded, MILVUS);
        assertThat(result.drifts()).containsExactly(new Drift("index.timestamp", "present", "none (collection is loaded)"));
        assertThat(result.missingIndexes()).isEmpty();
    }

    @Test
    void anExtraIndexIsDrift() {
        var spec = Specs.prod();
        var extra = change(faithful(spec, true), b -> {
            b.indexes.add(new IndexShape("document_id", "INVERTED", null, Map.of()));
            return b;
        });
        assertThat(DriftCheck.compare(spec, extra, MILVUS).drifts())
                .containsExactly(new Drift("index.document_id", "none", "INVERTED"));
    }

    @Test
    void describedIndexParamsAreReadFlatOrAsJson() {
        var flat = IndexShape.of(DescribeIndexResp.IndexDesc.builder().fieldName("embedding")
                .indexType(IndexParam.IndexType.HNSW).metricType(IndexParam.MetricType.IP)
                .extraParams(Map.of("M", "16", "efConstruction", "200")).build());
        assertThat(flat.params()).isEqualTo(Map.of("M", "16", "efConstruction", "200"));
        var json = IndexShape.of(DescribeIndexResp.IndexDesc.builder().fieldName("embedding")
                .indexType(IndexParam.IndexType.IVF_FLAT).metricType(IndexParam.MetricType.INVALID)
                .extraParams(Map.of("params", "{\"nlist\": 4096}", "index_type", "IVF_FLAT")).build());
        assertThat(json.params()).isEqualTo(Map.of("nlist", "4096"));
        assertThat(json.metric()).isNull();
    }

    @Test
    void liteIsRecognisedByItsVersion() {
        assertThat(LITE.lite()).isTrue();
        assertThat(LITE.reportsShards()).isFalse();
        assertThat(MILVUS.lite()).isFalse();
        assertThat(MILVUS.reportsConsistency()).isTrue();
    }
}
