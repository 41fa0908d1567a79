package io.milvuseks.collection;

import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.CreateCollectionReq;

/**
 * The parts of a field the drift check compares. The request schema and the described schema both go through
 * {@link #of}, so the spec and the server are read the same way.
 */
public record FieldShape(String name, String type, Integer dim, Integer maxLength, boolean primaryKey,
                         boolean autoId, boolean partitionKey) {

    public static FieldShape of(CreateCollectionReq.FieldSchema f) {
        var type = f.getDataType();
        // Servers echo max_length 65535 on non-string fields; only VARCHAR has a meaningful one.
        Integer maxLength = type == DataType.VarChar ? f.getMaxLength() : null;
        Integer dim = type == DataType.FloatVector || type == DataType.Float16Vector
                || type == DataType.BFloat16Vector || type == DataType.BinaryVector ? f.getDimension() : null;
        return new FieldShape(f.getName(), String.valueOf(type), dim, maxLength, Boolean.TRUE.equals(f.getIsPrimaryKey()),
                Boolean.TRUE.equals(f.getAutoID()), Boolean.TRUE.equals(f.getIsPartitionKey()));
    }
}
