package io.milvuseks.config;

/** Where Milvus keeps its write-ahead log. */
public enum MessageQueue implements WireEnum {
    /** Amazon MSK, TLS + SASL/SCRAM. */
    MSK,
    /** The chart's in-cluster Pulsar (pulsarv3) on the infra nodes. */
    PULSAR,
    /** Milvus 2.6's own WAL on the S3 bucket: no queue cluster at all. */
    WOODPECKER;

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
