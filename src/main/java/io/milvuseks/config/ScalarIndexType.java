package io.milvuseks.config;

/** Index on the timestamp field. */
public enum ScalarIndexType implements WireEnum {
    STL_SORT, INVERTED;

    @Override
    public String wire() {
        return name();
    }
}
