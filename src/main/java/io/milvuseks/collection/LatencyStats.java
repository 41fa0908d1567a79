package io.milvuseks.collection;

import java.util.Arrays;

/** Nearest-rank percentiles of measured latencies (milliseconds). */
public record LatencyStats(int count, double p50, double p95, double p99, double max) {

    public static LatencyStats of(double[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no latencies measured");
        }
        var s = millis.clone();
        Arrays.sort(s);
        return new LatencyStats(s.length, rank(s, 50), rank(s, 95), rank(s, 99), s[s.length - 1]);
    }

    static double rank(double[] sorted, int percentile) {
        int r = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, r - 1)];
    }
}
