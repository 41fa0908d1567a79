package io.milvuseks.collection;

import io.milvuseks.config.MetricType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Brute-force top-k in Java: the ground truth recall is measured against. Row index = primary key. */
public final class ExactSearch {

    private ExactSearch() {
    }

    public static long[] topK(float[][] data, float[] query, int k, MetricType metric) {
        var scores = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            scores[i] = score(data[i], query, metric);
        }
        // Higher score is closer for IP/COSINE; for L2 the score is the distance, lower is closer.
        Comparator<Integer> closer = metric == MetricType.L2
                ? Comparator.comparingDouble(i -> scores[i])
                : Comparator.comparingDouble((Integer i) -> scores[i]).reversed();
        return IntStream.range(0, data.length).boxed().sorted(closer.thenComparing(i -> i)).limit(k)
                .mapToLong(Integer::longValue).toArray();
    }

    static double score(float[] a, float[] b, MetricType metric) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        double l2 = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
            double d = a[i] - b[i];
            l2 += d * d;
        }
        return switch (metric) {
            case L2 -> l2;
            case IP -> dot;
            case COSINE -> na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
        };
    }

    /** |found ∩ truth| / |truth|. */
    public static double recall(List<Long> found, long[] truth) {
        Set<Long> t = new java.util.HashSet<>();
        Arrays.stream(truth).forEach(t::add);
        return truth.length == 0 ? 1.0 : found.stream().filter(t::contains).distinct().count() / (double) truth.length;
    }
}
