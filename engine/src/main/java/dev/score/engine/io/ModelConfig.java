package dev.score.engine.io;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What a causal language model's configuration tells the code around the model (sampling, training
 * batches, evaluation): how many token ids it scores and how many positions a sequence may take.
 * Each family's config ({@link Gpt2Config}) says the rest, for its own model.
 */
public sealed interface ModelConfig permits Gpt2Config, LlamaConfig {
    /** Token ids the model scores: logits are {@code [rows, vocabSize]}. */
    int vocabSize();

    /** The most positions one sequence may take, prompt and generated tokens together. */
    int nPositions();

    /** Transformer blocks. */
    int layers();

    /** The width of the residual stream, {@code C}. */
    int hiddenSize();

    /** Floats one layer's KV cache holds per position for keys (and as many for values): {@code kvHeads · headDim}. */
    int cachedWidth();

    /**
     * The ids that end a sequence, from {@code config.json}'s {@code eos_token_id} (one id or a list, as
     * Llama 3's instruct models name several); empty when the config names none.
     */
    List<Integer> eosTokenIds();

    /** Every parameter's checkpoint name and shape, in the family's order. */
    LinkedHashMap<String, int[]> parameterShapes();
}
