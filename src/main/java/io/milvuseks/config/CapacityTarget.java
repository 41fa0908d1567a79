package io.milvuseks.config;

/**
 * What the platform must hold and serve. Dimension, index and replicas come from the collection spec.
 *
 * @param vectors              entities (vectors) to hold
 * @param elementType          vector element type
 * @param scalarBytesPerEntity average bytes of the scalar fields of one entity
 * @param targetQps            search queries per second the query nodes must sustain
 * @param allowUndersized      accept pinned node counts below the planner's need (prints a warning)
 */
public record CapacityTarget(long vectors, ElementType elementType, int scalarBytesPerEntity, int targetQps,
                             boolean allowUndersized) {
}
