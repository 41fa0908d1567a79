package io.milvuseks.collection;

import io.milvuseks.config.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SearchMathTest {

    @Test
    void syntheticVectorsAreSeededAndUnitLength() {
        var a = SyntheticVectors.generate(200, 16, 7);
        var b = SyntheticVectors.generate(200, 16, 7);
        var c = SyntheticVectors.generate(200, 16, 8);
        assertThat(a).isDeepEqualTo(b);
        assertThat(a[0]).isNotEqualTo(c[0]);
        for (var v : a) {
            double n = 0;
            for (float x : v) {
                n += x * x;
            }
            assertThat(Math.sqrt(n)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void exactSearchRanksByTheMetric() {
        float[][] data = {{1, 0}, {0, 1}, {3, 0}, {0.9f, 0.1f}};
        float[] q = {1, 0};
        // L2: nearest first; IP: largest dot first; COSINE: direction only, ties broken by id.
        assertThat(ExactSearch.topK(data, q, 3, MetricType.L2)).containsExactly(0, 3, 1);
        assertThat(ExactSearch.topK(data, q, 2, MetricType.IP)).containsExactly(2, 0);
        assertThat(ExactSearch.topK(data, q, 3, MetricType.COSINE)).containsExactly(0, 2, 3);
    }

    /** The bounded heap gives what sorting every row by (score, id) and taking k gives, ties and all. */
    @net.jqwik.api.Property(tries = 200)
    void exactSearchIsTheFirstKOfAFullSort(@net.jqwik.api.ForAll long seed,
                                           @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40)
                                           int k, @net.jqwik.api.ForAll MetricType metric) {
        var rnd = new java.util.SplittableRandom(seed);
        // few distinct coordinates, so equal scores (ties) are common
        var data = new float[30][3];
        for (var v : data) {
            for (int d = 0; d < v.length; d++) {
                v[d] = rnd.nextInt(3) - 1;
            }
        }
        float[] q = {rnd.nextInt(3) - 1, 1, rnd.nextInt(3) - 1};
        java.util.Comparator<Integer> closer = metric == MetricType.L2
                ? java.util.Comparator.comparingDouble(i -> ExactSearch.score(data[i], q, metric))
                : java.util.Comparator.comparingDouble((Integer i) -> ExactSearch.score(data[i], q, metric)).reversed();
        var expected = IntStream.range(0, data.length).boxed().sorted(closer.thenComparing(i -> i)).limit(k)
                .mapToLong(Integer::longValue).toArray();
        assertThat(ExactSearch.topK(data, q, k, metric)).containsExactly(expected);
    }

    @Test
    void recallIsTheShareOfTrueNeighboursFound() {
        assertThat(ExactSearch.recall(List.of(1L, 2L, 3L, 9L), new long[]{1, 2, 3, 4})).isEqualTo(0.75);
        assertThat(ExactSearch.recall(List.of(1L, 1L), new long[]{1, 2})).isEqualTo(0.5);
    }

    @Test
    void percentilesAreNearestRank() {
        var ms = IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray();
        var s = LatencyStats.of(ms);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p95()).isEqualTo(95);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
        assertThat(LatencyStats.of(new double[]{4.0}).p99()).isEqualTo(4.0);
    }
}
