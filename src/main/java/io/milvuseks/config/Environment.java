package io.milvuseks.config;

public enum Environment implements WireEnum {
    STAGING, PROD;

    @Override
    public String wire() {
        return name().toLowerCase();
    }

    public boolean isProd() {
        return this == PROD;
    }
}
