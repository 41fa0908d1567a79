package io.milvuseks.collection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EmbeddingLikeVectorsTest {

    static final int DIM = 384;

    @Test
    void seededUnitLengthAndQueriesAreNotRows() {
        var a = EmbeddingLikeVectors.model(DIM, 7);
        var base = a.base(300);
        assertThat(base).isDeepEqualTo(EmbeddingLikeVectors.model(DIM, 7).base(300));
        assertThat(base[0]).isNotEqualTo(EmbeddingLikeVectors.model(DIM, 8).base(1)[0]);
        // a longer draw starts with the same rows: verify's rows do not depend on how many are asked for
        assertThat(a.base(301)[299]).isEqualTo(base[299]);
        assertThat(base).hasNumberOfRows(300);
        for (var v : base) {
            assertThat(v).hasSize(DIM);
            assertThat(Math.sqrt(dot(v, v))).isCloseTo(1.0, within(1e-5));
        }
        var queries = a.queries(50);
        for (var q : queries) {
            for (var v : base) {
                assertThat(q).isNotEqualTo(v);
            }
        }
    }

    /**
     * The structure an index meets in text embeddings: a common direction (random pairs have a positive cosine),
     * clusters (a query's nearest row is far closer than a random one) and few effective dimensions (the centred
     * spectrum's participation ratio, (sum of eigenvalues)^2 / sum of their squares, well below the dimension; about
     * 277 for 1,000 isotropic vectors of 384-d).
     */
    @Test
    void anisotropicClusteredAndOfLowEffectiveDimension() {
        var model = EmbeddingLikeVectors.model(DIM, 42);
        var base = model.base(2000);
        var queries = model.queries(100);

        double pairs = 0;
        for (int i = 0; i < 1000; i++) {
            pairs += dot(base[i], base[1000 + i]) / 1000;
        }
        double nearest = 0;
        for (var q : queries) {
            double best = -1;
            for (var v : base) {
                best = Math.max(best, dot(q, v));
            }
            nearest += best / queries.length;
        }
        double ratio = participationRatio(base, 1000);
        System.out.printf("EmbeddingLikeVectorsTest: random-pair cosine %.3f, nearest %.3f, participation ratio %.1f%n",
                pairs, nearest, ratio);
        assertThat(pairs).as("random-pair cosine").isBetween(0.1, 0.3);
        assertThat(nearest).as("a query's nearest row").isGreaterThan(pairs + 0.4);
        assertThat(ratio).as("participation ratio of %d dimensions", DIM).isLessThan(40);
        // the measure itself: isotropic unit vectors spread over every dimension
        var rnd = new java.util.SplittableRandom(42);
        var isotropic = new float[1000][DIM];
        for (var v : isotropic) {
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) (rnd.nextDouble() - 0.5);
            }
            SyntheticVectors.normalize(v);
        }
        assertThat(participationRatio(isotropic, 1000)).isGreaterThan(200);
    }

    /** (tr C)^2 / tr(C^2) of the centred covariance C of the first n rows, through their Gram matrix. */
    static double participationRatio(float[][] rows, int n) {
        var mean = new double[rows[0].length];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += rows[i][d] / (double) n;
            }
        }
        var c = new float[n][mean.length];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < mean.length; d++) {
                c[i][d] = (float) (rows[i][d] - mean[d]);
            }
        }
        double trace = 0;
        double traceOfSquare = 0;
        for (int i = 0; i < n; i++) {
            trace += dot(c[i], c[i]);
            for (int j = 0; j < n; j++) {
                double g = dot(c[i], c[j]);
                traceOfSquare += g * g;
            }
        }
        return trace * trace / traceOfSquare;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
