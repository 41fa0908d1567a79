package io.milvuseks.config;

import java.util.List;
import java.util.Map;

/**
 * Vector index types the stack can size and create, with the build parameters each accepts and their ranges
 * (Milvus 2.6 index docs: "In-memory Index", "On-disk Index").
 */
public enum IndexType implements WireEnum {
    FLAT(Map.of()),
    IVF_FLAT(Map.of("nlist", new IntRange(1, 65536))),
    IVF_SQ8(Map.of("nlist", new IntRange(1, 65536))),
    IVF_PQ(Map.of("nlist", new IntRange(1, 65536), "m", new IntRange(1, 4096), "nbits", new IntRange(1, 24))),
    IVF_RABITQ(Map.of("nlist", new IntRange(1, 65536))),
    HNSW(Map.of("M", new IntRange(2, 2048), "efConstruction", new IntRange(1, 1_000_000))),
    HNSW_SQ(Map.of("M", new IntRange(2, 2048), "efConstruction", new IntRange(1, 1_000_000))),
    DISKANN(Map.of());

    /** An inclusive range of integer parameter values. */
    public record IntRange(int min, int max) {
        public boolean contains(long v) {
            return v >= min && v <= max;
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }

    private final Map<String, IntRange> params;

    IndexType(Map<String, IntRange> params) {
        this.params = params;
    }

    @Override
    public String wire() {
        return name();
    }

    public Map<String, IntRange> params() {
        return params;
    }

    /** Index types Milvus keeps on disk rather than in query-node memory. */
    public boolean onDisk() {
        return this == DISKANN;
    }

    public static List<IndexType> all() {
        return List.of(values());
    }
}
