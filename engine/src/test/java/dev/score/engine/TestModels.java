package dev.score.engine;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;

/** Small models and inputs shared by the engine's tests. */
final class TestModels {
    private TestModels() {
    }

    /** A tiny GPT-2: vocab 37, context 24, width 16, 2 layers, 4 heads. */
    static Gpt2Config tinyConfig() {
        return Gpt2Config.of(37, 24, 16, 2, 4);
    }

    /** A model whose biases and LayerNorm parameters are random too, so every parameter matters. */
    static Gpt2Model randomModel(Gpt2Config config, Backend backend, long seed) {
        Gpt2Model model = Gpt2Model.initialized(config, backend, seed);
        Rng rng = new Rng(seed + 1);
        model.parameters().forEach((name, p) -> {
            float[] v = p.toArray();
            boolean isLayerNormWeight = name.contains("ln_") && name.endsWith(".weight");
            for (int i = 0; i < v.length; i++) {
                v[i] = isLayerNormWeight ? (float) (1 + 0.1 * rng.nextGaussian())
                        : (float) (0.1 * rng.nextGaussian());
            }
            p.set(v);
        });
        return model;
    }

    static int[] randomTokens(int n, int vocab, long seed) {
        Rng rng = new Rng(seed);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = rng.nextInt(vocab);
        }
        return tokens;
    }
}
