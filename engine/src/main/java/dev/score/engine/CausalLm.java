package dev.score.engine;

import dev.score.engine.io.ModelConfig;
import dev.score.kernels.Backend;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A causal language model as the sampler, the optimizer, the trainers and the commands use it,
 * whatever its family ({@link Gpt2Model}, {@link LlamaModel}; {@link CausalLms#load} picks one from a
 * model directory): next-token logits with or without gradients, its parameters, saving, and decoding with a KV cache.
 * A model is sampled from one thread at a time.
 */
public interface CausalLm {
    ModelConfig config();

    Backend backend();

    /** Every parameter by its checkpoint name, in the family's order. */
    Map<String, Tensor> parameters();

    /** Host copies of every parameter, by name. */
    LinkedHashMap<String, float[]> parameterValues();

    void zeroGrad();

    /** Logits {@code [B·T, V]} for {@code tokens[B·T]} (row-major over B, T); with gradients when enabled. */
    Tensor logits(int[] tokens, int batch, int t);

    /** Mean next-token cross-entropy of {@code logits(tokens)} against {@code targets} (negative = ignored). */
    Tensor loss(int[] tokens, int[] targets, int batch, int t);

    /** Writes the model directory ({@code config.json} and weights) into {@code dir}, atomically. */
    void save(Path dir);

    /**
     * A cache for {@code batch} rows of up to {@code positions} tokens each (at most {@code n_positions}):
     * {@code previous} emptied and grown to that when it fits this model and {@code batch} rows, else a new one.
     */
    KvCache newCache(int batch, int positions, KvCache previous);

    /**
     * The model's decoder, its snapshot of the weights refreshed to what they are now: call it before each
     * generation (see {@link Decoder}).
     */
    Decoder decoder();
}
