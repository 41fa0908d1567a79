package io.milvuseks.collection;

import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvuseks.config.CollectionSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests bootstrap sends. Milvus Lite accepts but ignores shards, consistency, partition count, index build
 * params, DiskANN and replicas, so these are proved here, on the request the client serialises.
 */
class SpecRequestsTest {

    @Test
    void prodSpecBecomesTheDesignedCollection() {
        var spec = Specs.prod();
        var req = SpecRequests.createCollection(spec);

        assertThat(req.getDatabaseName()).isEqualTo("default");
        assertThat(req.getCollectionName()).isEqualTo("documents");
        assertThat(req.getNumShards()).isEqualTo(8);
        assertThat(req.getConsistencyLevel()).isEqualTo(ConsistencyLevel.BOUNDED);
        assertThat(req.getNumPartitions()).isEqualTo(64);
        assertThat(req.getProperties()).containsEntry("mmap.enabled", "false");
        assertThat(req.getIndexParams()).as("indexes are separate, non-blocking requests").isNullOrEmpty();

        var fields = req.getCollectionSchema().getFieldSchemaList();
        assertThat(fields).extracting(CreateCollectionReq.FieldSchema::getName)
                .containsExactly("id", "embedding", "document_id", "category", "timestamp");
        var id = req.getCollectionSchema().getField("id");
        assertThat(id.getDataType()).isEqualTo(DataType.Int64);
        assertThat(id.getIsPrimaryKey()).isTrue();
        assertThat(id.getAutoID()).isTrue();
        var embedding = req.getCollectionSchema().getField("embedding");
        assertThat(embedding.getDataType()).isEqualTo(DataType.FloatVector);
        assertThat(embedding.getDimension()).isEqualTo(384);
        assertThat(req.getCollectionSchema().getField("document_id").getMaxLength()).isEqualTo(128);
        var category = req.getCollectionSchema().getField("category");
        assertThat(category.getMaxLength()).isEqualTo(64);
        assertThat(category.getIsPartitionKey()).isTrue();
        assertThat(req.getCollectionSchema().getField("timestamp").getDataType()).isEqualTo(DataType.Int64);
        assertThat(req.getCollectionSchema().isEnableDynamicField()).isFalse();
    }

    @Test
    void noPartitionKeyWhenPartitionsIsZero() {
        var spec = Specs.with("{\"partitions\":0,\"shards\":2,\"consistencyLevel\":\"STRONG\",\"mmap\":true}");
        var req = SpecRequests.createCollection(spec);
        assertThat(req.getCollectionSchema().getField("category").getIsPartitionKey()).isFalse();
        assertThat(req.getNumShards()).isEqualTo(2);
        assertThat(req.getConsistencyLevel()).isEqualTo(ConsistencyLevel.STRONG);
        assertThat(req.getProperties()).containsEntry("mmap.enabled", "true");
        assertThat(req.getNumPartitions()).isNull();
    }

    @Test
    void indexParamsCarryTypeMetricAndBuildParams() {
        var params = SpecRequests.indexParams(Specs.prod());
        assertThat(params).extracting(IndexParam::getFieldName).containsExactly("embedding", "category", "timestamp");
        var vector = params.get(0);
        // prod's HNSW_SQ (issue 24): integer build params and the text ones (sq_type) in one map, as Milvus takes them
        assertThat(vector.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW_SQ);
        assertThat(vector.getMetricType()).isEqualTo(IndexParam.MetricType.COSINE);
        assertThat(vector.getExtraParams()).isEqualTo(Map.of("M", 16, "efConstruction", 300, "sq_type", "SQ8"));
        assertThat(params.get(1).getIndexType()).isEqualTo(IndexParam.IndexType.INVERTED);
        assertThat(params.get(2).getIndexType()).isEqualTo(IndexParam.IndexType.STL_SORT);
        assertThat(params.get(1).getMetricType()).isNull();
    }

    @Test
    void everySelectableVectorIndexMapsToTheClientsType() {
        var hnsw = SpecRequests.indexParams(Specs.with(
                "{\"metric\":\"L2\",\"index\":{\"type\":\"HNSW\",\"params\":{\"M\":32,\"efConstruction\":360}},"
                        + "\"timestampIndex\":\"INVERTED\"}"));
        assertThat(hnsw.get(0).getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
        assertThat(hnsw.get(0).getMetricType()).isEqualTo(IndexParam.MetricType.L2);
        assertThat(hnsw.get(0).getExtraParams()).isEqualTo(Map.of("M", 32, "efConstruction", 360));
        assertThat(hnsw.get(2).getIndexType()).isEqualTo(IndexParam.IndexType.INVERTED);

        var diskann = SpecRequests.indexParams(Specs.with("{\"index\":{\"type\":\"DISKANN\"}}")).get(0);
        assertThat(diskann.getIndexType()).isEqualTo(IndexParam.IndexType.DISKANN);
        assertThat(diskann.getExtraParams()).isEmpty();

        var rabitq = SpecRequests.indexParams(Specs.with(
                "{\"index\":{\"type\":\"IVF_RABITQ\",\"params\":{\"nlist\":1024}}}")).get(0);
        assertThat(rabitq.getIndexType()).isEqualTo(IndexParam.IndexType.IVF_RABITQ);
        assertThat(rabitq.getExtraParams()).isEqualTo(Map.of("nlist", 1024));

        var sq = SpecRequests.indexParams(Specs.with("{\"index\":{\"type\":\"HNSW_SQ\"}}")).get(0);
        assertThat(sq.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW_SQ);
        assertThat(sq.getExtraParams()).isEqualTo(Map.of("M", 16, "efConstruction", 200));
    }

    @Test
    void createIndexDoesNotBlockInTheClientAndLoadAsksForTheReplicas() {
        var spec = Specs.prod();
        var create = SpecRequests.createIndex(spec, SpecRequests.indexParams(spec).get(0));
        assertThat(create.getSync()).isFalse();
        assertThat(create.getCollectionName()).isEqualTo("documents");
        assertThat(create.getIndexParams()).hasSize(1);

        var load = SpecRequests.load(spec);
        assertThat(load.getNumReplicas()).isEqualTo(2);
        assertThat(load.getCollectionName()).isEqualTo("documents");
        assertThat(SpecRequests.load(Specs.with("{\"replicas\":3}")).getNumReplicas()).isEqualTo(3);
    }

    @Test
    void databaseAndNameComeFromTheSpec() {
        CollectionSpec spec = Specs.with("{\"database\":\"search\",\"name\":\"docs_v2\"}");
        var req = SpecRequests.createCollection(spec);
        assertThat(req.getDatabaseName()).isEqualTo("search");
        assertThat(req.getCollectionName()).isEqualTo("docs_v2");
        assertThat(SpecRequests.load(spec).getDatabaseName()).isEqualTo("search");
    }
}
