package io.milvuseks.config;

public enum MetricType implements WireEnum {
    L2, IP, COSINE;

    @Override
    public String wire() {
        return name();
    }
}
