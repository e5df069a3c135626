package dev.score.rl.eval;

import dev.score.engine.CausalLm;
import dev.score.engine.Rng;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Task;
import dev.score.rl.util.ProgressBar;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the two-attempt protocol over problems in batches, one sample each, with the rollout sampler the
 * trainer uses: attempt 2 continues the KV cache of problem and attempt 1, each attempt checked by the
 * task's verifier.
 */
public final class TwoAttemptSampler {
    private final CausalLm model;
    private final SelfCorrectionProtocol protocol;
    private final Task task;
    private final int maxAttemptTokens;
    private final int batchSize;
    /** One for every run, so that its KV caches serve every run (a validation every few steps) too. */
    private final RolloutSampler sampler;

    public TwoAttemptSampler(CausalLm model, SelfCorrectionProtocol protocol, Task task, int maxAttemptTokens,
            int batchSize) {
        this.model = model;
        this.protocol = protocol;
        this.task = task;
        this.maxAttemptTokens = maxAttemptTokens;
        this.batchSize = batchSize;
        this.sampler = new RolloutSampler(protocol, task.verifier(), maxAttemptTokens);
    }

    /**
     * Both attempts for every problem at {@code temperature} (0 = greedy), in the order given. A problem whose
     * prompt and two attempts of the allowed length exceed the model's context is not sampled: it counts as
     * {@linkplain AttemptPair#unanswered unanswered}, so a long problem cannot stop an evaluation midway.
     */
    public List<AttemptPair> run(List<Problem> problems, double temperature, Rng rng, String label) {
        long context = model.config().nPositions();
        AttemptPair[] pairs = new AttemptPair[problems.size()];
        List<Integer> fitting = new ArrayList<>(problems.size());
        for (int i = 0; i < problems.size(); i++) {
            int promptLength = protocol.firstPrompt(problems.get(i).statement()).length;
            if (protocol.longestConversation(promptLength, maxAttemptTokens) > context) {
                pairs[i] = AttemptPair.unanswered(problems.get(i));
            } else {
                fitting.add(i);
            }
        }
        try (ProgressBar progress = new ProgressBar(label, problems.size())) {
            progress.advance(problems.size() - fitting.size());
            for (int from = 0; from < fitting.size(); from += batchSize) {
                List<Integer> indices = fitting.subList(from, Math.min(fitting.size(), from + batchSize));
                List<Problem> chunk = indices.stream().map(problems::get).toList();
                List<Rollout> rollouts = sampler.sample(model, chunk, 1, temperature, rng);
                for (int j = 0; j < rollouts.size(); j++) {
                    Rollout r = rollouts.get(j);
                    pairs[indices.get(j)] = new AttemptPair(r.problem(), r.attempt1(), r.attempt2(), r.reward1() == 1,
                            r.reward2() == 1);
                }
                progress.advance(chunk.size());
            }
        }
        return List.of(pairs);
    }
}
