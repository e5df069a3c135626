package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A KV cache holds what its generations can use, in whole blocks, not the model's context; it is reused
 * and grown in place; and none of that changes a value drawn: every generation here equals, bit for bit,
 * the same generation on a cache of the whole context.
 */
class KvCacheSizingTest {
    private static final int CONTEXT = 300;
    private static Backend backend;
    private static Gpt2Model model;

    @BeforeAll
    static void open() {
        backend = Backends.create("vector", 2);
        model = TestModels.randomModel(Gpt2Config.of(37, CONTEXT, 16, 2, 4), backend, 11);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void aCacheHoldsWholeBlocksOfWhatWasAskedForAndNoMoreThanTheContextAllows() {
        assertEquals(16, KvCache.BLOCK);
        assertEquals(16, model.newCache(3, 1, null).capacity());
        assertEquals(80, model.newCache(3, 80, null).capacity());
        assertEquals(96, model.newCache(3, 81, null).capacity());
        // 300 positions at most, in blocks of 16: 304, never the 4096 asked for.
        assertEquals(304, model.newCache(3, 4096, null).capacity());
    }

    @Test
    void aCacheIsReusedAtItsSizeAndGrowsOnlyForALongerRequest() {
        KvCache cache = model.newCache(2, 80, null);
        KvCache shorter = model.newCache(2, 10, cache);
        assertSame(cache, shorter);
        assertEquals(80, shorter.capacity(), "a shorter request keeps the memory there is");
        KvCache longer = model.newCache(2, 200, cache);
        assertSame(cache, longer);
        assertEquals(208, longer.capacity());
        assertNotSame(cache, model.newCache(3, 10, cache), "another batch size needs another cache");
    }

    @Test
    void aSizedCacheSamplesWhatAWholeContextCacheSamples() {
        List<int[]> prompts = prompts(5, 1, 17, 30, 2);
        for (Sampler.Settings settings : List.of(Sampler.Settings.greedy(40), new Sampler.Settings(40, 1.0, 0, 1, Set.of(3)),
                new Sampler.Settings(40, 0.8, 5, 0.9, Set.of(3)))) {
            List<Sampler.Completion> sized = Sampler.generate(model, prompts, settings, new Rng(7));
            List<Sampler.Completion> whole = Sampler.generate(model, model.newCache(prompts.size(), CONTEXT, null), prompts,
                    settings, new Rng(7));
            assertBitEqual(whole, sized, settings.toString());
        }
    }

    @Test
    void aCacheGrownBetweenTwoAttemptsContinuesAsAWholeContextCache() {
        List<int[]> prompts = prompts(9, 4, 12);
        Sampler.Settings settings = new Sampler.Settings(50, 1.0, 0, 1, Set.of());
        // Made for the first generation only: the second needs more positions and grows the cache midway.
        KvCache small = model.newCache(prompts.size(), 16 + 50, null);
        KvCache whole = model.newCache(prompts.size(), CONTEXT, null);
        Rng smallRng = new Rng(3);
        Rng wholeRng = new Rng(3);
        List<Sampler.Completion> first = Sampler.generate(model, small, prompts, settings, smallRng);
        assertBitEqual(Sampler.generate(model, whole, prompts, settings, wholeRng), first, "first attempt");
        List<int[]> continuations = new ArrayList<>();
        for (Sampler.Completion completion : first) {
            int[] drawn = completion.tokens();
            continuations.add(new int[] {drawn[drawn.length - 1], 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        }
        int before = small.capacity();
        List<Sampler.Completion> second = Sampler.generate(model, small, continuations, settings, smallRng);
        assertEquals(80, before);
        // The longest row holds 12 + 49 positions; the continuation's 17 tokens round up to 32; 50 new: 143.
        assertEquals(144, small.capacity(), "grown for the second attempt");
        assertBitEqual(Sampler.generate(model, whole, continuations, settings, wholeRng), second, "second attempt");
    }

    private static List<int[]> prompts(int... lengths) {
        Rng rng = new Rng(lengths.length);
        List<int[]> prompts = new ArrayList<>();
        for (int length : lengths) {
            int[] prompt = new int[length];
            for (int i = 0; i < length; i++) {
                prompt[i] = rng.nextInt(37);
            }
            prompts.add(prompt);
        }
        return prompts;
    }

    private static void assertBitEqual(List<Sampler.Completion> expected, List<Sampler.Completion> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int b = 0; b < expected.size(); b++) {
            assertArrayEquals(expected.get(b).tokens(), actual.get(b).tokens(), what + ", row " + b);
            assertArrayEquals(expected.get(b).logProbs(), actual.get(b).logProbs(), 0f, what + ", row " + b);
            assertEquals(expected.get(b).stopped(), actual.get(b).stopped(), what + ", row " + b);
        }
    }
}
