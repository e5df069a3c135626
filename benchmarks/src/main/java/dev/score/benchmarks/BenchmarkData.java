package dev.score.benchmarks;

import java.util.SplittableRandom;

/** Seeded inputs for the benchmarks. */
final class BenchmarkData {

    private BenchmarkData() {
    }

    /** {@code n} floats uniform in {@code [-1, 1)}. */
    static float[] uniform(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
