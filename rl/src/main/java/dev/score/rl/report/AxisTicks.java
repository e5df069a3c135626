package dev.score.rl.report;

import java.util.Locale;

/**
 * Where an axis puts its ticks: at round values, a step of 1, 2 or 5 × 10^k, the smallest such step that
 * covers the data in at most {@code maxIntervals} intervals, from the last tick at or below the data's
 * minimum to the first at or above its maximum (so 0.137–0.642 gets 0.1, 0.2, …, 0.7, and 0–300 steps
 * 0, 50, …, 300). The labels carry as many decimals as the step needs and no more.
 */
record AxisTicks(long first, long last, long mantissa, int exponent) {
    private static final long[] MANTISSAS = {1, 2, 5};

    /**
     * Ticks covering [{@code min}, {@code max}]; {@code wholeNumbers} keeps the step at 1 or more (an axis
     * of training steps). A one-point range is widened by half its magnitude (or ½) on each side.
     */
    static AxisTicks covering(double min, double max, int maxIntervals, boolean wholeNumbers) {
        if (!(Double.isFinite(min) && Double.isFinite(max)) || maxIntervals < 2) {
            throw new IllegalArgumentException("finite bounds and at least two intervals expected, got " + min + ", "
                    + max + ", " + maxIntervals);
        }
        if (max < min) {
            throw new IllegalArgumentException("max " + max + " is below min " + min);
        }
        if (max == min) {
            double half = min != 0 ? Math.abs(min) / 2 : 0.5;
            min -= half;
            max += half;
        }
        double range = max - min;
        int exponent = (int) Math.floor(Math.log10(range / maxIntervals));
        if (wholeNumbers) {
            exponent = Math.max(exponent, 0);
        }
        // The candidates from 1·10^exponent upward, the first whose aligned intervals fit being the step: the
        // search ends, as a large enough step covers any range in one or two intervals.
        for (int decade = exponent; ; decade++) {
            for (long mantissa : MANTISSAS) {
                double step = mantissa * Math.pow(10, decade);
                long first = (long) Math.floor(min / step + 1e-9);
                long last = (long) Math.ceil(max / step - 1e-9);
                if (last == first) {
                    last++;
                }
                if (last - first <= maxIntervals) {
                    return new AxisTicks(first, last, mantissa, decade);
                }
            }
        }
    }

    /** The distance between two ticks. */
    double step() {
        return mantissa * Math.pow(10, exponent);
    }

    /** The number of ticks. */
    int count() {
        return (int) (last - first + 1);
    }

    /** The value of tick {@code i}, 0 the lowest. */
    double value(int i) {
        // Scaled by an exact power of ten, so 3 × 0.1 reads 0.3 and not 0.30000000000000004.
        long units = (first + i) * mantissa;
        return exponent >= 0 ? units * Math.pow(10, exponent) : units / Math.pow(10, -exponent);
    }

    double low() {
        return value(0);
    }

    double high() {
        return value(count() - 1);
    }

    /** Tick {@code i}'s label: {@code 0.3}, {@code 50}, {@code 0.05}. */
    String label(int i) {
        return String.format(Locale.ROOT, "%." + Math.max(0, -exponent) + "f", value(i));
    }
}
