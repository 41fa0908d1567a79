package io.milvuseks.capacity;

/**
 * Sealed segments as Milvus makes them. Compaction merges segments only within one partition of one channel (shard):
 * datacoord groups its candidates by {@code CompactionGroupLabel{CollectionID, PartitionID, Channel}}
 * (milvus internal/datacoord/compaction_view.go; compaction_trigger.go triggers per "collection, partition, channel,
 * segment"), and a partition key makes {@code num_partitions} physical partitions (Milvus docs, "Use Partition
 * Key"). So every (shard, partition) pair that holds rows has segments of its own: at least shards x partitions of
 * them, each at most maxSize of rows, and with more rows than fit one segment per pair, ceil(pair's rows / rows per
 * full segment) in each. Rows are assumed spread evenly over the pairs (the partition key hashes them).
 *
 * <p>A streamed load first seals small segments: a growing segment seals at its cap ({@code sealBytes}: 12 % of
 * maxSize, or less when the streaming node's growing data passes its high-water mark), each is indexed, and
 * compaction later merges them into full segments that are indexed again. A bulk import (import v2) writes full
 * segments per (channel, partition) directly (internal/datacoord/import_util.go AssignSegments) and skips that
 * phase.
 *
 * @param groups             (shard, partition) pairs holding rows: min(vectors, shards x max(1, partitions))
 * @param sealed             sealed segments per replica after compaction
 * @param rowsPerSegment     rows of the fullest sealed segment
 * @param loadSegments       small segments a streamed load seals before compaction merges them
 * @param loadRowsPerSegment rows of one of those
 */
public record Segments(long groups, long sealed, long rowsPerSegment, long loadSegments, long loadRowsPerSegment) {

    /**
     * @param vectors      rows of the collection
     * @param entityBytes  bytes of one row in a segment
     * @param maxBytes     sealed segment size (dataCoord.segment.maxSize)
     * @param shards       channels
     * @param partitions   partition-key partitions (0: the default partition only)
     * @param sealBytes    where a growing segment seals during a streamed load
     */
    public static Segments of(long vectors, long entityBytes, long maxBytes, int shards, int partitions,
                              long sealBytes) {
        long groups = Math.min(vectors, (long) shards * Math.max(1, partitions));
        long rowsPerGroup = ceilDiv(vectors, groups);
        long maxRows = Math.max(1, maxBytes / entityBytes);
        long perGroup = ceilDiv(rowsPerGroup, maxRows);
        long smallRows = Math.max(1, Math.min(maxRows, sealBytes / entityBytes));
        return new Segments(groups, groups * perGroup, Math.min(maxRows, rowsPerGroup),
                groups * ceilDiv(rowsPerGroup, smallRows), Math.min(smallRows, rowsPerGroup));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
