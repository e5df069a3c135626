package dev.score.rl.eval;

import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.engine.Sampler;
import dev.score.engine.Sampler.Completion;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Task;
import dev.score.rl.task.Verifier;
import dev.score.rl.util.ProgressBar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the two-attempt protocol over problems in batches: attempt 1 from the first prompt, then attempt 2
 * from the second prompt (problem, attempt 1, the fixed instruction), each checked by the task's verifier.
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
        Sampler.Settings settings = new Sampler.Settings(maxAttemptTokens, temperature, 0, 1,
                Set.of(protocol.stopToken()));
        Verifier verifier = task.verifier();
        List<AttemptPair> pairs = new ArrayList<>(problems.size());
        try (ProgressBar progress = new ProgressBar(label, problems.size())) {
            for (int from = 0; from < problems.size(); from += batchSize) {
                List<Problem> chunk = problems.subList(from, Math.min(problems.size(), from + batchSize));
                List<int[]> first = chunk.stream().map(p -> protocol.firstPrompt(p.statement())).toList();
                List<Completion> attempts1 = Sampler.generate(model, first, settings, rng);
                List<int[]> second = new ArrayList<>(chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    second.add(protocol.secondPrompt(first.get(i), attempts1.get(i).tokens()));
                }
                List<Completion> attempts2 = Sampler.generate(model, second, settings, rng);
                for (int i = 0; i < chunk.size(); i++) {
                    Problem problem = chunk.get(i);
                    String y1 = protocol.text(attempts1.get(i).tokens());
                    String y2 = protocol.text(attempts2.get(i).tokens());
                    pairs.add(new AttemptPair(problem, y1, y2, verifier.isCorrect(problem, y1),
                            verifier.isCorrect(problem, y2)));
                }
                progress.advance(chunk.size());
            }
        }
        return pairs;
    }
}
