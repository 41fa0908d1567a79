package io.milvuseks.collection;

import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.response.DescribeIndexResp;

import java.util.List;
import java.util.Map;

/**
 * An existing collection as the server describes it.
 *
 * @param replicas loaded replicas, or null when the server does not report them (describeReplicas unimplemented)
 */
public record ObservedCollection(List<FieldShape> fields, boolean dynamicField, Integer shards, String consistency,
                                 Long numPartitions, Map<String, String> properties, List<IndexShape> indexes,
                                 boolean loaded, Integer replicas) {

    public ObservedCollection {
        fields = List.copyOf(fields);
        properties = Map.copyOf(properties);
        indexes = List.copyOf(indexes);
    }

    public static ObservedCollection of(DescribeCollectionResp d, List<DescribeIndexResp.IndexDesc> indexes,
                                        boolean loaded, Integer replicas) {
        var fields = d.getCollectionSchema().getFieldSchemaList().stream().map(FieldShape::of).toList();
        return new ObservedCollection(fields, Boolean.TRUE.equals(d.getEnableDynamicField()), d.getShardsNum(),
                d.getConsistencyLevel() == null ? null : d.getConsistencyLevel().name(), d.getNumOfPartitions(),
                d.getProperties() == null ? Map.of() : d.getProperties(),
                indexes.stream().map(IndexShape::of).toList(), loaded, replicas);
    }
}
