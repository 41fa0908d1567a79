package io.milvuseks.capacity;

import io.milvuseks.config.NodePool;

import java.util.OptionalInt;

/**
 * A node pool as the planner sees it: its instance type, bounds and an optional pinned count.
 *
 * @param desired pinned node count; empty when the planner decides
 */
public record PoolSpec(String instanceType, int min, OptionalInt desired, int max, int diskGiB) {

    public static PoolSpec of(NodePool pool) {
        return new PoolSpec(pool.instanceType(), pool.min(), pool.desired(), pool.max(), pool.diskGiB());
    }

    /** A pool with no pinned count and no practical upper bound (the CLI's what-if pools). */
    public static PoolSpec unbounded(String instanceType, int diskGiB) {
        return new PoolSpec(instanceType, 1, OptionalInt.empty(), Integer.MAX_VALUE, diskGiB);
    }

    public PoolSpec withInstanceType(String type) {
        return new PoolSpec(type, min, desired, max, diskGiB);
    }
}
