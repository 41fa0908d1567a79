package io.milvuseks.collection;

import java.util.Locale;

/**
 * What a server reports faithfully, so the drift check compares only that. Milvus Lite accepts shards,
 * consistency level, partition count and replicas but describes every collection with 1 shard, STRONG, 16
 * partition-key partitions (plus {@code _default}) and has no describeReplicas.
 */
public record ServerTraits(String version, boolean lite, boolean reportsShards, boolean reportsConsistency,
                           boolean reportsPartitionCount) {

    public static ServerTraits of(String version) {
        boolean lite = version != null && version.toLowerCase(Locale.ROOT).startsWith("milvus_lite");
        return lite ? new ServerTraits(version, true, false, false, false)
                : new ServerTraits(version, false, true, true, true);
    }
}
