package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding with the cache must give the logits of a full forward pass over the same prefix. */
class KvCacheTest {
    private static final float TOLERANCE = 2e-5f; // float32, different summation order

    static Stream<String> backends() {
        return Stream.of("scalar", "vector");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cachedLogitsEqualFullForwardLogits(String backendName) {
        try (Backend backend = Backends.create(backendName, 2)) {
            Gpt2Config config = TestModels.tinyConfig();
            Gpt2Model model = TestModels.randomModel(config, backend, 7);
            int vocab = config.vocabSize();
            // Two rows of different prompt lengths, prefilled together, then decoded token by token.
            int[][] sequences = {TestModels.randomTokens(20, vocab, 1), TestModels.randomTokens(20, vocab, 2)};
            int[] promptLength = {5, 11};
            int maxPrompt = 11;

            float[][] full = new float[2][];
            try (GradMode.Scope off = GradMode.disabled()) {
                for (int b = 0; b < 2; b++) {
                    full[b] = model.logits(sequences[b], 1, 20).toArray(); // [20, V]
                }
            }

            KvCache cache = model.newCache(2, 20, null);
            Decoder decoder = model.decoder();
            int[] prefill = new int[2 * maxPrompt];
            for (int b = 0; b < 2; b++) {
                System.arraycopy(sequences[b], 0, prefill, b * maxPrompt, promptLength[b]);
            }
            float[] logits = decoder.decode(prefill, maxPrompt, new int[] {4, 10}, cache).toArray();
            cache.advance(promptLength);
            for (int b = 0; b < 2; b++) {
                assertRowEquals(full[b], promptLength[b] - 1, logits, b, vocab);
            }
            for (int step = 0; step < 8; step++) {
                int[] next = new int[2];
                for (int b = 0; b < 2; b++) {
                    next[b] = sequences[b][cache.length(b)];
                }
                int[] position = cache.lengths();
                logits = decoder.decode(next, 1, new int[2], cache).toArray();
                cache.advance(1);
                for (int b = 0; b < 2; b++) {
                    assertRowEquals(full[b], position[b], logits, b, vocab);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void overfullCacheIsRefused(String backendName) {
        try (Backend backend = Backends.create(backendName, 1)) {
            Gpt2Config config = TestModels.tinyConfig();
            Gpt2Model model = TestModels.randomModel(config, backend, 3);
            KvCache cache = model.newCache(1, config.nPositions(), null);
            cache.advance(cache.capacity() - 1);
            assertThrows(IllegalStateException.class,
                    () -> model.decoder().decode(new int[] {1, 2}, 2, new int[] {1}, cache));
        }
    }

    private static void assertRowEquals(float[] full, int position, float[] cached, int row, int vocab) {
        for (int v = 0; v < vocab; v++) {
            float expected = full[position * vocab + v];
            assertEquals(expected, cached[row * vocab + v], TOLERANCE * (1 + Math.abs(expected)),
                    "row " + row + ", position " + position + ", token " + v);
        }
    }
}
