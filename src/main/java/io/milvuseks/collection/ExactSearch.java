package io.milvuseks.collection;

import io.milvuseks.config.MetricType;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Brute-force top-k in Java: the ground truth recall is measured against. Row index = primary key. */
public final class ExactSearch {

    private ExactSearch() {
    }

    /**
     * The k rows closest to the query by the metric (ties by the lower row id), best first: one pass keeping the best
     * k in a bounded heap, so a 200,000-row scratch collection costs a scan per query, not a sort.
     */
    public static long[] topK(float[][] data, float[] query, int k, MetricType metric) {
        int n = Math.min(k, data.length);
        // the heap's head is the worst kept row: for L2 the largest distance, else the smallest score
        var worstFirst = java.util.Comparator.<double[]>comparingDouble(e -> metric == MetricType.L2 ? -e[0] : e[0])
                .thenComparing(e -> -e[1]);
        var heap = new java.util.PriorityQueue<double[]>(Math.max(1, n), worstFirst);
        double qNorm = metric == MetricType.COSINE ? norm(query) : 1;
        for (int i = 0; i < data.length; i++) {
            double s = fastScore(data[i], query, qNorm, metric);
            if (heap.size() < n) {
                heap.add(new double[] {s, i});
            } else if (n > 0 && worstFirst.compare(new double[] {s, i}, heap.peek()) > 0) {
                heap.poll();
                heap.add(new double[] {s, i});
            }
        }
        var out = new long[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            out[j] = (long) heap.poll()[1];
        }
        return out;
    }

    private static double fastScore(float[] a, float[] b, double bNorm, MetricType metric) {
        double acc = 0;
        double na = 0;
        for (int i = 0; i < a.length; i++) {
            if (metric == MetricType.L2) {
                double d = a[i] - b[i];
                acc += d * d;
            } else {
                acc += a[i] * b[i];
                na += a[i] * a[i];
            }
        }
        return switch (metric) {
            case L2, IP -> acc;
            case COSINE -> na == 0 || bNorm == 0 ? 0 : acc / Math.sqrt(na) / bNorm;
        };
    }

    private static double norm(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        return Math.sqrt(n);
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
