package dev.score.rl.train;

import dev.score.engine.CausalLm;
import dev.score.rl.rollout.RolloutSampler;

/**
 * Where a training run's {@link PolicyStep}s run: {@link #IN_PROCESS}, or on a cluster's workers (the
 * distributed module's Spark steps), which must give the same rollouts and, up to the order of float sums, the
 * same update.
 */
public interface PolicySteps {
    /** Sampling and the update in this process, with {@code sampler} and {@code update} as they are. */
    PolicySteps IN_PROCESS = (config, sampler, update, reference) ->
            (policy, optimizer, learningRate, batch, streams, objective) -> {
                var rollouts = sampler.sample(policy, batch, config.samplesPerProblem(), config.temperature(),
                        streams, 0);
                var stats = update.apply(policy, reference, optimizer, learningRate, rollouts,
                        objective.weigh(rollouts, config.samplesPerProblem()));
                return new PolicyStep.Outcome(rollouts, stats);
            };

    /**
     * The steps of one training run of {@code config}: rollouts as {@code sampler} makes them, updates as
     * {@code update} takes them, against the frozen {@code reference}.
     */
    PolicyStep open(ScoreConfig config, RolloutSampler sampler, PolicyGradientStep update, CausalLm reference);
}
