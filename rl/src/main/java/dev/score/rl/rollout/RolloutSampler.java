package dev.score.rl.rollout;

import dev.score.engine.CausalLm;
import dev.score.engine.Rng;
import dev.score.engine.Sampler.Completion;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Verifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * On-policy two-attempt rollouts, {@code k} per problem, in one batch: the problems' first prompts, both
 * attempts drawn by {@link AttemptDraws}, then each row's conversation, texts and rewards.
 */
public final class RolloutSampler {
    private final SelfCorrectionProtocol protocol;
    private final Verifier verifier;
    private final AttemptDraws.Settings settings;
    private final AttemptDraws draws;

    public RolloutSampler(SelfCorrectionProtocol protocol, Verifier verifier, int maxAttemptTokens) {
        this.protocol = protocol;
        this.verifier = verifier;
        this.settings = new AttemptDraws.Settings(protocol.instructionTurn(), protocol.stopToken(), maxAttemptTokens);
        this.draws = new AttemptDraws(settings);
    }

    /**
     * {@code k} rollouts of each problem, grouped by problem, at {@code temperature}: the rows of a batch whose
     * generators are the family of one draw of {@code rng}.
     */
    public List<Rollout> sample(CausalLm policy, List<Problem> problems, int k, double temperature, Rng rng) {
        return sample(policy, problems, k, temperature, rng.nextLong(), 0);
    }

    /**
     * Rows {@code firstRow}, {@code firstRow + 1}, … of a batch whose row {@code r} draws both its attempts from
     * {@code Rng.stream(streams, r)}: {@code k} rollouts of each problem, grouped by problem. A shard of a
     * batch (its problems, at the row its first one starts) gets the rollouts the whole batch gives those rows.
     */
    public List<Rollout> sample(CausalLm policy, List<Problem> problems, int k, double temperature, long streams,
            int firstRow) {
        return rollouts(problems, k, draws.draw(policy, firstPrompts(problems, k), temperature, streams, firstRow));
    }

    /** What {@link AttemptDraws} needs of this sampler's protocol, for a worker that draws on its own. */
    public AttemptDraws.Settings drawSettings() {
        return settings;
    }

    /** The first prompt of each row: {@code k} rows of each problem, grouped by problem. */
    public List<int[]> firstPrompts(List<Problem> problems, int k) {
        List<int[]> prompts = new ArrayList<>(problems.size() * k);
        for (Problem problem : problems) {
            int[] prompt = protocol.firstPrompt(problem.statement());
            for (int i = 0; i < k; i++) {
                prompts.add(prompt);
            }
        }
        return prompts;
    }

    /**
     * The rollouts of {@code drawn}, the rows of {@link #firstPrompts firstPrompts(problems, k)}: their
     * conversations, texts and rewards.
     */
    public List<Rollout> rollouts(List<Problem> problems, int k, List<TwoAttempts> drawn) {
        if (drawn.size() != problems.size() * k) {
            throw new IllegalArgumentException(drawn.size() + " drawn rows for " + problems.size() + " problems × "
                    + k);
        }
        List<Rollout> rollouts = new ArrayList<>(drawn.size());
        for (int p = 0; p < problems.size(); p++) {
            Problem problem = problems.get(p);
            int[] prompt = protocol.firstPrompt(problem.statement());
            for (TwoAttempts row : drawn.subList(p * k, (p + 1) * k)) {
                Completion a1 = row.attempt1();
                Completion a2 = row.attempt2();
                Conversation conversation = protocol.conversation(prompt, a1.tokens(), a2.tokens());
                String y1 = protocol.text(a1.tokens());
                String y2 = protocol.text(a2.tokens());
                rollouts.add(new Rollout(problem, conversation, y1, y2, verifier.isCorrect(problem, y1) ? 1 : 0,
                        verifier.isCorrect(problem, y2) ? 1 : 0, logProbs(a1, a2)));
            }
        }
        return rollouts;
    }

    /**
     * The sampler's log-probabilities of the attempt tokens in conversation order; a stop token the
     * protocol appended to a cut-off attempt was never drawn and gets {@code NaN}.
     */
    private static float[] logProbs(Completion a1, Completion a2) {
        float[] first = closedLogProbs(a1);
        float[] second = closedLogProbs(a2);
        float[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static float[] closedLogProbs(Completion attempt) {
        if (attempt.stopped()) {
            return attempt.logProbs();
        }
        float[] out = Arrays.copyOf(attempt.logProbs(), attempt.logProbs().length + 1);
        out[out.length - 1] = Float.NaN;
        return out;
    }
}
