package dev.score.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Batched autoregressive sampling with a key/value cache: the prompts are prefilled together (right
 * padded, each row reading its own last position), then every step feeds one token per row. Rows that
 * have stopped keep their slot until the whole batch is done. Greedy at temperature 0, otherwise
 * temperature, top-k and top-p (nucleus) sampling from a seeded {@link Rng}.
 */
public final class Sampler {

    /** How to sample. {@code topK = 0} and {@code topP = 1} switch those filters off. */
    public record Settings(int maxNewTokens, double temperature, int topK, double topP, Set<Integer> stopTokens) {
        public Settings {
            if (maxNewTokens < 0) {
                throw new IllegalArgumentException("max new tokens must be ≥ 0, got " + maxNewTokens);
            }
            if (!(temperature >= 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be a finite number ≥ 0, got " + temperature);
            }
            if (topK < 0) {
                throw new IllegalArgumentException("top-k must be ≥ 0 (0 = off), got " + topK);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
            }
            stopTokens = Set.copyOf(stopTokens);
        }

        public static Settings greedy(int maxNewTokens) {
            return new Settings(maxNewTokens, 0, 0, 1, Set.of());
        }

        public boolean isGreedy() {
            return temperature == 0;
        }
    }

    /**
     * The new tokens of one row (ending with the stop token when one was drawn), each token's
     * log-probability under the model at temperature 1, and whether a stop token ended the row.
     */
    public record Completion(int[] tokens, float[] logProbs, boolean stopped) {
    }

    private Sampler() {
    }

    /** Samples a completion for every prompt, in one batch. */
    public static List<Completion> generate(Gpt2Model model, List<int[]> prompts, Settings settings, Rng rng) {
        return generate(model, model.newCache(prompts.size()), prompts, settings, rng);
    }

    /**
     * Feeds each row's {@code prompts} entry after what {@code cache} already holds for that row, then
     * samples. Afterwards the cache holds every token fed and every token drawn except each row's last,
     * so a later call can continue the same conversations by feeding that last token and what follows,
     * without recomputing the prefix.
     */
    public static List<Completion> generate(Gpt2Model model, KvCache cache, List<int[]> prompts, Settings settings,
            Rng rng) {
        int batch = prompts.size();
        if (batch == 0) {
            return List.of();
        }
        if (cache.batch() != batch) {
            throw new IllegalArgumentException("a cache of " + cache.batch() + " rows for " + batch + " prompts");
        }
        int maxPrompt = 0;
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            if (prompt.length == 0) {
                throw new IllegalArgumentException("prompt " + b + " is empty");
            }
            int needed = cache.length(b) + prompt.length + settings.maxNewTokens();
            if (needed > model.config().nPositions()) {
                throw new IllegalArgumentException("prompt " + b + " of " + prompt.length + " tokens after "
                        + cache.length(b) + " cached, plus " + settings.maxNewTokens()
                        + " new tokens, exceeds n_positions = " + model.config().nPositions());
            }
            maxPrompt = Math.max(maxPrompt, prompt.length);
        }

        // Prefill: prompts right-padded to [B, maxPrompt]; row b reads its logits at its last prompt token.
        int[] tokens = new int[batch * maxPrompt];
        int[] readAt = new int[batch];
        int[] kept = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            System.arraycopy(prompt, 0, tokens, b * maxPrompt, prompt.length);
            readAt[b] = prompt.length - 1;
            kept[b] = prompt.length;
        }
        // Each forward pass draws its activations from one workspace; only the logits' host copy outlives it.
        Workspace workspace = new Workspace();
        Decoder decoder = model.decoder();
        float[] logits = decode(decoder, workspace, tokens, maxPrompt, readAt, cache); // [B, V]
        cache.advance(kept);

        int vocab = model.config().vocabSize();
        List<List<Integer>> drawn = new ArrayList<>();
        List<List<Float>> logProbs = new ArrayList<>();
        boolean[] stopped = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            drawn.add(new ArrayList<>());
            logProbs.add(new ArrayList<>());
        }
        int[] next = new int[batch];
        int[] zeros = new int[batch];
        int[] fed = new int[batch];
        for (int step = 0; step < settings.maxNewTokens(); step++) {
            boolean anyActive = false;
            for (int b = 0; b < batch; b++) {
                if (stopped[b]) {
                    next[b] = 0; // a placeholder that keeps the row's slot; its output is never read
                    continue;
                }
                float[] row = Arrays.copyOfRange(logits, b * vocab, (b + 1) * vocab);
                TokenChoice.Choice choice = TokenChoice.draw(row, settings, rng);
                int token = choice.token();
                next[b] = token;
                drawn.get(b).add(token);
                logProbs.get(b).add(choice.logProbability());
                if (settings.stopTokens().contains(token)) {
                    stopped[b] = true;
                } else {
                    anyActive = true;
                }
            }
            if (!anyActive || step == settings.maxNewTokens() - 1) {
                break;
            }
            logits = decode(decoder, workspace, next, 1, zeros, cache);
            // A row keeps the token it was fed only while still going: a stopped row's last token (its
            // stop token) and its placeholders are overwritten in place, so its cache ends at its last token.
            for (int b = 0; b < batch; b++) {
                fed[b] = stopped[b] ? 0 : 1;
            }
            cache.advance(fed);
        }

        List<Completion> completions = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            List<Integer> ids = drawn.get(b);
            int[] out = ids.stream().mapToInt(Integer::intValue).toArray();
            float[] lp = new float[out.length];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = logProbs.get(b).get(i);
            }
            completions.add(new Completion(out, lp, stopped[b]));
        }
        return completions;
    }

    private static float[] decode(Decoder decoder, Workspace workspace, int[] tokens, int tq, int[] readAt,
            KvCache cache) {
        try (Workspace.Scope pass = workspace.open()) {
            return decoder.decode(tokens, tq, readAt, cache).toArray();
        }
    }
}
