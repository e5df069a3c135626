package dev.score.rl.train;

/**
 * REINFORCE with a leave-one-out baseline (RLOO): each of the {@code k} samples of a problem is judged
 * against the mean reward of the other {@code k − 1}, {@code A_i = r_i − (Σ_j r_j − r_i)/(k − 1)}. The
 * baseline does not depend on sample {@code i}, so the gradient stays unbiased, and a problem whose
 * samples all score alike teaches nothing.
 */
public final class RlooAdvantage {
    private RlooAdvantage() {
    }

    /** Advantages for {@code rewards} laid out as consecutive groups of {@code k} samples of one problem. */
    public static double[] of(double[] rewards, int k) {
        checkGroups(rewards.length, k);
        double[] advantages = new double[rewards.length];
        for (int group = 0; group < rewards.length; group += k) {
            double sum = 0;
            for (int i = group; i < group + k; i++) {
                sum += rewards[i];
            }
            for (int i = group; i < group + k; i++) {
                advantages[i] = rewards[i] - (sum - rewards[i]) / (k - 1);
            }
        }
        return advantages;
    }

    /** Fails unless {@code n} rewards split into groups of {@code k ≥ 2} samples. */
    static void checkGroups(int n, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("RLOO needs at least 2 samples per problem, got k = " + k);
        }
        if (n % k != 0) {
            throw new IllegalArgumentException(n + " rewards are not groups of " + k);
        }
    }
}
