package io.milvuseks.config;

public enum ConsistencyLevel implements WireEnum {
    STRONG, BOUNDED, SESSION, EVENTUALLY;

    @Override
    public String wire() {
        return name();
    }
}
