package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
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

        /** Whether a draw is from the model's own softmax: temperature 1 and no filter. */
        boolean drawsFromTheSoftmax() {
            return temperature == 1 && topK == 0 && topP == 1;
        }
    }

    /**
     * The new tokens of one row (ending with the stop token when one was drawn), each token's
     * log-probability under the model at temperature 1, and whether a stop token ended the row.
     */
    public record Completion(int[] tokens, float[] logProbs, boolean stopped) {
    }

    private static final int PREFILL_STEP = 16;

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
            long needed = (long) cache.length(b) + prompt.length + settings.maxNewTokens();
            if (needed > model.config().nPositions()) {
                throw new IllegalArgumentException("prompt " + b + " of " + prompt.length + " tokens after "
                        + cache.length(b) + " cached, plus " + settings.maxNewTokens()
                        + " new tokens, exceeds n_positions = " + model.config().nPositions());
            }
            maxPrompt = Math.max(maxPrompt, prompt.length);
        }

        // Prefill: prompts right-padded to [B, width]; row b reads its logits at its last prompt token.
        int width = prefillWidth(maxPrompt, cache);
        int[] tokens = new int[batch * width];
        int[] readAt = new int[batch];
        int[] kept = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            System.arraycopy(prompt, 0, tokens, b * width, prompt.length);
            readAt[b] = prompt.length - 1;
            kept[b] = prompt.length;
        }
        // Each forward pass draws its activations from the model's decoding workspaces, which keep them
        // from one generation to the next; only the host copy of its scores outlives a pass. Draws from the
        // model's softmax get it computed on the backend for the whole batch; the others get the logits.
        Decoder decoder = model.decoder();
        boolean probabilities = settings.drawsFromTheSoftmax();
        float[] scores = decode(decoder, model.decodingWorkspace(true), tokens, width, readAt, cache,
                probabilities); // [B, V]
        Workspace steps = model.decodingWorkspace(false);
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
                TokenChoice.Choice choice = probabilities
                        ? TokenChoice.drawFromSoftmax(scores, b * vocab, vocab, rng)
                        : TokenChoice.draw(Arrays.copyOfRange(scores, b * vocab, (b + 1) * vocab), settings, rng);
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
            scores = decode(decoder, steps, next, 1, zeros, cache, probabilities);
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

    /**
     * The prefill's padded length: the longest prompt rounded up to a multiple of {@value #PREFILL_STEP}
     * where every row's cache has room, so that generations meet a few widths again and again and the
     * workspace reuses their memory. The positions past a row's prompt are written to its cache and
     * overwritten by the tokens that follow before any query reads them, as for any shorter row.
     */
    private static int prefillWidth(int maxPrompt, KvCache cache) {
        int longestCached = 0;
        for (int b = 0; b < cache.batch(); b++) {
            longestCached = Math.max(longestCached, cache.length(b));
        }
        int rounded = (maxPrompt + PREFILL_STEP - 1) / PREFILL_STEP * PREFILL_STEP;
        return Math.max(maxPrompt, Math.min(rounded, cache.capacity() - longestCached));
    }

    /** The logits {@code [B, V]} of one decoding pass, or their softmax when {@code probabilities}. */
    private static float[] decode(Decoder decoder, Workspace workspace, int[] tokens, int tq, int[] readAt,
            KvCache cache, boolean probabilities) {
        try (Workspace.Scope pass = workspace.open()) {
            Tensor logits = decoder.decode(tokens, tq, readAt, cache);
            if (!probabilities) {
                return logits.toArray();
            }
            Backend backend = logits.backend();
            Storage softmax = Workspace.output(backend, logits.size());
            backend.softmax(softmax, logits.data(), logits.dim(0), logits.dim(1));
            return backend.toArray(softmax);
        }
    }
}
