package io.milvuseks.collection;

import java.util.SplittableRandom;

/**
 * Seeded synthetic vectors shaped like text embeddings, for verify's scratch collection. bench/search-rates/data.py's
 * low-intrinsic-dimension Gaussian mixture, made anisotropic as sentence embeddings are: in a {@code latent}-d space,
 * {@code centres} centres, latent dimension l scaled by (1 + l)^-{@code decay} (a decaying spectrum, not a flat one);
 * a latent point is a centre (picked uniformly) + {@code spread} x the same scaled N(0, I); the vector is the latent
 * point x W (a fixed latent x dim Gaussian map, N(0, 1/latent)) + {@code noise} x N(0, I) in the full dimension,
 * normalised, then shifted by a common direction of length {@code mean} and normalised again (so COSINE and IP agree,
 * and two random rows have a cosine near 0.2, not 0). Queries come from the same model through their own random
 * stream, never rows of the base. {@link #SHAPE} says how it was calibrated.
 */
public final class EmbeddingLikeVectors {

    /** The mixture's parameters. */
    public record Shape(int latent, int centres, double spread, double noise, double decay, double mean) {
    }

    /**
     * Latent 64-d, 1,024 centres, spread 0.8, noise 0.1, decay 0.5, mean 0.5. data.py's shape (latent 32, spread 0.7,
     * noise 0.05, flat spectrum, no common direction) is calibrated to IVF on real text embeddings but is easy for a
     * graph: on the real engine (Milvus 2.3.5, HNSW M 16, efConstruction 300, 120,000 x 384-d) ef 10 already recalled
     * 0.96. This one, 50,000 x 384-d, same index, through verify: ef 10 -> 0.90, 32 -> 0.97-0.98, 100 -> 0.998 (a
     * numpy twin of it: ef 24 -> 0.96) — still easier than Cohere's 1M embeddings, where HNSW_SQ (SQ8) needs ef 100
     * for 0.953 (VectorDBBench result_20250509). Measured 2026-12-07.
     */
    public static final Shape SHAPE = new Shape(64, 1024, 0.8, 0.1, 0.5, 0.5);

    private final Shape shape;
    private final int dim;
    private final long seed;
    private final double[] scale;
    private final float[][] centres;
    private final float[][] map;
    private final float[] direction;

    private EmbeddingLikeVectors(Shape shape, int dim, long seed) {
        this.shape = shape;
        this.dim = dim;
        this.seed = seed;
        var rnd = new SplittableRandom(seed);
        scale = new double[shape.latent()];
        for (int l = 0; l < scale.length; l++) {
            scale[l] = Math.pow(1 + l, -shape.decay());
        }
        centres = new float[shape.centres()][shape.latent()];
        for (var c : centres) {
            for (int l = 0; l < c.length; l++) {
                c[l] = (float) (gaussian(rnd) * scale[l]);
            }
        }
        map = new float[shape.latent()][dim];
        double w = 1 / Math.sqrt(shape.latent());
        for (var row : map) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) (gaussian(rnd) * w);
            }
        }
        direction = new float[dim];
        for (int d = 0; d < dim; d++) {
            direction[d] = (float) gaussian(rnd);
        }
        SyntheticVectors.normalize(direction);
    }

    public static EmbeddingLikeVectors model(int dim, long seed) {
        return new EmbeddingLikeVectors(SHAPE, dim, seed);
    }

    public static EmbeddingLikeVectors model(Shape shape, int dim, long seed) {
        return new EmbeddingLikeVectors(shape, dim, seed);
    }

    /** The collection's rows. */
    public float[][] base(int count) {
        return draw(count, new SplittableRandom(seed ^ 0x5deece66dL));
    }

    /** Queries from the same model, a stream of their own. */
    public float[][] queries(int count) {
        return draw(count, new SplittableRandom(seed ^ 0x2545f4914f6cdd1dL));
    }

    private float[][] draw(int count, SplittableRandom rnd) {
        var out = new float[count][dim];
        var z = new double[shape.latent()];
        for (int i = 0; i < count; i++) {
            var c = centres[rnd.nextInt(centres.length)];
            for (int l = 0; l < z.length; l++) {
                z[l] = c[l] + shape.spread() * scale[l] * gaussian(rnd);
            }
            var v = out[i];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) (shape.noise() * gaussian(rnd));
            }
            for (int l = 0; l < z.length; l++) {
                float zl = (float) z[l];
                var row = map[l];
                for (int d = 0; d < dim; d++) {
                    v[d] += zl * row[d];
                }
            }
            SyntheticVectors.normalize(v);
            for (int d = 0; d < dim; d++) {
                v[d] += (float) (shape.mean() * direction[d]);
            }
            SyntheticVectors.normalize(v);
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
