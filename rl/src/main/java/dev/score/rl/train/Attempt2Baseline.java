package dev.score.rl.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * The baseline attempt 2's shaped reward {@code r̂2 = r(y2) + α·(r(y2) − r(y1))} is judged against in Stage II.
 * <ul>
 *   <li>{@code rloo}: the leave-one-out mean of the other samples' {@code r̂2}, as for every other reward.</li>
 *   <li>{@code same_first_reward}: the leave-one-out mean of {@code (1 + α)·r(y2)} over the other samples whose
 *       attempt 1 scored the same (all the others when none did), minus {@code α·r(y1)}. Attempt 1 is already
 *       drawn when attempt 2 starts, so a baseline may depend on it without biasing attempt 2's gradient; this
 *       one removes the {@code −α·r(y1)} swing (±α between samples) that RLOO leaves in every advantage, so a
 *       right answer kept after a right attempt 1 counts as neutral rather than as a loss against samples
 *       that fixed a wrong one. The default.</li>
 * </ul>
 * Both estimate the same gradient. Under γ = 0 the bonus's {@code −α·r(y1)} never reaches attempt 2's
 * gradient in expectation, so with this baseline α shows as what it is: a {@code (1 + α)} weight on attempt 2's
 * learning signal against attempt 1's.
 */
public enum Attempt2Baseline {
    RLOO("rloo"),
    SAME_FIRST_REWARD("same_first_reward");

    private final String id;

    Attempt2Baseline(String id) {
        this.id = id;
    }

    public static Attempt2Baseline parse(String name) {
        return Arrays.stream(values()).filter(b -> b.id.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown attempt2_baseline '" + name
                        + "'; expected rloo or same_first_reward"));
    }

    /**
     * Attempt 2's advantages for rewards laid out as consecutive groups of {@code k} samples of one problem.
     */
    double[] advantages(double[] rewards1, double[] rewards2, double alpha, int k) {
        if (this == RLOO) {
            double[] shaped = new double[rewards1.length];
            for (int i = 0; i < shaped.length; i++) {
                shaped[i] = rewards2[i] + alpha * (rewards2[i] - rewards1[i]);
            }
            return RlooAdvantage.of(shaped, k);
        }
        RlooAdvantage.checkGroups(rewards2.length, k);
        // r̂2_i − ((1 + α)·E[r2 | same r1] − α·r1_i) = (1 + α)·(r2_i − E[r2 | same r1]).
        double[] advantages = new double[rewards2.length];
        for (int group = 0; group < rewards2.length; group += k) {
            for (int i = group; i < group + k; i++) {
                double same = 0;
                int sameCount = 0;
                double all = 0;
                for (int j = group; j < group + k; j++) {
                    if (j != i) {
                        all += rewards2[j];
                        if (rewards1[j] == rewards1[i]) {
                            same += rewards2[j];
                            sameCount++;
                        }
                    }
                }
                double expected2 = sameCount > 0 ? same / sameCount : all / (k - 1);
                advantages[i] = (1 + alpha) * (rewards2[i] - expected2);
            }
        }
        return advantages;
    }
}
