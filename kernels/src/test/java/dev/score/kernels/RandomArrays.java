package dev.score.kernels;

import java.util.SplittableRandom;

/** Seeded random inputs for kernel tests: the same seed gives the same arrays on every run and machine. */
public final class RandomArrays {

    private final SplittableRandom random;

    public RandomArrays(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code n} floats uniform in {@code [lo, hi)}. */
    public float[] uniform(int n, double lo, double hi) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(lo, hi);
        }
        return values;
    }

    /** {@code n} floats from a normal distribution with the given mean and standard deviation. */
    public float[] normal(int n, double mean, double std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + std * random.nextGaussian());
        }
        return values;
    }

    /** {@code n} ints uniform in {@code [0, bound)}. */
    public int[] indices(int n, int bound) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextInt(bound);
        }
        return values;
    }

    /** One int uniform in {@code [0, bound)}. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
