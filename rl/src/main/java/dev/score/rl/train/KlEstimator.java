package dev.score.rl.train;

import java.util.Locale;

/**
 * How the per-token KL to the frozen base model is computed. {@code EXACT} sums over the whole vocabulary
 * (cheap at our vocabulary sizes, and the lowest-variance choice); {@code K3} is Schulman's unbiased,
 * never-negative estimate from the sampled token, differentiated directly; {@code K1},
 * {@code log π − log π_ref} of the sampled token, has a zero-mean gradient as a loss, so it is applied the
 * classic RLHF way, as a (detached) penalty subtracted from the token's advantage.
 */
public enum KlEstimator {
    EXACT, K3, K1;

    public static KlEstimator parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown KL estimator '" + name + "'; expected exact, k3 or k1");
        }
    }
}
