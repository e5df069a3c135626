package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A steady decoding step allocates (almost) nothing on the heap: the bytes every thread allocates in a
 * generation of {@code n + extra} new tokens, less those of a generation of {@code n}, over {@code extra},
 * is what one step costs. What a step still allocates is a few small objects per operation (tensor
 * handles and their shapes, index copies of {@code batch} ints), about 8 KB at this two-layer shape
 * whatever the vocabulary; one row of logits copied per step (16 KB), a row of draw weights (32 KB) or a
 * copy of all the logits (256 KB) is over the bound. On the scalar backend: the vector backend's
 * kernels allocate nothing once C2 has compiled them, but before that each vector is boxed, and how
 * soon that happens in a test JVM is not this test's concern.
 */
class SamplerAllocationTest {
    private static final int BATCH = 16;
    private static final int VOCAB = 4096;
    /** Bytes a decoding step may allocate: less than a row of its logits ({@code VOCAB} floats) on top of today's 8 KB. */
    static final long BOUND = 12 * 1024;

    @Test
    void aDecodingStepAllocatesAFewSmallObjectsAndNoRowOfTheVocabulary() {
        for (Sampler.Settings settings : List.of(Sampler.Settings.greedy(48), new Sampler.Settings(48, 1.0, 0, 1, Set.of()),
                new Sampler.Settings(48, 0.7, 0, 1, Set.of()), new Sampler.Settings(48, 1.0, 40, 0.9, Set.of()))) {
            long perStep = bytesPerStep(settings);
            assertTrue(perStep < BOUND, settings + ": a decoding step allocated " + perStep + " bytes, more than "
                    + BOUND);
        }
    }

    /** The fewest bytes per step over a few repeats, so that a stray allocation elsewhere in the JVM does not count. */
    private static long bytesPerStep(Sampler.Settings settings) {
        Gpt2Config config = Gpt2Config.of(VOCAB, 128, 32, 2, 4);
        try (Backend backend = Backends.create("scalar", 1)) {
            Gpt2Model model = Gpt2Model.initialized(config, backend, 3);
            List<int[]> prompts = new ArrayList<>();
            Rng tokens = new Rng(4);
            for (int b = 0; b < BATCH; b++) {
                int[] prompt = new int[5 + b % 7];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = tokens.nextInt(VOCAB);
                }
                prompts.add(prompt);
            }
            int extra = settings.maxNewTokens() - 8;
            Sampler.Settings shorter = new Sampler.Settings(8, settings.temperature(), settings.topK(), settings.topP(),
                    settings.stopTokens());
            KvCache cache = model.newCache(BATCH, 64, null);
            for (int warmup = 0; warmup < 3; warmup++) {
                Sampler.generate(model, model.newCache(BATCH, 64, cache), prompts, settings, new Rng(5));
            }
            long fewest = Long.MAX_VALUE;
            for (int repeat = 0; repeat < 5; repeat++) {
                long shortRun = allocatedBy(() -> Sampler.generate(model, model.newCache(BATCH, 64, cache), prompts,
                        shorter, new Rng(5)));
                long longRun = allocatedBy(() -> Sampler.generate(model, model.newCache(BATCH, 64, cache), prompts,
                        settings, new Rng(5)));
                fewest = Math.min(fewest, (longRun - shortRun) / extra);
            }
            return fewest;
        }
    }

    private static long allocatedBy(Runnable body) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        body.run();
        return threads.getTotalThreadAllocatedBytes() - before;
    }
}
