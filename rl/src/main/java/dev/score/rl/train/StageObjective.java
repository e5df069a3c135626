package dev.score.rl.train;

import dev.score.rl.rollout.Rollout;
import java.io.Serializable;
import java.util.List;

/**
 * What one kind of training step optimizes, as per-attempt weights: whether each attempt's tokens get a
 * policy-gradient term, the shaping bonus {@code α} on attempt 2, and the KL weight on each attempt.
 * <ul>
 *   <li>Stage I: attempt 2 trained on {@code r(y2)}; attempt 1 gets no reward term, only the strong
 *       KL {@code β2} that pins it to the base model; {@code β1} on attempt 2.</li>
 *   <li>Stage II: both attempts trained, attempt 2 on {@code r(y2) + α·(r(y2) − r(y1))} against the chosen
 *       {@link Attempt2Baseline}; {@code β1} on attempt 2 and a KL weight of its own on attempt 1 (β1 in the
 *       paper).</li>
 *   <li>Single turn: attempt 1 trained on {@code r(y1)} alone (the "without multi-turn training" ablation).</li>
 * </ul>
 * With γ = 0 each attempt's tokens see only that attempt's (shaped) reward, baselined by RLOO over the
 * {@code k} samples of the same problem.
 */
public record StageObjective(String name, boolean trainAttempt1, boolean trainAttempt2, double alpha,
        double klWeight1, double klWeight2, Attempt2Baseline baseline2) {

    public static StageObjective stageOne(double beta1, double beta2) {
        return new StageObjective("I", false, true, 0, beta2, beta1, Attempt2Baseline.RLOO);
    }

    public static StageObjective stageTwo(double alpha, double beta1, double klWeight1, Attempt2Baseline baseline2) {
        return new StageObjective("II", true, true, alpha, klWeight1, beta1, baseline2);
    }

    public static StageObjective singleTurn(double beta1) {
        return new StageObjective("single", true, false, 0, beta1, 0, Attempt2Baseline.RLOO);
    }

    /** The advantage and KL weight of each rollout's attempts; rollouts come in groups of {@code k}. */
    public List<AttemptWeights> weigh(List<Rollout> rollouts, int k) {
        int n = rollouts.size();
        double[] rewards1 = new double[n];
        double[] rewards2 = new double[n];
        for (int i = 0; i < n; i++) {
            rewards1[i] = rollouts.get(i).reward1();
            rewards2[i] = rollouts.get(i).reward2();
        }
        double[] advantages1 = RlooAdvantage.of(rewards1, k);
        double[] advantages2 = baseline2.advantages(rewards1, rewards2, alpha, k);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new AttemptWeights(
                trainAttempt1 ? advantages1[i] : 0, trainAttempt2 ? advantages2[i] : 0, klWeight1, klWeight2))
                .toList();
    }

    /** One rollout's weights: the advantage each attempt's tokens are pushed by, and each attempt's KL weight. */
    public record AttemptWeights(double advantage1, double advantage2, double klWeight1, double klWeight2)
            implements Serializable {
    }
}
