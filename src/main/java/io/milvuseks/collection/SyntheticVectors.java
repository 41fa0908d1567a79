package io.milvuseks.collection;

import java.util.SplittableRandom;

/**
 * Seeded synthetic vectors: points scattered around a few random centres (clustered like real embeddings, which
 * makes approximate search harder than uniform noise), unit length so COSINE and IP agree.
 */
public final class SyntheticVectors {

    private SyntheticVectors() {
    }

    public static float[][] generate(int count, int dim, long seed) {
        var rnd = new SplittableRandom(seed);
        int clusters = Math.max(1, Math.min(32, count / 100));
        var centres = new float[clusters][dim];
        for (var c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) gaussian(rnd);
            }
        }
        var out = new float[count][dim];
        for (int i = 0; i < count; i++) {
            var c = centres[rnd.nextInt(clusters)];
            for (int d = 0; d < dim; d++) {
                out[i][d] = c[d] + 0.6f * (float) gaussian(rnd);
            }
            normalize(out[i]);
        }
        return out;
    }

    static void normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / n);
            }
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
