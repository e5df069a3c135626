package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
import dev.score.kernels.TokenRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Batched autoregressive sampling with a key/value cache: the prompts are prefilled together (right
 * padded, each row reading its own last position), then every step feeds one token per row. Rows that
 * have stopped keep their slot until the whole batch is done. Greedy at temperature 0, otherwise
 * temperature, top-k and top-p (nucleus) sampling, each row from its own seeded {@link Rng}.
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
     * log-probability under the model at temperature 1, and whether a stop token ended the row. Serializable,
     * so that a worker process can send back what it drew.
     */
    public record Completion(int[] tokens, float[] logProbs, boolean stopped) implements Serializable {
    }

    private static final int PREFILL_STEP = 16;

    private Sampler() {
    }

    /** Samples a completion for every prompt, in one batch, on a cache sized for it. */
    public static List<Completion> generate(CausalLm model, List<int[]> prompts, Settings settings, Rng rng) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        int longest = 0;
        for (int[] prompt : prompts) {
            longest = Math.max(longest, prompt.length);
        }
        // What the generation below reserves: the prefill's rounded width and the new tokens.
        int positions = (int) Math.min(model.config().nPositions(), (long) roundedPrompt(longest)
                + settings.maxNewTokens());
        return generate(model, model.newCache(prompts.size(), Math.max(1, positions), null), prompts, settings, rng);
    }

    /**
     * As {@link #generate(CausalLm, KvCache, List, Settings, List)}, the rows drawing from the family of one
     * draw of {@code rng}.
     */
    public static List<Completion> generate(CausalLm model, KvCache cache, List<int[]> prompts, Settings settings,
            Rng rng) {
        return generate(model, cache, prompts, settings, Rng.streams(rng.nextLong(), 0, prompts.size()));
    }

    /**
     * Feeds each row's {@code prompts} entry after what {@code cache} already holds for that row, then
     * samples; the cache grows first if it lacks room. Afterwards the cache holds every token fed and
     * every token drawn except each row's last, so a later call can continue the same conversations by
     * feeding that last token and what follows, without recomputing the prefix. Row {@code b} draws from
     * {@code rows.get(b)} alone, so its completion does not depend on the other rows.
     */
    public static List<Completion> generate(CausalLm model, KvCache cache, List<int[]> prompts, Settings settings,
            List<Rng> rows) {
        int batch = prompts.size();
        if (batch == 0) {
            return List.of();
        }
        if (cache.batch() != batch || rows.size() != batch) {
            throw new IllegalArgumentException("a cache of " + cache.batch() + " rows and " + rows.size()
                    + " generators for " + batch + " prompts");
        }
        int nPositions = model.config().nPositions();
        int maxPrompt = 0;
        int longestCached = 0;
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            if (prompt.length == 0) {
                throw new IllegalArgumentException("prompt " + b + " is empty");
            }
            long needed = (long) cache.length(b) + prompt.length + settings.maxNewTokens();
            if (needed > nPositions) {
                throw new IllegalArgumentException("prompt " + b + " of " + prompt.length + " tokens after "
                        + cache.length(b) + " cached, plus " + settings.maxNewTokens()
                        + " new tokens, exceeds n_positions = " + nPositions);
            }
            maxPrompt = Math.max(maxPrompt, prompt.length);
            longestCached = Math.max(longestCached, cache.length(b));
        }
        // Room for the prefill rounded up as prefillWidth rounds it, so that its width, and with it every
        // value computed, is what a cache of the whole context gives.
        cache.reserve((int) Math.min(nPositions, (long) longestCached + roundedPrompt(maxPrompt)
                + settings.maxNewTokens()));

        // Prefill: prompts right-padded to [B, width]; row b reads its logits at its last prompt token.
        int width = prefillWidth(maxPrompt, longestCached, Math.min(cache.capacity(), nPositions));
        int[] tokens = new int[batch * width];
        int[] readAt = new int[batch];
        int[] kept = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            System.arraycopy(prompt, 0, tokens, b * width, prompt.length);
            readAt[b] = prompt.length - 1;
            kept[b] = prompt.length;
        }
        // Each forward pass draws its activations from the decoder's workspaces, which keep them from one
        // generation to the next, and its tokens land in the decoder's generation buffers. Greedy choices
        // and draws from the model's softmax are made on the backend for the whole batch, so only the
        // tokens and their log-probabilities come to the host; a filtered draw gets the logits.
        Decoder decoder = model.decoder();
        GenerationBuffers buffers = decoder.generationBuffers();
        int vocab = model.config().vocabSize();
        int maxNew = settings.maxNewTokens();
        Choice choice = settings.isGreedy() ? Choice.GREEDY
                : settings.drawsFromTheSoftmax() ? Choice.SOFTMAX : Choice.HOST;
        buffers.prepare(batch, vocab, maxNew, choice == Choice.HOST);
        int[] stops = settings.stopTokens().stream().mapToInt(Integer::intValue).toArray();
        boolean[] stopped = buffers.stopped;
        drawUniforms(choice, buffers.uniforms, stopped, rows);
        decode(decoder, decoder.workspace(true), tokens, width, readAt, cache, choice, buffers);
        Workspace steps = decoder.workspace(false);
        cache.advance(kept);

        float[] scores = buffers.scores; // [B, V], read only by a host draw
        int[] next = buffers.next;
        int[] fed = buffers.fed;
        int[] count = buffers.count;
        for (int step = 0; step < maxNew; step++) {
            boolean anyActive = false;
            for (int b = 0; b < batch; b++) {
                if (stopped[b]) {
                    next[b] = 0; // a placeholder that keeps the row's slot; its output is never read
                    continue;
                }
                int token;
                float logProbability;
                if (choice == Choice.HOST) {
                    token = buffers.choice.choose(scores, b * vocab, vocab, settings, rows.get(b));
                    logProbability = TokenRows.logProbability(scores, b * vocab, vocab, token);
                } else {
                    token = buffers.chosen[b];
                    logProbability = buffers.chosenLogProbs[b];
                }
                next[b] = token;
                buffers.drawn[b * maxNew + count[b]] = token;
                buffers.logProbs[b * maxNew + count[b]] = logProbability;
                count[b]++;
                if (contains(stops, token)) {
                    stopped[b] = true;
                } else {
                    anyActive = true;
                }
            }
            if (!anyActive || step == maxNew - 1) {
                break;
            }
            drawUniforms(choice, buffers.uniforms, stopped, rows);
            decode(decoder, steps, next, 1, buffers.zeros, cache, choice, buffers);
            // A row keeps the token it was fed only while still going: a stopped row's last token (its
            // stop token) and its placeholders are overwritten in place, so its cache ends at its last token.
            for (int b = 0; b < batch; b++) {
                fed[b] = stopped[b] ? 0 : 1;
            }
            cache.advance(fed);
        }

        List<Completion> completions = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            int from = b * maxNew;
            completions.add(new Completion(Arrays.copyOfRange(buffers.drawn, from, from + count[b]),
                    Arrays.copyOfRange(buffers.logProbs, from, from + count[b]), stopped[b]));
        }
        return completions;
    }

    /**
     * The prefill's padded length: the longest prompt rounded up to a multiple of {@value #PREFILL_STEP}
     * where every row's cache has room within {@code room} positions, so that generations meet a few widths
     * again and again and the workspace reuses their memory. The positions past a row's prompt are written
     * to its cache and overwritten by the tokens that follow before any query reads them, as for any
     * shorter row.
     */
    private static int prefillWidth(int maxPrompt, int longestCached, int room) {
        return Math.max(maxPrompt, Math.min(roundedPrompt(maxPrompt), room - longestCached));
    }

    /** Whether {@code token} is among {@code stops}: a set's contains would box every token drawn. */
    private static boolean contains(int[] stops, int token) {
        for (int stop : stops) {
            if (stop == token) {
                return true;
            }
        }
        return false;
    }

    private static int roundedPrompt(int maxPrompt) {
        return (maxPrompt + PREFILL_STEP - 1) / PREFILL_STEP * PREFILL_STEP;
    }

    /** Where a step's tokens are chosen: on the backend (greedy, or a draw from its softmax), or on the host. */
    private enum Choice { GREEDY, SOFTMAX, HOST }

    /**
     * The uniforms of the next softmax draws, one per row still going from that row's generator (NaN for a
     * finished one): the draws a row-by-row walk on the host took.
     */
    private static void drawUniforms(Choice choice, double[] uniforms, boolean[] stopped, List<Rng> rows) {
        if (choice != Choice.SOFTMAX) {
            return;
        }
        for (int b = 0; b < stopped.length; b++) {
            uniforms[b] = stopped[b] ? Double.NaN : rows.get(b).nextDouble();
        }
    }

    /**
     * One decoding pass over {@code [B, tq]} new tokens: each row's next token and its log-probability into
     * {@code buffers.chosen}/{@code chosenLogProbs}, or, for a host draw, the logits {@code [B, V]} into
     * {@code buffers.scores}.
     */
    private static void decode(Decoder decoder, Workspace workspace, int[] tokens, int tq, int[] readAt,
            KvCache cache, Choice choice, GenerationBuffers buffers) {
        try (Workspace.Scope pass = workspace.open()) {
            Tensor logits = decoder.decode(tokens, tq, readAt, cache);
            Backend backend = logits.backend();
            int rows = logits.dim(0);
            int vocab = logits.dim(1);
            switch (choice) {
                case GREEDY -> backend.argmaxRows(buffers.chosen, buffers.chosenLogProbs, logits.data(), rows, vocab);
                case SOFTMAX -> {
                    Storage softmax = Workspace.output(backend, logits.size());
                    backend.softmax(softmax, logits.data(), rows, vocab);
                    backend.drawRows(buffers.chosen, buffers.chosenLogProbs, softmax, buffers.uniforms, rows, vocab);
                }
                case HOST -> backend.copyToHost(logits.data(), buffers.scores);
            }
        }
    }
}
