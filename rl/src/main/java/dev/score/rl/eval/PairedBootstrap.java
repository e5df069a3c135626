package dev.score.rl.eval;

import dev.score.engine.Rng;
import java.util.Arrays;
import java.util.List;

/**
 * A 95 % interval for a difference of two accuracies measured on the same problems (two methods' Acc@t2,
 * or one method's two attempts, whose difference is Δ), by the paired bootstrap: draw the problems again
 * with replacement, the same draw for both sides, take the mean difference over each draw, and read the
 * 2.5th and 97.5th percentiles of those means. Pairing keeps what the two sides share (the same easy and
 * hard problems) out of the interval, so it is narrower than comparing two independent samples would be.
 */
public final class PairedBootstrap {
    /** The resamples an interval is read from, enough for two-digit percentiles to settle. */
    public static final int RESAMPLES = 4000;

    /** The mean difference and its 95 % interval, as fractions. */
    public record Interval(double estimate, double low, double high) {
        /** Whether the interval leaves out 0: the difference is not noise at this level. */
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    private PairedBootstrap() {
    }

    /** The interval of mean(a) − mean(b), {@code a[i]} and {@code b[i]} being one problem's outcomes. */
    public static Interval meanDifference(boolean[] a, boolean[] b, int resamples, long seed) {
        int n = a.length;
        if (n == 0 || b.length != n) {
            throw new IllegalArgumentException("paired outcomes of equal, non-zero length expected, got " + n
                    + " and " + b.length);
        }
        int[] difference = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            difference[i] = (a[i] ? 1 : 0) - (b[i] ? 1 : 0);
            total += difference[i];
        }
        Rng rng = new Rng(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += difference[rng.nextInt(n)];
            }
            means[r] = (double) sum / n;
        }
        Arrays.sort(means);
        return new Interval((double) total / n, means[(int) Math.floor(0.025 * (resamples - 1))],
                means[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    /** Δ's interval for one method: attempt 2's accuracy minus attempt 1's on the same problems. */
    public static Interval delta(List<AttemptPair> pairs, long seed) {
        return meanDifference(correct(pairs, 2), correct(pairs, 1), RESAMPLES, seed);
    }

    /** The interval of {@code a}'s Acc@t2 minus {@code b}'s, both evaluated on the same problems in order. */
    public static Interval accT2Difference(List<AttemptPair> a, List<AttemptPair> b, long seed) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).problem().equals(b.get(i).problem())) {
                throw new IllegalArgumentException("problem " + i + " differs: the outcomes are not paired");
            }
        }
        return meanDifference(correct(a, 2), correct(b, 2), RESAMPLES, seed);
    }

    private static boolean[] correct(List<AttemptPair> pairs, int attempt) {
        boolean[] out = new boolean[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = attempt == 1 ? pairs.get(i).correct1() : pairs.get(i).correct2();
        }
        return out;
    }
}
