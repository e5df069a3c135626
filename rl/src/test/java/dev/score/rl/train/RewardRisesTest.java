package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.AdamW;
import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Verifier;
import dev.score.tokenizer.BpeTrainer;
import dev.score.tokenizer.SpecialTokens;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The RL loop learns a task a policy gradient cannot miss: an attempt earns 1 when its first character is
 * a lowercase ASCII letter, which a randomly initialised model over a byte vocabulary (260 ids) writes
 * about one time in ten. The loop is ScoreTrainer's: on-policy rollouts, RLOO advantages of Stage II's
 * objective (without shaping or KL), one {@link PolicyGradientStep} per batch.
 */
class RewardRisesTest {
    private static final int STEPS = 24;
    private static final int WINDOW = 5;
    private static final int SAMPLES = 4;

    private static final Verifier STARTS_WITH_A_LETTER = (problem, attempt) -> !attempt.isEmpty()
            && attempt.charAt(0) >= 'a' && attempt.charAt(0) <= 'z';

    @Test
    void meanRewardRisesFromChanceToNearlyAlwaysAndRepeats() {
        double[] rewards = train(STEPS);
        double first = mean(Arrays.copyOfRange(rewards, 0, WINDOW));
        double last = mean(Arrays.copyOfRange(rewards, STEPS - WINDOW, STEPS));
        String curve = Arrays.toString(rewards);
        assertTrue(first < 0.3, "the task starts near chance (26 of 260 ids): " + curve);
        assertTrue(last > 0.8 && last - first > 0.5, "the mean reward rises: " + curve);
        assertArrayEquals(Arrays.copyOf(rewards, 8), train(8), 0, "the same seed gives the same run");
    }

    /** Each step's mean reward over both attempts of every rollout. */
    private static double[] train(int steps) {
        try (Backend backend = Backends.create("scalar", 2)) {
            SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(
                    BpeTrainer.train("any text", 260, SpecialTokens.ALL), "again");
            Gpt2Config config = Gpt2Config.of(260, 32, 16, 1, 2);
            Gpt2Model policy = Gpt2Model.initialized(config, backend, 3);
            Gpt2Model reference = Gpt2Model.initialized(config, backend, 3);
            List<Problem> problems = IntStream.range(0, 8)
                    .mapToObj(i -> new Problem("p" + i, 1, "problem " + i, "", "")).toList();
            RolloutSampler sampler = new RolloutSampler(protocol, STARTS_WITH_A_LETTER, 3);
            PolicyGradientStep update = new PolicyGradientStep(KlEstimator.EXACT, 1.0);
            StageObjective objective = StageObjective.stageTwo(0, 0, 0, Attempt2Baseline.RLOO);
            AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
            Rng rng = new Rng(7);
            double[] rewards = new double[steps];
            for (int step = 0; step < steps; step++) {
                List<Rollout> rollouts = sampler.sample(policy, problems, SAMPLES, 1.0, rng);
                rewards[step] = rollouts.stream().mapToDouble(r -> (r.reward1() + r.reward2()) / 2).average()
                        .orElseThrow();
                update.apply(policy, reference, optimizer, 3e-2f, rollouts, objective.weigh(rollouts, SAMPLES));
            }
            return rewards;
        }
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
