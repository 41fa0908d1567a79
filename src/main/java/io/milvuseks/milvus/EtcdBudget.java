package io.milvuseks.milvus;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.config.StackSettings;

/**
 * How much of etcd Milvus' metadata will take, and the backend quota and auto-compaction sized for it.
 *
 * <p>Most of Milvus' etcd data is one key per segment ({@code <root>/meta/datacoord-meta/s/...}, with its binlog,
 * statslog and deltalog lists). milvus#49947: 16 shards x 64 partitions, inserted in batches of 10-20k rows, reached
 * 783,686 segment keys at ~7 B rows and filled the 4 GiB quota (NOSPACE alarm; the whole cluster went down). That is
 * ~5.5 KB of backend per segment key, counting the revisions auto-compaction has not yet dropped and the free pages
 * only a defrag returns; {@link #BYTES_PER_SEGMENT} uses it.
 *
 * <p>Segments: the sealed ones the data fills at the segment size, plus the small ones every (shard, partition)
 * pair keeps between flushes and compactions ({@link #SMALL_SEGMENTS_PER_SHARD_PARTITION}: each flush of a pair
 * seals one, mix compaction merges them later). Calibrated on milvus#49947, the one measurement at hand: 783,686
 * keys over 16 x 64 = 1,024 pairs is ~765 per pair with 10-20k-row insert batches; larger batches make fewer.
 * Shards x partitions is what multiplies: 8 x 64 pairs x 768 is 393,216 keys before a single full segment.
 *
 * @param segments     segment keys expected in etcd
 * @param budgetBytes  etcd backend bytes the metadata is expected to take
 * @param quotaBytes   {@code ETCD_QUOTA_BACKEND_BYTES}: twice the budget (room for revisions between compactions and
 *                     for fragmentation between defrags), at least the chart's 4 GiB, at most {@link #MAX_QUOTA}
 * @param overQuota    the doubled budget does not fit under {@link #MAX_QUOTA}: fewer shards/partitions or larger
 *                     batches are needed; etcd would fill up
 */
public record EtcdBudget(long segments, long budgetBytes, long quotaBytes, boolean overQuota) {

    public static final long GIB = 1024L * 1024 * 1024;
    /** ~4 GiB / 783,686 segment keys, milvus#49947. */
    public static final long BYTES_PER_SEGMENT = 5632;
    /** Small (flushed, not yet compacted) segments each shard x partition pair holds: milvus#49947, see above. */
    public static final int SMALL_SEGMENTS_PER_SHARD_PARTITION = 768;
    /** Sessions, collection/partition/index meta, channel checkpoints, WAL meta: a fixed allowance. */
    public static final long FIXED_BYTES = 256L * 1024 * 1024;
    /** milvus-helm values.yaml etcd.extraEnvVars ETCD_QUOTA_BACKEND_BYTES "4294967296". */
    public static final long CHART_QUOTA = 4 * GIB;
    /** etcd docs (dev-guide/limit, op-guide/hardware): 8 GiB is the suggested maximum backend size. */
    public static final long MAX_QUOTA = 8 * GIB;
    /**
     * Auto-compaction: revision mode keeping the last 1000 revisions (the Milvus chart's setting; Milvus rewrites a
     * few keys very often, so a time window would keep far more history than a revision window).
     */
    public static final String COMPACTION_MODE = "revision";
    public static final String COMPACTION_RETENTION = "1000";

    public static EtcdBudget of(StackSettings s) {
        var c = s.collection();
        long bytesPerRow = (long) c.dim() * s.capacity().elementType().bytes() + s.capacity().scalarBytesPerEntity();
        return of(s.capacity().vectors(), bytesPerRow, Assumptions.SEGMENT_MAX_BYTES, c.shards(), c.partitions());
    }

    /** @param partitions 0 = no partition key (one partition) */
    public static EtcdBudget of(long rows, long bytesPerRow, long segmentBytes, int shards, int partitions) {
        if (rows < 0 || bytesPerRow <= 0 || segmentBytes <= 0 || shards < 1 || partitions < 0) {
            throw new IllegalArgumentException("rows >= 0, bytesPerRow > 0, segmentBytes > 0, shards >= 1, "
                    + "partitions >= 0: " + rows + ", " + bytesPerRow + ", " + segmentBytes + ", " + shards + ", "
                    + partitions);
        }
        long sealed = ceilDiv(Math.multiplyExact(rows, bytesPerRow), segmentBytes);
        long small = (long) shards * Math.max(1, partitions) * SMALL_SEGMENTS_PER_SHARD_PARTITION;
        long segments = sealed + small;
        long budget = FIXED_BYTES + segments * BYTES_PER_SEGMENT;
        long wanted = roundUpGib(2 * budget);
        long quota = Math.min(MAX_QUOTA, Math.max(CHART_QUOTA, wanted));
        return new EtcdBudget(segments, budget, quota, wanted > MAX_QUOTA);
    }

    /** etcd memory: it maps the whole backend, so a member needs the quota plus room for its own heap. */
    public int memoryMiB() {
        return (int) Math.max(8192, (quotaBytes + 4 * GIB) / (1024 * 1024));
    }

    /** The stack output {@code milvusEtcd} (and what a capacity report can print). */
    public java.util.Map<String, Object> toOutput() {
        var m = new java.util.LinkedHashMap<String, Object>();
        // Pulumi outputs carry numbers as doubles (exact below 2^53)
        m.put("segments", (double) segments);
        m.put("budgetBytes", (double) budgetBytes);
        m.put("quotaBytes", (double) quotaBytes);
        m.put("overQuota", overQuota);
        return m;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUpGib(long bytes) {
        return ceilDiv(bytes, GIB) * GIB;
    }
}
