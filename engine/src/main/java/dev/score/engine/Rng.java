package dev.score.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded random generator whose whole state can be saved and restored, so that a resumed run
 * draws the same numbers as an uninterrupted one (java.util.Random's state cannot be read back).
 * xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
 */
public final class Rng {
    private final long[] s = new long[4];
    private double spareGaussian;
    private boolean hasSpareGaussian;

    public Rng(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            s[i] = mix(x);
        }
    }

    /**
     * Generator {@code index} of the family {@code seed} names: each row of a sampled batch draws from its own,
     * so what a row draws does not depend on which rows share its batch, and a shard of the batch draws what
     * those rows draw in the whole. The seed is mixed first, so the indices of one family, and the families
     * of neighbouring seeds, start from unrelated states.
     */
    public static Rng stream(long seed, long index) {
        return new Rng(mix(seed) + index);
    }

    /** {@code count} consecutive generators of the family {@code seed}, from index {@code first}. */
    public static List<Rng> streams(long seed, long first, int count) {
        List<Rng> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(stream(seed, first + i));
        }
        return out;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long x) {
        long z = x;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A generator continuing from a state returned by {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state.length != 6) {
            throw new IllegalArgumentException("an Rng state has 6 longs, got " + state.length);
        }
        Rng rng = new Rng(0);
        System.arraycopy(state, 0, rng.s, 0, 4);
        rng.hasSpareGaussian = state[4] != 0;
        rng.spareGaussian = Double.longBitsToDouble(state[5]);
        return rng;
    }

    /** The full state: the four xoshiro words, then the cached Gaussian flag and value. */
    public long[] state() {
        long[] state = Arrays.copyOf(s, 6);
        state[4] = hasSpareGaussian ? 1 : 0;
        state[5] = Double.doubleToRawLongBits(spareGaussian);
        return state;
    }

    public long nextLong() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Multiply-shift: the top 32 random bits scaled to [0, bound), bias below 2^-32 per value.
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Standard normal, by the Box-Muller transform (pairs, the second kept for the next call). */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = radius * Math.sin(2 * Math.PI * u2);
        hasSpareGaussian = true;
        return radius * Math.cos(2 * Math.PI * u2);
    }
}
