package dev.score.rl.rollout;

import dev.score.engine.CausalLm;
import dev.score.engine.KvCache;
import dev.score.engine.Rng;
import dev.score.engine.Sampler;
import dev.score.engine.Sampler.Completion;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The sampling half of a rollout batch, in tokens only: from each row's first prompt, attempt 1, then attempt 2
 * continuing the same KV cache, so the prefix of problem and attempt 1 is never recomputed; only the instruction
 * turn is fed before attempt 2 is drawn. It needs no tokenizer, task or verifier ({@link RolloutSampler} turns
 * what it draws into rollouts), so a worker process that holds only the model can run it.
 */
public final class AttemptDraws {
    /**
     * What drawing needs of the protocol: the tokens that follow attempt 1's stop token, the stop token that ends
     * an attempt, and the most tokens an attempt may take.
     */
    public record Settings(int[] instructionTurn, int stopToken, int maxAttemptTokens) implements Serializable {
        /** The most positions a row whose first prompt has {@code firstPrompt} tokens can take. */
        long longestConversation(int firstPrompt) {
            return SelfCorrectionProtocol.longestConversation(firstPrompt, maxAttemptTokens, instructionTurn.length);
        }
    }

    private final Settings settings;
    /**
     * The caches of the last two batch sizes sampled, the latest first, each reused by the next sample of
     * its size: an evaluation's full batches and its shorter last one then meet a cache of their own on
     * every run. Each is sized to the longest conversation asked of it so far (prompt, two attempts,
     * instruction), not to the model's context.
     */
    private KvCache cache;
    private KvCache other;

    public AttemptDraws(Settings settings) {
        this.settings = settings;
    }

    /**
     * Rows {@code firstRow}, {@code firstRow + 1}, … of a batch whose row {@code r} draws both its attempts from
     * {@code Rng.stream(streams, r)}, at {@code temperature}, one row per first prompt. A shard of a batch (its
     * rows' prompts, at the row its first one starts) draws what the whole batch draws for those rows.
     */
    public List<TwoAttempts> draw(CausalLm policy, List<int[]> firstPrompts, double temperature, long streams,
            int firstRow) {
        Sampler.Settings sampling = new Sampler.Settings(settings.maxAttemptTokens(), temperature, 0, 1,
                Set.of(settings.stopToken()));
        int longestPrompt = firstPrompts.stream().mapToInt(prompt -> prompt.length).max().orElse(1);
        long positions = settings.longestConversation(longestPrompt);
        KvCache rows = cacheFor(policy, firstPrompts.size(), (int) Math.min(Integer.MAX_VALUE, positions));
        List<Rng> generators = Rng.streams(streams, firstRow, firstPrompts.size());
        List<Completion> attempts1 = Sampler.generate(policy, rows, firstPrompts, sampling, generators);
        List<int[]> continuations = new ArrayList<>(attempts1.size());
        for (Completion attempt : attempts1) {
            continuations.add(continuation(attempt));
        }
        List<Completion> attempts2 = Sampler.generate(policy, rows, continuations, sampling, generators);
        List<TwoAttempts> drawn = new ArrayList<>(attempts1.size());
        for (int i = 0; i < attempts1.size(); i++) {
            drawn.add(new TwoAttempts(attempts1.get(i), attempts2.get(i)));
        }
        return drawn;
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
        int[] turn = settings.instructionTurn();
        int[] drawn = attempt.tokens();
        int[] last = attempt.stopped() ? new int[] {drawn[drawn.length - 1]}
                : new int[] {drawn[drawn.length - 1], settings.stopToken()};
        int[] out = Arrays.copyOf(last, last.length + turn.length);
        System.arraycopy(turn, 0, out, last.length, turn.length);
        return out;
    }
}
