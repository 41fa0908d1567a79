package io.milvuseks.config;

/** One thing wrong with the stack config: the key (a dotted path) and what it accepts. */
public record ConfigProblem(String key, String message) {
    @Override
    public String toString() {
        return "config error: " + key + ": " + message;
    }
}
