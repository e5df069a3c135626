package dev.score.engine;

import static dev.score.engine.ParityFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Llama family against PyTorch ({@code parity/make_llama_fixtures.py}, documented in
 * {@code parity/LLAMA.md}), on three checkpoints written in Hugging Face layout: a Llama 3 (untied head,
 * grouped-query attention, llama3 rope scaling with all three branches, sharded BF16), a Qwen2 (q/k/v
 * biases, tied, F32) and a Qwen3 (per-head q/k norms, head_dim ≠ hidden/heads, {@code rope_parameters},
 * F16). The levels and tolerances are GPT-2's ({@link Gpt2ParityTest}): step-0 logits, loss and every
 * gradient to 1e-5, ten AdamW steps with clipping, final parameters to 5e-5; then greedy decoding through
 * the KV cache, and the cache's logits against the full forward pass.
 */
class LlamaParityTest {
    private static final double TOL = ParityFixtures.TOL;

    static Stream<Arguments> models() {
        List<Arguments> cases = new ArrayList<>();
        for (String model : List.of("llama3-tiny", "qwen2-tiny", "qwen3-tiny")) {
            for (String backend : List.of("scalar", "vector")) {
                cases.add(Arguments.of(model, backend));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void logitsLossAndEveryGradientMatchPyTorch(String name, String backendName) {
        try (Backend backend = Backends.create(backendName, 2)) {
            CausalLm model = CausalLms.load(ParityFixtures.DIR.resolve(name), backend);
            assertInstanceOf(LlamaModel.class, model);
            ParityFixtures.assertStepZeroMatches(model, name);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void tenAdamWStepsFollowPyTorch(String name, String backendName) {
        try (Backend backend = Backends.create(backendName, 2)) {
            ParityFixtures.assertTrainingMatches(CausalLms.load(ParityFixtures.DIR.resolve(name), backend), name);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void greedyDecodingWithTheCacheGivesPyTorchsTokens(String name, String backendName) {
        JsonNode cases = ParityFixtures.json(name + "-generate.json").get("cases");
        try (Backend backend = Backends.create(backendName, 2)) {
            CausalLm model = CausalLms.load(ParityFixtures.DIR.resolve(name), backend);
            for (JsonNode c : cases) {
                int[] expected = ParityFixtures.ints(c.get("new_ids"));
                List<Sampler.Completion> completions = Sampler.generate(model,
                        List.of(ParityFixtures.ints(c.get("prompt"))), Sampler.Settings.greedy(expected.length),
                        new Rng(1));
                assertArrayEquals(expected, completions.getFirst().tokens(), "after prompt " + c.get("prompt"));
            }
        }
    }

    /** Token by token through the cache, two rows at different lengths, against one full forward pass per row. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void cachedLogitsEqualTheFullForwardPass(String name, String backendName) {
        int[][] rows = {{5, 17, 88, 3, 41, 62, 9, 30, 77, 12, 54}, {23, 8, 91, 46, 0, 15, 70}};
        try (Backend backend = Backends.create(backendName, 2);
                GradMode.Scope off = GradMode.disabled()) {
            CausalLm model = CausalLms.load(ParityFixtures.DIR.resolve(name), backend);
            int vocab = model.config().vocabSize();
            float[][] full = new float[rows.length][];
            for (int r = 0; r < rows.length; r++) {
                full[r] = model.logits(rows[r], 1, rows[r].length).toArray();
            }
            KvCache cache = model.newCache(rows.length, rows[0].length, null);
            Decoder decoder = model.decoder();
            // Row 1 starts three steps late, so the rows sit at different cache lengths throughout.
            int late = 3;
            for (int step = 0; step < rows[0].length; step++) {
                int[] tokens = {rows[0][step], step >= late && step - late < rows[1].length ? rows[1][step - late] : 0};
                float[] logits = decoder.decode(tokens, 1, new int[] {0, 0}, cache).toArray();
                assertClose(slice(full[0], step, vocab), slice(logits, 0, vocab), TOL, TOL, "row 0, position " + step);
                boolean rowOneFed = step >= late && step - late < rows[1].length;
                if (rowOneFed) {
                    assertClose(slice(full[1], step - late, vocab), slice(logits, 1, vocab), TOL, TOL,
                            "row 1, position " + (step - late));
                }
                cache.advance(new int[] {1, rowOneFed ? 1 : 0});
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void aSavedModelLoadsBackWithTheSameLogits(String name, String backendName, @TempDir Path dir) {
        int[] tokens = {4, 44, 71, 2, 99, 13};
        try (Backend backend = Backends.create(backendName, 2);
                GradMode.Scope off = GradMode.disabled()) {
            CausalLm model = CausalLms.load(ParityFixtures.DIR.resolve(name), backend);
            model.save(dir);
            CausalLm loaded = CausalLms.load(dir, backend);
            assertEquals(model.config(), loaded.config());
            assertArrayEquals(model.logits(tokens, 1, tokens.length).toArray(),
                    loaded.logits(tokens, 1, tokens.length).toArray());
        }
    }

    private static float[] slice(float[] logits, int row, int vocab) {
        float[] out = new float[vocab];
        System.arraycopy(logits, row * vocab, out, 0, vocab);
        return out;
    }
}
