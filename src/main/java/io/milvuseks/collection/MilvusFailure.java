package io.milvuseks.collection;

/** A failure of the bootstrap or verify step, already phrased as the one line the operator reads. */
public final class MilvusFailure extends RuntimeException {
    public MilvusFailure(String message) {
        super(message, null, false, false);
    }
}
