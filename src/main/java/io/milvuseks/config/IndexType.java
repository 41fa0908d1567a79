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

    /**
     * Text build parameters and their accepted values (Milvus 2.6 docs: milvus.io/docs/hnsw-sq.md, ivf-rabitq.md):
     * HNSW_SQ's sq_type (SQ4U from 2.6.8), and refine with its refine_type, which must be more precise than the
     * codes it reranks.
     */
    private static final Map<String, List<String>> REFINE = Map.of("refine", List.of("true", "false"),
            "refine_type", List.of("SQ6", "SQ8", "FP16", "BF16", "FP32"));

    private final Map<String, IntRange> params;

    IndexType(Map<String, IntRange> params) {
        this.params = params;
    }

    /** Text build parameters this type accepts, with their values; empty for most types. */
    public Map<String, List<String>> options() {
        return switch (this) {
            case HNSW_SQ -> Map.of("sq_type", List.of("SQ4U", "SQ6", "SQ8", "FP16", "BF16"),
                    "refine", REFINE.get("refine"), "refine_type", REFINE.get("refine_type"));
            case IVF_RABITQ -> REFINE;
            default -> Map.of();
        };
    }

    /** Bytes per dimension of a code or refine precision (SQ4U 4 bits, SQ6 6 bits, SQ8 one byte, ...). */
    public static double bytesPerDim(String precision) {
        return switch (precision) {
            case "SQ4U" -> 0.5;
            case "SQ6" -> 0.75;
            case "SQ8" -> 1;
            case "FP16", "BF16" -> 2;
            case "FP32" -> 4;
            default -> throw new IllegalArgumentException("unknown precision " + precision);
        };
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
