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
    void greedyWithCacheEqualsArgmaxOfFullForwards() {
        List<int[]> prompts = List.of(new int[] {3, 1, 4, 1, 5}, new int[] {9}, new int[] {2, 6});
        List<Sampler.Completion> completions = Sampler.generate(model, prompts, Sampler.Settings.greedy(10), new Rng(0));
        for (int b = 0; b < prompts.size(); b++) {
            int[] sequence = prompts.get(b);
            int[] expected = new int[10];
            float[] expectedLogProbs = new float[10];
            for (int i = 0; i < 10; i++) {
                float[] last = lastLogits(sequence);
                expected[i] = TokenChoice.argmax(last);
                expectedLogProbs[i] = TokenChoice.logProbability(last, expected[i]);
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
        KvCache cache = model.newCache(prompts.size());
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
        KvCache cache = used.newCache(2);
        Sampler.generate(used, List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}),
                settings, new Rng(1)); // another batch size and prefill width, from the same workspaces
        Sampler.generate(used, cache, List.of(new int[] {6}, new int[] {7, 7, 7}), settings, new Rng(2));
        KvCache reused = used.newCache(2, cache);
        assertSame(cache, reused, "same shapes: the cache is reused");
        assertEquals(0, reused.length(0));
        List<Sampler.Completion> again = Sampler.generate(used, reused, prompts, settings, new Rng(8));
        for (int b = 0; b < prompts.size(); b++) {
            assertArrayEquals(expected.get(b).tokens(), again.get(b).tokens(), "row " + b);
            assertArrayEquals(expected.get(b).logProbs(), again.get(b).logProbs(), 0f, "row " + b);
        }
        assertNotSame(cache, used.newCache(3, cache), "another batch size needs another cache");
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
    void samplingFollowsTheSoftmaxAndItsFilters() {
        float[] logits = {2.0f, 1.0f, 0.5f, -1.0f, -3.0f};
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i]);
            z += p[i];
        }
        int draws = 200_000;
        int[] counts = new int[logits.length];
        Rng rng = new Rng(1);
        Sampler.Settings plain = new Sampler.Settings(1, 1.0, 0, 1.0, Set.of());
        for (int i = 0; i < draws; i++) {
            counts[TokenChoice.choose(logits, plain, rng)]++;
        }
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i] / z, (double) counts[i] / draws, 0.005, "token " + i);
        }
        // The same distribution with the ids shuffled, and at temperature 2 (logits halved).
        int[] shuffle = {3, 0, 4, 2, 1};
        float[] shuffled = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            shuffled[shuffle[i]] = 2 * logits[i];
        }
        int[] shuffledCounts = new int[logits.length];
        Sampler.Settings warm = new Sampler.Settings(1, 2.0, 0, 1.0, Set.of());
        for (int i = 0; i < draws; i++) {
            shuffledCounts[TokenChoice.choose(shuffled, warm, rng)]++;
        }
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i] / z, (double) shuffledCounts[shuffle[i]] / draws, 0.005, "shuffled token " + i);
        }
        // p ≈ (0.61, 0.22, 0.14, 0.03, 0.004): top-p 0.8 keeps the first two tokens only.
        Sampler.Settings nucleus = new Sampler.Settings(1, 1.0, 0, 0.8, Set.of());
        Sampler.Settings topTwo = new Sampler.Settings(1, 1.0, 2, 1.0, Set.of());
        for (int i = 0; i < 2000; i++) {
            assertTrue(TokenChoice.choose(logits, nucleus, rng) < 2);
            assertTrue(TokenChoice.choose(logits, topTwo, rng) < 2);
        }
    }

    @Test
    void aDrawGivesTheTokenChooseGivesAndItsExactLogProbability() {
        float[] logits = new float[300];
        Rng values = new Rng(5);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (4 * values.nextDouble() - 2);
        }
        for (Sampler.Settings settings : List.of(new Sampler.Settings(1, 1.0, 0, 1.0, Set.of()),
                new Sampler.Settings(1, 0.7, 0, 1.0, Set.of()), new Sampler.Settings(1, 1.0, 20, 0.9, Set.of()),
                Sampler.Settings.greedy(1))) {
            Rng forDraw = new Rng(9);
            Rng forChoose = new Rng(9);
            for (int i = 0; i < 200; i++) {
                TokenChoice.Choice choice = TokenChoice.draw(logits, settings, forDraw);
                int token = TokenChoice.choose(logits, settings, forChoose);
                assertEquals(token, choice.token(), settings + " draw " + i);
                assertEquals(Float.floatToIntBits(TokenChoice.logProbability(logits, token)),
                        Float.floatToIntBits(choice.logProbability()), settings + " draw " + i);
            }
        }
    }

    @Test
    void aDrawFromTheSoftmaxGivesTheTokenChooseGivesAndItsLogProbability() {
        int vocab = 300;
        float[] logits = new float[vocab];
        Rng values = new Rng(6);
        for (int i = 0; i < vocab; i++) {
            logits[i] = (float) (6 * values.nextDouble() - 3);
        }
        // The softmax as the backend computes it, in floats, at an offset behind another row's.
        float[] rows = new float[2 * vocab];
        Storage softmax = backend.allocate(vocab);
        backend.softmax(softmax, backend.fromArray(logits), 1, vocab);
        System.arraycopy(backend.toArray(softmax), 0, rows, vocab, vocab);
        Sampler.Settings settings = new Sampler.Settings(1, 1.0, 0, 1.0, Set.of());
        Rng forDraw = new Rng(10);
        Rng forChoose = new Rng(10);
        for (int i = 0; i < 500; i++) {
            TokenChoice.Choice choice = TokenChoice.drawFromSoftmax(rows, vocab, vocab, forDraw);
            int token = TokenChoice.choose(logits, settings, forChoose);
            assertEquals(token, choice.token(), "draw " + i);
            assertEquals(TokenChoice.logProbability(logits, token), choice.logProbability(), 1e-5f, "draw " + i);
        }
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
