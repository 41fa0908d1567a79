package io.milvuseks.config;

/** Vector element type and its size in bytes. */
public enum ElementType implements WireEnum {
    FLOAT32("float32", 4), FLOAT16("float16", 2), BFLOAT16("bfloat16", 2);

    private final String wire;
    private final int bytes;

    ElementType(String wire, int bytes) {
        this.wire = wire;
        this.bytes = bytes;
    }

    @Override
    public String wire() {
        return wire;
    }

    public int bytes() {
        return bytes;
    }
}
