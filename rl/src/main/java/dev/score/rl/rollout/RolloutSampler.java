package dev.score.rl.rollout;

import dev.score.engine.CausalLm;
import dev.score.engine.KvCache;
import dev.score.engine.Rng;
import dev.score.engine.Sampler.Completion;
import dev.score.engine.Sampler;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Verifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * On-policy two-attempt rollouts, {@code k} per problem, in one batch: attempt 1 from the first prompt, then
 * attempt 2 continuing the same KV cache, so the prefix of problem and attempt 1 is never recomputed; only
 * the instruction turn is fed before attempt 2 is drawn.
 */
public final class RolloutSampler {
    private final SelfCorrectionProtocol protocol;
    private final Verifier verifier;
    private final int maxAttemptTokens;
    /**
     * The caches of the last two batch sizes sampled, the latest first, each reused by the next sample of
     * its size: an evaluation's full batches and its shorter last one then meet a cache of their own on
     * every run. Each is sized to the longest conversation asked of it so far (prompt, two attempts,
     * instruction), not to the model's context.
     */
    private KvCache cache;
    private KvCache other;

    public RolloutSampler(SelfCorrectionProtocol protocol, Verifier verifier, int maxAttemptTokens) {
        this.protocol = protocol;
        this.verifier = verifier;
        this.maxAttemptTokens = maxAttemptTokens;
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
        Sampler.Settings settings = new Sampler.Settings(maxAttemptTokens, temperature, 0, 1,
                Set.of(protocol.stopToken()));
        List<Problem> rows = new ArrayList<>(problems.size() * k);
        for (Problem problem : problems) {
            for (int i = 0; i < k; i++) {
                rows.add(problem);
            }
        }
        List<int[]> firstPrompts = rows.stream().map(p -> protocol.firstPrompt(p.statement())).toList();
        int longestPrompt = firstPrompts.stream().mapToInt(prompt -> prompt.length).max().orElse(1);
        long positions = protocol.longestConversation(longestPrompt, maxAttemptTokens);
        KvCache cache = cacheFor(policy, rows.size(), (int) Math.min(Integer.MAX_VALUE, positions));
        List<Rng> generators = Rng.streams(streams, firstRow, rows.size());
        List<Completion> attempts1 = Sampler.generate(policy, cache, firstPrompts, settings, generators);
        List<int[]> continuations = new ArrayList<>(rows.size());
        for (Completion attempt : attempts1) {
            continuations.add(continuation(attempt));
        }
        List<Completion> attempts2 = Sampler.generate(policy, cache, continuations, settings, generators);

        List<Rollout> rollouts = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Problem problem = rows.get(i);
            Completion a1 = attempts1.get(i);
            Completion a2 = attempts2.get(i);
            Conversation conversation = protocol.conversation(firstPrompts.get(i), a1.tokens(), a2.tokens());
            String y1 = protocol.text(a1.tokens());
            String y2 = protocol.text(a2.tokens());
            rollouts.add(new Rollout(problem, conversation, y1, y2, verifier.isCorrect(problem, y1) ? 1 : 0,
                    verifier.isCorrect(problem, y2) ? 1 : 0, logProbs(a1, a2)));
        }
        return rollouts;
    }

    private KvCache cacheFor(CausalLm policy, int rows, int positions) {
        if (other != null && other.batch() == rows) {
            KvCache swapped = cache;
            cache = other;
            other = swapped;
        }
        KvCache made = policy.newCache(rows, positions, cache);
        if (made != cache) {
            other = cache;
            cache = made;
        }
        return made;
    }

    /**
     * What to feed after attempt 1 given that the cache ends just before its last drawn token: that token,
     * a stop token if the attempt was cut off by the length limit, then the instruction turn.
     */
    private int[] continuation(Completion attempt) {
        int[] turn = protocol.instructionTurn();
        int[] drawn = attempt.tokens();
        int[] last = attempt.stopped() ? new int[] {drawn[drawn.length - 1]}
                : new int[] {drawn[drawn.length - 1], protocol.stopToken()};
        int[] out = Arrays.copyOf(last, last.length + turn.length);
        System.arraycopy(turn, 0, out, last.length, turn.length);
        return out;
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
