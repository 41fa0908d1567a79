package io.milvuseks.capacity;

import io.milvuseks.config.ElementType;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the planner needs, from a stack's settings or from CLI arguments.
 *
 * @param shards     collection shards (vchannels): one growing segment per shard and partition
 * @param partitions physical partitions (partition key); 0 means the default partition only
 * @param pools      node pools by role; QUERY is required, the others are costed when present
 * @param msk        MSK brokers when the queue is MSK
 * @param platform   the billed parts besides pools, MSK and S3
 * @param targetQps  search QPS over all replicas (Milvus spreads queries over them); sizes the query pool with memory
 * @param minRecall  the recall floor of a recommended index ({@link IndexComparison})
 */
public record CapacityInput(long vectors, int dim, ElementType elementType, IndexSpec index, boolean mmap,
                            int replicas, int scalarBytesPerEntity, int targetQps, int shards, int partitions,
                            Map<NodeRole, PoolSpec> pools, MessageQueue queue, Optional<Msk> msk,
                            int noncurrentVersionDays, boolean allowUndersized, Platform platform, double minRecall) {

    /** Without a recall floor given: the default of capacity.minRecall. */
    public CapacityInput(long vectors, int dim, ElementType elementType, IndexSpec index, boolean mmap, int replicas,
                         int scalarBytesPerEntity, int targetQps, int shards, int partitions,
                         Map<NodeRole, PoolSpec> pools, MessageQueue queue, Optional<Msk> msk,
                         int noncurrentVersionDays, boolean allowUndersized, Platform platform) {
        this(vectors, dim, elementType, index, mmap, replicas, scalarBytesPerEntity, targetQps, shards, partitions,
                pools, queue, msk, noncurrentVersionDays, allowUndersized, platform,
                io.milvuseks.config.CapacityTarget.DEFAULT_MIN_RECALL);
    }

    /** MSK brokers: type from the MSK catalog, count, EBS volume per broker. */
    public record Msk(String brokerInstanceType, int brokerCount, int volumeGiB) {
    }

    public CapacityInput {
        if (vectors < 1 || dim < 1 || replicas < 1 || scalarBytesPerEntity < 0 || targetQps < 0 || shards < 1
                || partitions < 0 || noncurrentVersionDays < 0 || !(minRecall > 0 && minRecall <= 1)) {
            throw new IllegalArgumentException("vectors, dim, replicas and shards must be >= 1; scalar bytes, QPS, "
                    + "partitions and version days >= 0; minRecall in (0, 1]");
        }
        if (!pools.containsKey(NodeRole.QUERY)) {
            throw new IllegalArgumentException("a query pool is required");
        }
        pools = Collections.unmodifiableMap(new EnumMap<>(pools));
    }

    public static CapacityInput from(StackSettings s) {
        var pools = new EnumMap<NodeRole, PoolSpec>(NodeRole.class);
        s.nodePools().forEach((role, pool) -> pools.put(role, PoolSpec.of(pool)));
        var c = s.collection();
        var t = s.capacity();
        Optional<Msk> msk = s.messageQueue() == MessageQueue.MSK && s.msk() != null
                ? Optional.of(new Msk(s.msk().brokerInstanceType(), s.msk().brokerCount(), s.msk().volumeGiB()))
                : Optional.empty();
        return new CapacityInput(t.vectors(), c.dim(), t.elementType(), c.index(), c.mmap(), c.replicas(),
                t.scalarBytesPerEntity(), t.targetQps(), c.shards(), c.partitions(), pools, s.messageQueue(), msk,
                s.storage().noncurrentVersionDays(), t.allowUndersized(), Platform.from(s), t.minRecall());
    }

    public PoolSpec pool(NodeRole role) {
        return pools.get(role);
    }

    public CapacityInput withVectors(long v) {
        return new CapacityInput(v, dim, elementType, index, mmap, replicas, scalarBytesPerEntity, targetQps, shards,
                partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withDim(int d) {
        return new CapacityInput(vectors, d, elementType, index, mmap, replicas, scalarBytesPerEntity, targetQps,
                shards, partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withReplicas(int r) {
        return new CapacityInput(vectors, dim, elementType, index, mmap, r, scalarBytesPerEntity, targetQps, shards,
                partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withIndex(IndexSpec i) {
        return new CapacityInput(vectors, dim, elementType, i, mmap, replicas, scalarBytesPerEntity, targetQps, shards,
                partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withPool(NodeRole role, PoolSpec pool) {
        var p = new EnumMap<>(pools);
        p.put(role, pool);
        return new CapacityInput(vectors, dim, elementType, index, mmap, replicas, scalarBytesPerEntity, targetQps,
                shards, partitions, p, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withMmap(boolean m) {
        return new CapacityInput(vectors, dim, elementType, index, m, replicas, scalarBytesPerEntity, targetQps, shards,
                partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withTargetQps(int q) {
        return new CapacityInput(vectors, dim, elementType, index, mmap, replicas, scalarBytesPerEntity, q, shards,
                partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, minRecall);
    }

    public CapacityInput withMinRecall(double r) {
        return new CapacityInput(vectors, dim, elementType, index, mmap, replicas, scalarBytesPerEntity, targetQps,
                shards, partitions, pools, queue, msk, noncurrentVersionDays, allowUndersized, platform, r);
    }
}
