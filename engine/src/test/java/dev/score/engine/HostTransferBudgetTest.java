package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.LlamaConfig;
import dev.score.kernels.Backend;
import dev.score.kernels.CountingBackend;
import dev.score.kernels.ScalarBackend;
import dev.score.kernels.VectorBackend;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step and a decoding step each move a fixed handful of values between the backend's memory and
 * the host, the same for a model of one layer and of three, on both CPU backends: a GPU backend pays a
 * round trip's latency for each, so none may hide in a per-layer or per-parameter loop.
 *
 * <p>The budgets: a training step reads the loss and the gradient norm and uploads the seed gradient of
 * {@code backward()}; a decoding pass reads only its rows' chosen tokens (with their log-probabilities).
 */
class HostTransferBudgetTest {

    private static final int BATCH = 2;
    private static final int T = 8;

    private static CausalLm model(String family, Backend backend, int layers) {
        return switch (family) {
            case "gpt2" -> Gpt2Model.initialized(Gpt2Config.of(37, 32, 16, layers, 4), backend, 3);
            case "llama" -> LlamaModel.initialized(LlamaConfig.of("llama", 37, 32, 16, layers, 4, 2, 24), backend, 3);
            default -> throw new IllegalArgumentException(family);
        };
    }

    static Stream<String[]> cases() {
        return Stream.of(new String[] {"gpt2", "scalar"}, new String[] {"gpt2", "vector"},
                new String[] {"llama", "scalar"}, new String[] {"llama", "vector"});
    }

    private static Backend backend(String name) {
        return name.equals("scalar") ? new ScalarBackend() : new VectorBackend(2);
    }

    /** Reads and uploads of the second of two training steps (the first allocates AdamW's moments). */
    private static long[] trainingStep(String family, String backendName, int layers) {
        try (Backend inner = backend(backendName)) {
            CountingBackend counting = new CountingBackend(inner);
            CausalLm model = model(family, counting.backend(), layers);
            AdamW optimizer = AdamW.forModel(model, 0.9f, 0.95f, 1e-8f, 0.1f);
            int[] tokens = TestModels.randomTokens(BATCH * T, 37, 5);
            int[] targets = TestModels.randomTokens(BATCH * T, 37, 6);
            Workspace workspace = new Workspace();
            long[] counts = null;
            for (int step = 0; step < 2; step++) {
                counting.reset();
                model.zeroGrad();
                double loss;
                try (Workspace.Scope scope = workspace.open()) {
                    Tensor lossTensor = model.loss(tokens, targets, BATCH, T);
                    lossTensor.backward();
                    loss = lossTensor.item();
                }
                OptimizerStep.clipAndStep(optimizer, model.parameters().values(), 1.0, 1e-3f, loss);
                counts = new long[] {counting.reads(), counting.uploads()};
            }
            return counts;
        }
    }

    /** Reads and uploads of one generation of {@code newTokens} tokens, with the given settings. */
    private static long[] generation(String family, String backendName, int layers, Sampler.Settings settings) {
        try (Backend inner = backend(backendName)) {
            CountingBackend counting = new CountingBackend(inner);
            CausalLm model = model(family, counting.backend(), layers);
            List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4, 5});
            Sampler.generate(model, prompts, settings, new Rng(7)); // packs the decoder's weights
            counting.reset();
            List<Sampler.Completion> done = Sampler.generate(model, prompts, settings, new Rng(7));
            assertEquals(settings.maxNewTokens(), done.getFirst().tokens().length);
            return new long[] {counting.reads(), counting.uploads()};
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void aTrainingStepReadsTheLossAndTheNormAndUploadsTheSeedGradientWhateverTheDepth(String family, String backend) {
        long[] expected = {2, 1};
        for (int layers : new int[] {1, 3}) {
            long[] counts = trainingStep(family, backend, layers);
            assertEquals(expected[0], counts[0], layers + " layers: reads");
            assertEquals(expected[1], counts[1], layers + " layers: uploads");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void aDecodingPassReadsOnlyItsTokensWhateverTheDepth(String family, String backend) {
        int newTokens = 6;
        // The prefill chooses the first token, and each of the other five takes one pass.
        for (Sampler.Settings settings : List.of(Sampler.Settings.greedy(newTokens),
                new Sampler.Settings(newTokens, 1.0, 0, 1.0, Set.of()))) {
            for (int layers : new int[] {1, 3}) {
                long[] counts = generation(family, backend, layers, settings);
                assertEquals(newTokens, counts[0], layers + " layers, " + settings + ": reads");
                assertEquals(0, counts[1], layers + " layers, " + settings + ": uploads");
            }
        }
    }
}
