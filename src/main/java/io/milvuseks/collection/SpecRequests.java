package io.milvuseks.collection;

import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvuseks.config.CollectionSpec;
import io.milvuseks.config.ConsistencyLevel;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MetricType;
import io.milvuseks.config.ScalarIndexType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests the bootstrap step sends, built from the collection spec alone. Plain values, so the features a test
 * server ignores (shards, consistency, index build params, DiskANN, replicas) are checked on the request itself.
 */
public final class SpecRequests {

    /** Collection property Milvus reads for memory-mapped field data and indexes. */
    public static final String MMAP_PROPERTY = "mmap.enabled";

    private SpecRequests() {
    }

    public static CreateCollectionReq createCollection(CollectionSpec spec) {
        var builder = CreateCollectionReq.builder()
                .databaseName(spec.database())
                .collectionName(spec.name())
                .description("milvus-eks collection (bootstrap)")
                .collectionSchema(schema(spec))
                .numShards(spec.shards())
                .consistencyLevel(consistency(spec.consistencyLevel()))
                .property(MMAP_PROPERTY, String.valueOf(spec.mmap()));
        if (spec.hasPartitionKey()) {
            builder.numPartitions(spec.partitions());
        }
        // No index params here: with them the client creates the indexes and loads in one blocking call, which
        // waits on an RPC some servers lack. Indexes and load are separate steps.
        return builder.build();
    }

    public static CreateCollectionReq.CollectionSchema schema(CollectionSpec spec) {
        var schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
        schema.addField(AddFieldReq.builder().fieldName(CollectionSpec.ID_FIELD).dataType(DataType.Int64)
                .isPrimaryKey(true).autoID(true).build());
        schema.addField(AddFieldReq.builder().fieldName(CollectionSpec.VECTOR_FIELD).dataType(DataType.FloatVector)
                .dimension(spec.dim()).build());
        schema.addField(AddFieldReq.builder().fieldName(CollectionSpec.DOCUMENT_ID_FIELD).dataType(DataType.VarChar)
                .maxLength(CollectionSpec.DOCUMENT_ID_MAX_LENGTH).build());
        schema.addField(AddFieldReq.builder().fieldName(CollectionSpec.CATEGORY_FIELD).dataType(DataType.VarChar)
                .maxLength(CollectionSpec.CATEGORY_MAX_LENGTH).isPartitionKey(spec.hasPartitionKey()).build());
        schema.addField(AddFieldReq.builder().fieldName(CollectionSpec.TIMESTAMP_FIELD).dataType(DataType.Int64)
                .build());
        return schema;
    }

    /** Vector index, INVERTED on category, the configured index on timestamp — in that order. */
    public static List<IndexParam> indexParams(CollectionSpec spec) {
        var params = new ArrayList<IndexParam>();
        params.add(vectorIndex(CollectionSpec.VECTOR_FIELD, spec.index().type(), spec.metric(),
                spec.index().allParams()));
        params.add(scalarIndex(CollectionSpec.CATEGORY_FIELD, ScalarIndexType.INVERTED));
        params.add(scalarIndex(CollectionSpec.TIMESTAMP_FIELD, spec.timestampIndex()));
        return params;
    }

    /** The vector index with its build parameters: integers, and the refine indexes' text ones (refine, sq_type). */
    public static IndexParam vectorIndex(String field, IndexType type, MetricType metric, Map<String, ?> build) {
        return IndexParam.builder()
                .fieldName(field)
                .indexName(field)
                .indexType(indexType(type))
                .metricType(metric(metric))
                .extraParams(new LinkedHashMap<>(build))
                .build();
    }

    public static IndexParam scalarIndex(String field, ScalarIndexType type) {
        return IndexParam.builder()
                .fieldName(field)
                .indexName(field)
                .indexType(IndexParam.IndexType.valueOf(type.name()))
                .build();
    }

    /**
     * One index per request, not waited on by the client ({@code sync=false}): the client's own wait uses an RPC
     * that Milvus Lite lacks; {@link Bootstrapper} polls describeIndex instead, which every server answers.
     */
    public static CreateIndexReq createIndex(CollectionSpec spec, IndexParam index) {
        return CreateIndexReq.builder()
                .databaseName(spec.database())
                .collectionName(spec.name())
                .indexParams(List.of(index))
                .sync(false)
                .build();
    }

    public static LoadCollectionReq load(CollectionSpec spec) {
        return load(spec, ResourceGroups.none());
    }

    /** With zone resource groups, one replica in each ({@link ResourceGroups}); else Milvus' default group. */
    public static LoadCollectionReq load(CollectionSpec spec, ResourceGroups groups) {
        var b = LoadCollectionReq.builder()
                .databaseName(spec.database())
                .collectionName(spec.name())
                .numReplicas(spec.replicas())
                .sync(false);
        if (!groups.isEmpty()) {
            b.resourceGroups(groups.names());
        }
        return b.build();
    }

    public static IndexParam.IndexType indexType(IndexType type) {
        return IndexParam.IndexType.valueOf(type.name());
    }

    public static IndexParam.MetricType metric(MetricType metric) {
        return IndexParam.MetricType.valueOf(metric.name());
    }

    public static io.milvus.v2.common.ConsistencyLevel consistency(ConsistencyLevel level) {
        return io.milvus.v2.common.ConsistencyLevel.valueOf(level.name());
    }
}
