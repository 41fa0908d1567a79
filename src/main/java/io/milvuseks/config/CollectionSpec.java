package io.milvuseks.config;

/**
 * The collection the platform is for. Fields are fixed by the product: {@code id} INT64 auto-id primary key,
 * {@code embedding} FLOAT_VECTOR(dim), {@code document_id} VARCHAR(128), {@code category} VARCHAR(64),
 * {@code timestamp} INT64.
 *
 * @param partitions     number of partitions when {@code category} is the partition key; 0 for no partition key
 * @param timestampIndex index on {@code timestamp}
 * @param replicas       in-memory replicas to load with
 */
public record CollectionSpec(String database, String name, int dim, MetricType metric, IndexSpec index,
                             ScalarIndexType timestampIndex, int shards, int partitions, boolean mmap,
                             ConsistencyLevel consistencyLevel, int replicas) {

    public static final String ID_FIELD = "id";
    public static final String VECTOR_FIELD = "embedding";
    public static final String DOCUMENT_ID_FIELD = "document_id";
    public static final int DOCUMENT_ID_MAX_LENGTH = 128;
    public static final String CATEGORY_FIELD = "category";
    public static final int CATEGORY_MAX_LENGTH = 64;
    public static final String TIMESTAMP_FIELD = "timestamp";

    public boolean hasPartitionKey() {
        return partitions > 0;
    }
}
