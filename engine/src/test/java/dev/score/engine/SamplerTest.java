package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.kernels.Storage;
import dev.score.kernels.TokenRows;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static Backend backend;
    private static Gpt2Config config;
    private static Gpt2Model model;

    @BeforeAll
    static void open() {
        backend = Backends.create("vector", 2);
        config = TestModels.tinyConfig();
        model = TestModels.randomModel(config, backend, 21);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void aTokenBudgetThatOverflowsAnIntIsStillRefusedByTheContextCheck() {
        // 5 + (2^31 − 1) wraps to a negative int, which an int sum would let past the n_positions check.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampler.generate(model,
                List.of(new int[] {3, 1, 4, 1, 5}), Sampler.Settings.greedy(Integer.MAX_VALUE), new Rng(0)));
        assertTrue(e.getMessage().contains("exceeds n_positions"), e.getMessage());
    }

    @Test
    void greedyWithCacheEqualsArgmaxOfFullForwards() {
        List<int[]> prompts = List.of(new int[] {3, 1, 4, 1, 5}, new int[] {9}, new int[] {2, 6});
        List<Sampler.Completion> completions = Sampler.generate(model, prompts, Sampler.Settings.greedy(10), new Rng(0));
        for (int b = 0; b < prompts.size(); b++) {
            int[] sequence = prompts.get(b);
            int[] expected = new int[10];
            float[] expectedLogProbs = new float[10];
            for (int i = 0; i < 10; i++) {
                float[] last = lastLogits(sequence);
                expected[i] = TokenRows.argmax(last, 0, last.length);
                expectedLogProbs[i] = TokenRows.logProbability(last, 0, last.length, expected[i]);
                sequence = append(sequence, expected[i]);
            }
            assertArrayEquals(expected, completions.get(b).tokens(), "row " + b);
            assertArrayEquals(expectedLogProbs, completions.get(b).logProbs(), 1e-4f, "row " + b);
            assertFalse(completions.get(b).stopped());
        }
    }

    @Test
    void continuingFromTheCacheEqualsSamplingFromTheWholePrefix() {
        List<int[]> prompts = List.of(new int[] {3, 1, 4, 1, 5}, new int[] {9}, new int[] {2, 6});
        int stop = 7;
        Sampler.Settings settings = new Sampler.Settings(6, 1.0, 0, 1.0, Set.of(stop));
        KvCache cache = model.newCache(prompts.size(), 1, null);
        List<Sampler.Completion> first = Sampler.generate(model, cache, prompts, settings, new Rng(4));
        int[] extra = {11, 12, 13};
        List<int[]> continuations = new java.util.ArrayList<>();
        List<int[]> wholePrefixes = new java.util.ArrayList<>();
        for (int b = 0; b < prompts.size(); b++) {
            int[] drawn = first.get(b).tokens();
            // The cache holds the prompt and every drawn token but the last: the continuation starts there.
            assertEquals(prompts.get(b).length + drawn.length - 1, cache.length(b), "row " + b);
            continuations.add(new int[] {drawn[drawn.length - 1], extra[0], extra[1], extra[2]});
            int[] whole = prompts.get(b);
            for (int token : drawn) {
                whole = append(whole, token);
            }
            for (int token : extra) {
                whole = append(whole, token);
            }
            wholePrefixes.add(whole);
        }
        List<Sampler.Completion> continued = Sampler.generate(model, cache, continuations, settings, new Rng(5));
        List<Sampler.Completion> fresh = Sampler.generate(model, wholePrefixes, settings, new Rng(5));
        for (int b = 0; b < prompts.size(); b++) {
            assertArrayEquals(fresh.get(b).tokens(), continued.get(b).tokens(), "row " + b);
            assertArrayEquals(fresh.get(b).logProbs(), continued.get(b).logProbs(), 1e-4f, "row " + b);
        }
    }

    @Test
    void generationsReusingTheModelsMemoryAndACacheEqualFreshOnes() {
        List<int[]> prompts = List.of(new int[] {3, 1, 4, 1, 5}, new int[] {9, 2});
        Sampler.Settings settings = new Sampler.Settings(7, 1.0, 0, 1.0, Set.of());
        Gpt2Model fresh = TestModels.randomModel(config, backend, 21);
        List<Sampler.Completion> expected = Sampler.generate(fresh, prompts, settings, new Rng(8));

        Gpt2Model used = TestModels.randomModel(config, backend, 21);
        KvCache cache = used.newCache(2, 1, null);
        Sampler.generate(used, List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}),
                settings, new Rng(1)); // another batch size and prefill width, from the same workspaces
        Sampler.generate(used, cache, List.of(new int[] {6}, new int[] {7, 7, 7}), settings, new Rng(2));
        KvCache reused = used.newCache(2, 1, cache);
        assertSame(cache, reused, "same shapes: the cache is reused");
        assertEquals(0, reused.length(0));
        List<Sampler.Completion> again = Sampler.generate(used, reused, prompts, settings, new Rng(8));
        for (int b = 0; b < prompts.size(); b++) {
            assertArrayEquals(expected.get(b).tokens(), again.get(b).tokens(), "row " + b);
            assertArrayEquals(expected.get(b).logProbs(), again.get(b).logProbs(), 0f, "row " + b);
        }
        assertNotSame(cache, used.newCache(3, 1, cache), "another batch size needs another cache");
    }

    @Test
    void aRowDrawsTheSameWhateverRowsShareItsBatch() {
        // The first prompt is the longest, so the whole batch prefills 24 positions wide (the context) and the
        // shard 16.
        List<int[]> prompts = List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17},
                new int[] {4, 2}, new int[] {9, 9, 1, 3, 7});
        for (Sampler.Settings settings : List.of(new Sampler.Settings(6, 1.0, 0, 1.0, Set.of()),
                new Sampler.Settings(6, 0.8, 5, 0.9, Set.of()))) {
            List<Sampler.Completion> whole = Sampler.generate(model, model.newCache(3, 1, null), prompts, settings,
                    Rng.streams(77, 0, 3));
            List<Sampler.Completion> shard = Sampler.generate(model, model.newCache(2, 1, null), prompts.subList(1, 3),
                    settings, Rng.streams(77, 1, 2));
            for (int b = 0; b < 2; b++) {
                assertArrayEquals(whole.get(b + 1).tokens(), shard.get(b).tokens(), settings + ", row " + (b + 1));
                assertArrayEquals(whole.get(b + 1).logProbs(), shard.get(b).logProbs(), 0f, settings + ", row " + (b + 1));
            }
            List<Sampler.Completion> otherStreams = Sampler.generate(model, model.newCache(2, 1, null),
                    prompts.subList(1, 3), settings, Rng.streams(77, 0, 2));
            assertFalse(Arrays.equals(whole.get(1).tokens(), otherStreams.get(0).tokens())
                    && Arrays.equals(whole.get(2).tokens(), otherStreams.get(1).tokens()), "the stream, not the slot, decides");
        }
    }

    @Test
    void aSeedMakesSamplingRepeatable() {
        List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4});
        Sampler.Settings settings = new Sampler.Settings(12, 1.0, 0, 1.0, Set.of());
        int[] first = Sampler.generate(model, prompts, settings, new Rng(42)).get(0).tokens();
        int[] again = Sampler.generate(model, prompts, settings, new Rng(42)).get(0).tokens();
        int[] other = Sampler.generate(model, prompts, settings, new Rng(43)).get(0).tokens();
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void topKOfOneIsGreedy() {
        List<int[]> prompts = List.of(new int[] {7, 8});
        int[] greedy = Sampler.generate(model, prompts, Sampler.Settings.greedy(8), new Rng(0)).get(0).tokens();
        int[] topOne = Sampler.generate(model, prompts, new Sampler.Settings(8, 1.3, 1, 1.0, Set.of()), new Rng(5))
                .get(0).tokens();
        assertArrayEquals(greedy, topOne);
    }

    @Test
    void aStopTokenEndsItsRowOnly() {
        List<int[]> prompts = List.of(new int[] {3, 1, 4}, new int[] {2, 7});
        int[] greedy = Sampler.generate(model, prompts, Sampler.Settings.greedy(6), new Rng(0)).get(0).tokens();
        int stop = greedy[2];
        List<Sampler.Completion> stopped = Sampler.generate(model, prompts,
                new Sampler.Settings(6, 0, 0, 1, Set.of(stop)), new Rng(0));
        Sampler.Completion first = stopped.get(0);
        assertTrue(first.stopped());
        int firstStop = 0;
        while (greedy[firstStop] != stop) {
            firstStop++;
        }
        assertArrayEquals(Arrays.copyOf(greedy, firstStop + 1), first.tokens());
    }

    @Test
    void temperatureDividesTheLogitsBeforeTheSoftmax() {
        // Ids deliberately out of logit order, so that a sampler walking sorted candidates is checked too.
        float[] logits = {-1.0f, 2.0f, -3.0f, 0.5f, 1.0f};
        int[] all = {0, 1, 2, 3, 4};
        for (double temperature : new double[] {1.0, 0.5, 2.0}) {
            assertDrawsFollow(renormalised(logits, temperature, all), logits,
                    new Sampler.Settings(1, temperature, 0, 1.0, Set.of()), 1);
        }
    }

    @Test
    void topKDrawsFromTheKLargestLogitsRenormalised() {
        float[] logits = {0.3f, 1.2f, -0.4f, 2.0f, 0.9f, -1.5f};
        int[] largestThree = {3, 1, 4};
        for (double temperature : new double[] {1.0, 1.5}) {
            assertDrawsFollow(renormalised(logits, temperature, largestThree), logits,
                    new Sampler.Settings(1, temperature, 3, 1.0, Set.of()), 2);
        }
        int[] all = {0, 1, 2, 3, 4, 5};
        assertDrawsFollow(renormalised(logits, 1.0, all), logits, new Sampler.Settings(1, 1.0, 40, 1.0, Set.of()), 3);
    }

    @Test
    void topKBreaksATieAtItsBoundaryForTheSmallerId() {
        // Three ids share the second-largest logit: the order puts the smaller id first, so k = 2 keeps id 0
        // and k = 3 keeps ids 0 and 2, never id 4. (Hugging Face's TopKLogitsWarper would keep all three.)
        float[] logits = {1.0f, 2.0f, 1.0f, 0.5f, 1.0f};
        assertDrawsFollow(renormalised(logits, 1.0, 1, 0), logits, new Sampler.Settings(1, 1.0, 2, 1.0, Set.of()), 4);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 0, 2), logits, new Sampler.Settings(1, 1.0, 3, 1.0, Set.of()),
                5);
    }

    @Test
    void topPDrawsFromTheSmallestPrefixWhoseMassReachesP() {
        // By id the probabilities are (0.1, 0.5, 0.15, 0.25); in descending order the running mass is 0.5
        // (id 1), 0.75 (id 3), 0.9 (id 2), 1.0 (id 0). Each top-p sits 0.01 from a boundary, on either side.
        float[] logits = logsOf(0.1, 0.5, 0.15, 0.25);
        assertDrawsFollow(renormalised(logits, 1.0, 1), logits, new Sampler.Settings(1, 1.0, 0, 0.49, Set.of()), 6);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 3), logits, new Sampler.Settings(1, 1.0, 0, 0.51, Set.of()), 7);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 3), logits, new Sampler.Settings(1, 1.0, 0, 0.74, Set.of()), 8);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 3, 2), logits, new Sampler.Settings(1, 1.0, 0, 0.76, Set.of()),
                9);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 3, 2), logits, new Sampler.Settings(1, 1.0, 0, 0.89, Set.of()),
                10);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 3, 2, 0), logits,
                new Sampler.Settings(1, 1.0, 0, 0.91, Set.of()), 11);
        // Four equal logits: the running mass is exactly 0.25, 0.5, 0.75 in binary, so top-p 0.5 is reached
        // (not exceeded) by the first two ids in tie order, and they are all it keeps.
        float[] equal = {0f, 0f, 0f, 0f};
        assertDrawsFollow(renormalised(equal, 1.0, 0, 1), equal, new Sampler.Settings(1, 1.0, 0, 0.5, Set.of()), 15);
    }

    @Test
    void topPMeasuresTheMassAfterTemperatureAndTopK() {
        float[] logits = logsOf(0.1, 0.5, 0.15, 0.25);
        // At temperature 2 the probabilities are ∝ √p: (0.166, 0.370, 0.203, 0.262) by id, running mass 0.370,
        // 0.632, 0.835; top-p 0.7 keeps three tokens, where at temperature 1 it keeps two.
        assertDrawsFollow(renormalised(logits, 2.0, 1, 3, 2), logits, new Sampler.Settings(1, 2.0, 0, 0.7, Set.of()),
                12);
        // Top-k 2 leaves (2/3, 1/3): top-p 0.6 keeps the first alone, where over all four tokens it keeps two.
        assertDrawsFollow(renormalised(logits, 1.0, 1), logits, new Sampler.Settings(1, 1.0, 2, 0.6, Set.of()), 13);
        assertDrawsFollow(renormalised(logits, 1.0, 1, 3), logits, new Sampler.Settings(1, 1.0, 2, 0.7, Set.of()), 14);
    }

    @Test
    void aRowIsChosenInPlaceAsAloneAndAChoiceReusedAcrossSizesAsAFreshOne() {
        float[] logits = new float[300];
        Rng values = new Rng(5);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (4 * values.nextDouble() - 2);
        }
        // The row behind 37 other floats, and a choice that first worked on a longer row (its scratch larger).
        float[] shifted = new float[37 + logits.length];
        System.arraycopy(logits, 0, shifted, 37, logits.length);
        TokenChoice used = new TokenChoice();
        used.choose(new float[1000], 0, 1000, new Sampler.Settings(1, 1.0, 20, 0.9, Set.of()), new Rng(1));
        for (Sampler.Settings settings : List.of(new Sampler.Settings(1, 1.0, 0, 1.0, Set.of()),
                new Sampler.Settings(1, 0.7, 0, 1.0, Set.of()), new Sampler.Settings(1, 1.0, 20, 0.9, Set.of()))) {
            Rng alone = new Rng(9);
            Rng inPlace = new Rng(9);
            TokenChoice fresh = new TokenChoice();
            for (int i = 0; i < 200; i++) {
                int token = fresh.choose(logits, 0, logits.length, settings, alone);
                assertEquals(token, used.choose(shifted, 37, logits.length, settings, inPlace), settings + " draw " + i);
            }
            assertEquals(Float.floatToIntBits(TokenRows.logProbability(logits, 0, logits.length, 5)),
                    Float.floatToIntBits(TokenRows.logProbability(shifted, 37, logits.length, 5)));
        }
    }

    @Test
    void theBackendsDrawFromItsSoftmaxGivesTheTokenAHostDrawGivesAndItsLogProbability() {
        int vocab = 300;
        float[] logits = new float[vocab];
        Rng values = new Rng(6);
        for (int i = 0; i < vocab; i++) {
            logits[i] = (float) (6 * values.nextDouble() - 3);
        }
        // The softmax as the backend computes it, in floats, as the second of two rows: the first is skipped.
        Storage rows = backend.allocate(2 * vocab);
        backend.softmax(rows, backend.fromArray(concat(logits, logits)), 2, vocab);
        Sampler.Settings settings = new Sampler.Settings(1, 1.0, 0, 1.0, Set.of());
        Rng forDraw = new Rng(10);
        Rng forChoose = new Rng(10);
        TokenChoice choice = new TokenChoice();
        int[] drawn = new int[2];
        float[] drawnLogProbs = new float[2];
        for (int i = 0; i < 500; i++) {
            backend.drawRows(drawn, drawnLogProbs, rows, new double[] {Double.NaN, forDraw.nextDouble()}, 2, vocab);
            int token = choice.choose(logits, 0, vocab, settings, forChoose);
            assertEquals(token, drawn[1], "draw " + i);
            assertEquals(TokenRows.logProbability(logits, 0, vocab, token), drawnLogProbs[1], 1e-5f, "draw " + i);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Test
    void promptsThatDoNotFitAreRefused() {
        int[] longPrompt = new int[config.nPositions() - 3];
        assertThrows(IllegalArgumentException.class,
                () -> Sampler.generate(model, List.of(longPrompt), Sampler.Settings.greedy(4), new Rng(0)));
        assertThrows(IllegalArgumentException.class,
                () -> Sampler.generate(model, List.of(new int[0]), Sampler.Settings.greedy(4), new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> new Sampler.Settings(4, -1, 0, 1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Sampler.Settings(4, 1, 0, 0, Set.of()));
        assertNotEquals(0, longPrompt.length);
    }

    private static final int DRAWS = 100_000;

    /**
     * Draws {@value #DRAWS} tokens with a seeded {@link Rng} and compares their frequencies with
     * {@code expected}: a token of probability 0 is never drawn, and every other token's frequency lies
     * within five standard deviations of a binomial count, {@code 5·√(p(1−p)/n)}, a bound a correct
     * sampler misses with probability under 1e-6 per token (and, under its seed, never).
     */
    private static void assertDrawsFollow(double[] expected, float[] logits, Sampler.Settings settings, long seed) {
        int[] counts = new int[logits.length];
        Rng rng = new Rng(seed);
        TokenChoice choice = new TokenChoice();
        for (int i = 0; i < DRAWS; i++) {
            counts[choice.choose(logits, 0, logits.length, settings, rng)]++;
        }
        for (int token = 0; token < logits.length; token++) {
            String where = settings + ", token " + token + ", counts " + Arrays.toString(counts);
            double p = expected[token];
            if (p == 0) {
                assertEquals(0, counts[token], where);
            } else {
                double bound = 5 * Math.sqrt(p * (1 - p) / DRAWS);
                assertEquals(p, (double) counts[token] / DRAWS, bound, where);
            }
        }
    }

    /** The softmax of {@code logits / temperature} over the {@code kept} ids only; 0 for every other id. */
    private static double[] renormalised(float[] logits, double temperature, int... kept) {
        double[] p = new double[logits.length];
        double total = 0;
        for (int id : kept) {
            p[id] = Math.exp(logits[id] / temperature);
            total += p[id];
        }
        for (int id : kept) {
            p[id] /= total;
        }
        return p;
    }

    /** Logits whose softmax is {@code probabilities} (which sum to 1). */
    private static float[] logsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    private static float[] lastLogits(int[] sequence) {
        try (GradMode.Scope off = GradMode.disabled()) {
            float[] all = model.logits(sequence, 1, sequence.length).toArray();
            int v = config.vocabSize();
            return Arrays.copyOfRange(all, (sequence.length - 1) * v, sequence.length * v);
        }
    }

    private static int[] append(int[] sequence, int token) {
        int[] longer = Arrays.copyOf(sequence, sequence.length + 1);
        longer[sequence.length] = token;
        return longer;
    }
}
