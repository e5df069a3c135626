package dev.score.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code config.json} keys of Hugging Face's GPT2Config that change what the model computes. This
 * engine implements GPT-2 as published, so each key may be absent or hold GPT-2's default; any other value
 * describes a model the engine would run differently from Hugging Face, and is refused rather than ignored.
 * Keys that do not change the forward pass (dropout rates, {@code summary_*}, {@code task_specific_params},
 * token ids) stay accepted.
 */
final class Gpt2Semantics {

    private static final String MODEL_TYPE = "model_type";
    private static final String GPT2 = "gpt2";

    /** A boolean key, GPT-2's value of it, and what the engine does in every case. */
    private record Flag(String key, boolean gpt2Value, String engineDoes) {}

    private static final List<Flag> FLAGS = List.of(
            new Flag("scale_attn_weights", true, "attention scores are always scaled by 1/sqrt(head_dim)"),
            new Flag("scale_attn_by_inverse_layer_idx", false, "attention scores are never scaled by the layer index"),
            new Flag("reorder_and_upcast_attn", false, "the reordered, upcast attention variant is not implemented"),
            new Flag("add_cross_attention", false, "the model is a decoder without cross-attention"),
            new Flag("tie_word_embeddings", true, "the output projection is always the token embedding"));

    private Gpt2Semantics() {}

    /** Fails, naming {@code file} and the key, unless every semantic key is absent or at GPT-2's value. */
    static void requireGpt2(Path file, ObjectNode json) {
        JsonNode modelType = json.get(MODEL_TYPE);
        if (modelType != null && !(modelType.isTextual() && modelType.textValue().equals(GPT2))) {
            throw new CheckpointException(file, "key \"" + MODEL_TYPE + "\": this engine runs only \"" + GPT2
                    + "\" models, found " + JsonFiles.typeOf(modelType));
        }
        for (Flag flag : FLAGS) {
            JsonNode value = json.get(flag.key());
            if (value != null && !(value.isBoolean() && value.booleanValue() == flag.gpt2Value())) {
                throw new CheckpointException(file, "key \"" + flag.key() + "\": only " + flag.gpt2Value()
                        + " (GPT-2's value) is supported, found " + JsonFiles.typeOf(value) + "; "
                        + flag.engineDoes());
            }
        }
    }
}
