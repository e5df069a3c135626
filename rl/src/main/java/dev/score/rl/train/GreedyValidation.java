package dev.score.rl.train;

import dev.score.engine.CausalLm;
import dev.score.engine.Rng;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.eval.TwoAttemptSampler;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The validation every trainer keeps its best policy by: both attempts, greedy, on the run's validation
 * problems, and {@code best/} holding the policy whose Accuracy@t2 was the highest so far (with its
 * tokenizer, so it is a model directory the other commands accept). The RL trainer validates every
 * {@code eval_every} steps, the supervised baselines after every round; the test split is never looked at.
 */
final class GreedyValidation {
    private final Task task;
    private final SelfCorrectionProtocol protocol;
    private final List<Problem> problems;
    private final TwoAttemptSampler sampler;
    private final long seed;
    private final Path best;
    private double bestAccT2;

    /** Validates {@code policy} (trained in place) into {@code best}, starting from a best of {@code bestAccT2}. */
    GreedyValidation(ScoreConfig config, Task task, SelfCorrectionProtocol protocol, CausalLm policy, Path best,
            double bestAccT2) {
        this.task = task;
        this.protocol = protocol;
        this.problems = task.problems(Split.VALIDATION, config.validationProblems(), config.seed());
        this.sampler = new TwoAttemptSampler(policy, protocol, task, config.maxAttemptTokens(), 64);
        this.seed = config.seed();
        this.best = best;
        this.bestAccT2 = bestAccT2;
    }

    /** Measures the policy as it is now, and saves it as the best when its Accuracy@t2 beats every earlier one. */
    SelfCorrectionMetrics measure(CausalLm policy) throws IOException {
        SelfCorrectionMetrics val = SelfCorrectionMetrics.of(sampler.run(problems, 0, new Rng(seed), "  validation"),
                task);
        if (val.accT2() > bestAccT2) {
            bestAccT2 = val.accT2();
            policy.save(best);
            protocol.saveWith(best);
        }
        return val;
    }

    /** The best validation Accuracy@t2 so far; −1 before the first validation. */
    double bestAccT2() {
        return bestAccT2;
    }
}
