package dev.score.rl.metrics;

import java.util.List;

/**
 * pass@k with the unbiased estimator of Chen et al. (2021, "Evaluating Large Language Models Trained
 * on Code"): from n samples of which c pass, the chance that at least one of k samples drawn without
 * replacement passes, 1 - C(n-c, k) / C(n, k). The ratio of binomials is computed as the product
 * prod_{i=n-c+1..n} (1 - k/i), which stays in [0, 1] where the binomials themselves would overflow.
 */
public final class PassAtK {

    /** One problem's samples: {@code n} drawn, {@code c} of them correct. */
    public record Samples(int n, int c) {
        public Samples {
            if (n < 1 || c < 0 || c > n) {
                throw new IllegalArgumentException("need n >= 1 and 0 <= c <= n, got n=" + n + ", c=" + c);
            }
        }
    }

    private PassAtK() {
    }

    /** The estimate for one problem; {@code k} must lie in 1..n. */
    public static double estimate(int n, int c, int k) {
        Samples samples = new Samples(n, c);
        if (k < 1 || k > samples.n()) {
            throw new IllegalArgumentException("need 1 <= k <= n, got k=" + k + ", n=" + n);
        }
        if (n - c < k) {
            // Every k-subset contains a correct sample.
            return 1.0;
        }
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }

    /** The mean of the per-problem estimates. */
    public static double mean(List<Samples> problems, int k) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("pass@k over no problems");
        }
        double total = 0;
        for (Samples s : problems) {
            total += estimate(s.n(), s.c(), k);
        }
        return total / problems.size();
    }
}
