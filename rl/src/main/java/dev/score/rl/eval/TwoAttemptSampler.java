package dev.score.rl.eval;

import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Task;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.util.ProgressBar;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the two-attempt protocol over problems in batches, one sample each, with the rollout sampler the
 * trainer uses: attempt 2 continues the KV cache of problem and attempt 1, each attempt checked by the
 * task's verifier.
 */
public final class TwoAttemptSampler {
    private final Gpt2Model model;
    private final SelfCorrectionProtocol protocol;
    private final Task task;
    private final int maxAttemptTokens;
    private final int batchSize;

    public TwoAttemptSampler(Gpt2Model model, SelfCorrectionProtocol protocol, Task task, int maxAttemptTokens,
            int batchSize) {
        this.model = model;
        this.protocol = protocol;
        this.task = task;
        this.maxAttemptTokens = maxAttemptTokens;
        this.batchSize = batchSize;
    }

    /** Both attempts for every problem at {@code temperature} (0 = greedy). */
    public List<AttemptPair> run(List<Problem> problems, double temperature, Rng rng, String label) {
        RolloutSampler sampler = new RolloutSampler(protocol, task.verifier(), maxAttemptTokens);
        List<AttemptPair> pairs = new ArrayList<>(problems.size());
        try (ProgressBar progress = new ProgressBar(label, problems.size())) {
            for (int from = 0; from < problems.size(); from += batchSize) {
                List<Problem> chunk = problems.subList(from, Math.min(problems.size(), from + batchSize));
                for (Rollout r : sampler.sample(model, chunk, 1, temperature, rng)) {
                    pairs.add(new AttemptPair(r.problem(), r.attempt1(), r.attempt2(), r.reward1() == 1,
                            r.reward2() == 1));
                }
                progress.advance(chunk.size());
            }
        }
        return pairs;
    }
}
