package io.milvuseks.collection;

import java.time.Duration;

/** Doubling waits between attempts, capped per wait and bounded in total. */
public record Backoff(Duration first, Duration cap, Duration total) {

    public static Backoff standard(Duration total) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15), total);
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt) {
        long ms = first.toMillis();
        for (int i = 1; i < attempt && ms < cap.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, cap.toMillis()));
    }
}
