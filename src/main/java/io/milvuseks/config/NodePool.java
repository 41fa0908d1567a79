package io.milvuseks.config;

import java.util.OptionalInt;

/**
 * One managed node group.
 *
 * @param desired pinned node count, or empty to take the capacity planner's count
 */
public record NodePool(String instanceType, int min, OptionalInt desired, int max, int diskGiB) {
}
