package dev.score.engine;

import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.LlamaConfig;
import dev.score.engine.io.ModelConfig;
import dev.score.engine.io.ModelFamily;
import dev.score.kernels.Backend;
import java.nio.file.Path;

/** Loads a model directory as the family its {@code config.json} names ({@link ModelFamily}). */
public final class CausalLms {
    private CausalLms() {
    }

    /** A freshly initialized model of {@code config}'s family, as Hugging Face initializes it. */
    public static CausalLm initialized(ModelConfig config, Backend backend, long seed) {
        return switch (config) {
            case Gpt2Config gpt2 -> Gpt2Model.initialized(gpt2, backend, seed);
            case LlamaConfig llama -> LlamaModel.initialized(llama, backend, seed);
        };
    }

    /** The model in {@code dir} ({@code config.json} and weights) on {@code backend}. */
    public static CausalLm load(Path dir, Backend backend) {
        String family = ModelFamily.of(dir);
        return switch (family) {
            case ModelFamily.GPT2 -> Gpt2Model.load(dir, backend);
            case LlamaConfig.LLAMA, LlamaConfig.QWEN2, LlamaConfig.QWEN3 -> LlamaModel.load(dir, backend);
            default -> throw new IllegalStateException("no loader for the supported family " + family);
        };
    }
}
