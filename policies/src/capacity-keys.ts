/**
 * The one place that names the keys of the stack output `capacity` (Java `StackOutputs.CAPACITY`) the capacity
 * policy reads. Policy config `needKey` / `provisionedKey` override them per run.
 */
export const CAPACITY_OUTPUT = "capacity";
/** Bytes of memory the collection's loaded index (all replicas) needs on query nodes. */
export const CAPACITY_NEED_KEY = "indexMemoryBytes";
/** Bytes of memory the query node pool provides at its planned size. */
export const CAPACITY_PROVISIONED_KEY = "queryNodeMemoryBytes";
