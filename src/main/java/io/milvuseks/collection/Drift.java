package io.milvuseks.collection;

/** One difference between the spec and the server: a dotted path, what the spec says, what the server has. */
public record Drift(String path, String spec, String server) {
    @Override
    public String toString() {
        return path + ": spec " + spec + ", server " + server;
    }
}
