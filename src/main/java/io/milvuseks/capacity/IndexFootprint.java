package io.milvuseks.capacity;

import io.milvuseks.config.ElementType;
import io.milvuseks.config.IndexSpec;
import io.milvuseks.config.IndexType;

import static io.milvuseks.capacity.Assumptions.*;

/**
 * Bytes one index takes per vector and per segment, in memory and on local disk (knowhere layouts; the Milvus
 * sizing tool uses the same per-vector terms). Raw vectors are not kept beside an index that stores them (FLAT,
 * IVF_FLAT, HNSW), and quantised indexes answer from their codes (Milvus does not load the raw field then).
 */
public record IndexFootprint(double memoryPerVector, double memoryPerSegment, double diskPerVector) {

    public static IndexFootprint of(IndexSpec index, int dim, ElementType element) {
        double raw = (double) dim * element.bytes();
        int nlist = index.param("nlist", 4096);
        double centroids = (double) nlist * dim * CENTROID_ELEMENT_BYTES;
        int m = index.param("M", 16);
        // hnswlib: level 0 holds 2M links + count; upper levels (M links + count) with probability 1/M each
        double graph = 2.0 * m * 4 + 4 + HNSW_LABEL_BYTES + HNSW_LEVEL_POINTER_BYTES + (4.0 * m + 4) / (m - 1);
        return switch (index.type()) {
            case FLAT -> new IndexFootprint((double) dim * FAISS_FLOAT_BYTES, 0, 0);
            // faiss IndexIVFFlat: float32 vector + id in its inverted list; nlist centroids per segment
            case IVF_FLAT -> new IndexFootprint((double) dim * FAISS_FLOAT_BYTES + IVF_ID_BYTES, centroids, 0);
            // faiss IndexIVFScalarQuantizer QT_8bit: one byte per dimension + id
            case IVF_SQ8 -> new IndexFootprint((double) dim + IVF_ID_BYTES, centroids, 0);
            case IVF_PQ -> {
                int pqM = index.param("m", Math.max(1, dim / 8));
                int nbits = index.param("nbits", 8);
                double code = Math.ceil(pqM * nbits / 8.0);
                // PQ codebook: 2^nbits centroids of dim/m floats for each of the m sub-spaces
                double codebook = Math.pow(2, nbits) * dim * 4;
                yield new IndexFootprint(code + IVF_ID_BYTES, centroids + codebook, 0);
            }
            case IVF_RABITQ -> new IndexFootprint(Math.ceil(dim / 8.0) + RABITQ_FACTOR_BYTES + IVF_ID_BYTES
                    + refine(index, dim), centroids, 0);
            case HNSW -> new IndexFootprint(raw + graph, 0, 0);
            // sq_type codes (SQ8 by default) in the graph, plus the refine copy when refine is on
            case HNSW_SQ -> new IndexFootprint((double) dim * IndexType.bytesPerDim(index.option("sq_type", "SQ8"))
                    + graph + refine(index, dim), 0, 0);
            case DISKANN -> {
                // memory: PQ codes + cached nodes, as budgets relative to the raw vector bytes (milvus.yaml DiskIndex)
                double mem = raw * (DISKANN_PQ_RATIO + DISKANN_CACHE_RATIO);
                // disk: each node is its full-precision vector + neighbour count + MaxDegree ids, packed whole into
                // 4 KiB sectors (a node larger than a sector takes whole sectors of its own)
                double node = raw + 4 + 4.0 * DISKANN_MAX_DEGREE;
                double perVector = node <= DISKANN_SECTOR_BYTES
                        ? (double) DISKANN_SECTOR_BYTES / Math.floor(DISKANN_SECTOR_BYTES / node)
                        : Math.ceil(node / DISKANN_SECTOR_BYTES) * DISKANN_SECTOR_BYTES;
                yield new IndexFootprint(mem, 0, perVector);
            }
        };
    }

    /**
     * Milvus 2.6 refine (milvus.io/docs/hnsw-sq.md, ivf-rabitq.md): the index keeps a second copy of every vector at
     * refine_type's precision (FP32 when not given) to rerank with; none without refine.
     */
    static double refine(IndexSpec index, int dim) {
        return index.refined() ? dim * IndexType.bytesPerDim(index.option("refine_type", "FP32")) : 0;
    }

    /** Sealed segment size limit for the index type (DiskANN segments may be twice as large). */
    public static long segmentMaxBytes(IndexType type) {
        return type == IndexType.DISKANN ? DISK_SEGMENT_MAX_BYTES : SEGMENT_MAX_BYTES;
    }
}
