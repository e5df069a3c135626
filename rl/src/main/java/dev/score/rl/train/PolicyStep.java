package dev.score.rl.train;

import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.task.Problem;
import java.util.List;

/**
 * One RL step's heavy work, wherever it runs: sample {@code k} two-attempt rollouts of each problem of a batch
 * (row {@code r} from {@code Rng.stream(streams, r)}), weigh them by the step's objective, and update the policy
 * with one {@link PolicyGradientStep}. {@link ScoreTrainer} keeps the rest (the batch, validation, checkpoints).
 */
public interface PolicyStep extends AutoCloseable {
    /** A step's rollouts, in batch order, and what its update saw. */
    record Outcome(List<Rollout> rollouts, PolicyGradientStep.Stats stats) {
    }

    /** Samples the batch with {@code policy} as it is now, then takes the AdamW step on it. */
    Outcome take(CausalLm policy, AdamW optimizer, float learningRate, List<Problem> batch, long streams,
            StageObjective objective);

    /** Lets go of what the steps held (a cluster's copies of the reference model); nothing by default. */
    @Override
    default void close() {
    }
}
