package dev.score.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which family a Hugging Face model directory holds, from its {@code config.json}'s {@code model_type}
 * (a file without one is GPT-2, as the directories this engine wrote before it named the family).
 */
public final class ModelFamily {
    public static final String GPT2 = "gpt2";
    /** The families this engine runs: GPT-2, and the Llama family's three {@code model_type}s. */
    public static final Set<String> SUPPORTED = Set.of(GPT2, LlamaConfig.LLAMA, LlamaConfig.QWEN2, LlamaConfig.QWEN3);

    private ModelFamily() {
    }

    /** The family of the model in {@code dir}; an unsupported or malformed {@code model_type} is refused by name. */
    public static String of(Path dir) {
        Path file = ModelDirectory.requireFile(dir, Checkpoint.CONFIG_FILE, "a model directory holds "
                + Checkpoint.CONFIG_FILE + " and " + Checkpoint.MODEL_FILE);
        JsonNode modelType = JsonFiles.readObject(file).get("model_type");
        if (modelType == null) {
            return GPT2;
        }
        if (!modelType.isTextual()) {
            throw new CheckpointException(file, "key \"model_type\": expected a string such as \"" + GPT2 + "\", found "
                    + JsonFiles.typeOf(modelType));
        }
        if (!SUPPORTED.contains(modelType.textValue())) {
            throw new CheckpointException(file, "key \"model_type\": this engine runs " + new TreeSet<>(SUPPORTED) + " models, not \""
                    + modelType.textValue() + "\"");
        }
        return modelType.textValue();
    }
}
