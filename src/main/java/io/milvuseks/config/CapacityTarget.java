package io.milvuseks.config;

/**
 * What the platform must hold and serve. Dimension, index and replicas come from the collection spec.
 *
 * @param vectors              entities (vectors) to hold
 * @param elementType          vector element type
 * @param scalarBytesPerEntity average bytes of the scalar fields of one entity
 * @param targetQps            search queries per second the query nodes must sustain
 * @param allowUndersized      accept pinned node counts below the planner's need (prints a warning)
 * @param minRecall            the recall floor an index must meet at its search parameters to be recommended
 * @param undersizedReason     why a prod stack allows a plan short of its targets (required there with
 *                             allowUndersized); empty when not given
 */
public record CapacityTarget(long vectors, ElementType elementType, int scalarBytesPerEntity, int targetQps,
                             boolean allowUndersized, double minRecall, String undersizedReason) {

    public CapacityTarget(long vectors, ElementType elementType, int scalarBytesPerEntity, int targetQps,
                          boolean allowUndersized, double minRecall) {
        this(vectors, elementType, scalarBytesPerEntity, targetQps, allowUndersized, minRecall, "");
    }

    /** capacity.minRecall when not given: what the managed tiers' benchmarks are usually quoted at. */
    public static final double DEFAULT_MIN_RECALL = 0.95;
}
