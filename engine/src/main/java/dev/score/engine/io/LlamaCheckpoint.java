package dev.score.engine.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Llama-family model directory in Hugging Face's layout: {@code config.json} and the weights, in one
 * {@code model.safetensors} or in shards with {@code model.safetensors.index.json}, under the names of
 * {@link LlamaConfig#parameterShapes()}, in F32, F16 or BF16. Opened, it is checked whole before any
 * value is read — every tensor expected and of its shape, nothing unexpected — and then read one tensor
 * at a time, so a model built from it never holds a second copy of its weights.
 */
public final class LlamaCheckpoint implements AutoCloseable {
    private static final String LM_HEAD = "lm_head.weight";
    private static final String EMBEDDING = "model.embed_tokens.weight";
    // Older Llama checkpoints store each layer's rotary frequencies; they follow from the config.
    private static final Pattern ROTARY_BUFFER = Pattern.compile("model\\.layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq");

    private final LlamaConfig config;
    private final HfWeightFiles files;

    private LlamaCheckpoint(LlamaConfig config, HfWeightFiles files) {
        this.config = config;
        this.files = files;
    }

    /** Opens and checks {@code dir}; close the result once the model is built. */
    public static LlamaCheckpoint open(Path dir) {
        ModelDirectory.requireExisting(dir);
        LlamaConfig config = LlamaConfig.read(ModelDirectory.requireFile(dir, Checkpoint.CONFIG_FILE,
                "a model directory holds " + Checkpoint.CONFIG_FILE + " and its weights"));
        HfWeightFiles files = HfWeightFiles.open(dir);
        try {
            check(config, files);
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
        return new LlamaCheckpoint(config, files);
    }

    private static void check(LlamaConfig config, HfWeightFiles files) {
        // Each layer has at least 9 tensors; a corrupt num_hidden_layers of 2^31 - 1 is refused before its names are listed.
        if (config.numHiddenLayers() > files.names().size()) {
            throw new CheckpointException(files.origin(), "holds " + files.names().size() + " tensors, too few for "
                    + Checkpoint.CONFIG_FILE + "'s num_hidden_layers = " + config.numHiddenLayers());
        }
        Map<String, int[]> shapes = config.parameterShapes();
        for (String name : files.names()) {
            SafeTensorsFile file = files.fileOf(name);
            if (shapes.containsKey(name)) {
                ParameterTensors.checkShape(file, name, shapes.get(name));
            } else if (name.equals(LM_HEAD) && config.tieWordEmbeddings()) {
                ParameterTensors.checkShape(file, name, shapes.get(EMBEDDING));
            } else if (!ROTARY_BUFFER.matcher(name).matches()) {
                throw CheckpointException.inTensor(file.path(), name, "unexpected: not a parameter of this "
                        + config.modelType() + " model with num_hidden_layers = " + config.numHiddenLayers()
                        + (config.tieWordEmbeddings() ? " and a tied head" : ""));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : shapes.keySet()) {
            if (!files.names().contains(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw ParameterTensors.missing(files.origin(), missing);
        }
    }

    public LlamaConfig config() {
        return config;
    }

    /** The float32 values of parameter {@code name}, which must all be finite. */
    public float[] values(String name) {
        float[] values = ParameterTensors.finiteFloats(files.fileOf(name), name);
        // A tied model's file may still hold the head; silently using the embedding for a head that differs
        // would change the model.
        if (name.equals(EMBEDDING) && config.tieWordEmbeddings() && files.names().contains(LM_HEAD)
                && !Arrays.equals(ParameterTensors.finiteFloats(files.fileOf(LM_HEAD), LM_HEAD), values)) {
            throw CheckpointException.inTensor(files.fileOf(LM_HEAD).path(), LM_HEAD, "differs from " + EMBEDDING
                    + ", though " + Checkpoint.CONFIG_FILE + " says tie_word_embeddings = true");
        }
        return values;
    }

    /** Writes {@code config.json} and a float32 {@code model.safetensors} with Hugging Face's names, creating {@code dir}. */
    public static void save(Path dir, LlamaConfig config, Map<String, float[]> weights) {
        saveValues(dir, config, FloatValues.ofArrays(weights));
    }

    /** {@link #save} from values read a chunk at a time (a model's tensors, without host copies). */
    public static void saveValues(Path dir, LlamaConfig config, Map<String, FloatValues> weights) {
        ModelDirectory.requireWritable(dir);
        Path modelFile = dir.resolve(Checkpoint.MODEL_FILE);
        var tensors = ParameterTensors.forWriting(modelFile, "", config.parameterShapes(), weights);
        SafeTensors.write(modelFile, tensors, Map.of("format", "pt"));
        // Hugging Face, like HfWeightFiles, reads model.safetensors before any shards an older save left.
        config.write(dir.resolve(Checkpoint.CONFIG_FILE));
    }

    @Override
    public void close() {
        files.close();
    }
}
