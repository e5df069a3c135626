package dev.score.engine.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model checkpoint: a directory holding Hugging Face's {@code config.json} and
 * {@code model.safetensors}, readable by GPT2LMHeadModel and loadable from Hugging Face's GPT-2
 * checkpoints.
 */
public final class Checkpoint {

    public static final String CONFIG_FILE = "config.json";
    public static final String MODEL_FILE = "model.safetensors";

    // GPT2LMHeadModel names the body's tensors "transformer.*"; GPT2Model and our files do not.
    private static final String BODY_PREFIX = "transformer.";
    private static final String LM_HEAD = "lm_head.weight";
    private static final String TOKEN_EMBEDDING = "wte.weight";

    // Older Hugging Face files store the causal mask ("attn.bias", [1, 1, P, P]) and a constant
    // ("attn.masked_bias") as if they were parameters; they are buffers, not weights.
    private static final Pattern MASK_BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.bias");
    private static final Pattern MASKED_BIAS_BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.masked_bias");

    private Checkpoint() {}

    public static LoadedWeights load(Path dir) {
        ModelDirectory.requireExisting(dir);
        Path configFile = ModelDirectory.requireFile(dir, CONFIG_FILE, "a model directory holds "
                + CONFIG_FILE + " and " + MODEL_FILE);
        Path modelFile = ModelDirectory.requireFile(dir, MODEL_FILE, "a model directory holds "
                + CONFIG_FILE + " and " + MODEL_FILE);
        Gpt2Config config = Gpt2Config.read(configFile);
        try (SafeTensorsFile file = SafeTensors.read(modelFile)) {
            return new LoadedWeights(config, readWeights(file, config));
        }
    }

    /** Writes {@code config.json} and {@code model.safetensors} (canonical names), creating {@code dir}. */
    public static void save(Path dir, Gpt2Config config, Map<String, float[]> weights) {
        saveValues(dir, config, FloatValues.ofArrays(weights));
    }

    /** {@link #save} from values read a chunk at a time (a model's tensors, without host copies). */
    public static void saveValues(Path dir, Gpt2Config config, Map<String, FloatValues> weights) {
        ModelDirectory.requireWritable(dir);
        Path modelFile = dir.resolve(MODEL_FILE);
        var tensors = ParameterTensors.forWriting(modelFile, "", config.parameterShapes(), weights);
        // Hugging Face's loader refuses safetensors files whose metadata lacks this format tag.
        SafeTensors.write(modelFile, tensors, Map.of("format", "pt"));
        // The config goes last, so that a fresh directory with a config.json is a complete one.
        config.write(dir.resolve(CONFIG_FILE));
    }

    private static LinkedHashMap<String, float[]> readWeights(SafeTensorsFile file, Gpt2Config config) {
        // Every layer has 12 tensors, so a file with fewer tensors than n_layer cannot hold the model; and
        // listing the parameters of a corrupt n_layer of 2^31 - 1 would exhaust memory before saying so.
        if (config.nLayer() > file.names().size()) {
            throw new CheckpointException(file.path(), "holds " + file.names().size() + " tensors, too few for "
                    + CONFIG_FILE + "'s n_layer = " + config.nLayer() + " (12 tensors a layer)");
        }
        LinkedHashMap<String, int[]> shapes = config.parameterShapes();
        Map<String, String> storedNames = new HashMap<>();
        String lmHead = null;
        for (String stored : file.names()) {
            String name = stored.startsWith(BODY_PREFIX) ? stored.substring(BODY_PREFIX.length()) : stored;
            if (stored.equals(LM_HEAD)) {
                lmHead = stored;
                continue;
            }
            if (isAttentionBuffer(name, file.info(stored))) {
                continue;
            }
            if (!shapes.containsKey(name)) {
                throw CheckpointException.inTensor(file.path(), stored,
                        "unexpected: not a parameter of GPT-2 with n_layer = " + config.nLayer());
            }
            String earlier = storedNames.putIfAbsent(name, stored);
            if (earlier != null) {
                throw CheckpointException.inTensor(file.path(), stored,
                        "duplicates tensor '" + earlier + "' (both name parameter '" + name + "')");
            }
            ParameterTensors.checkShape(file, stored, shapes.get(name));
        }
        List<String> missing = shapes.keySet().stream().filter(name -> !storedNames.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw ParameterTensors.missing(file.path(), missing);
        }
        LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
        shapes.keySet().forEach(name -> weights.put(name, ParameterTensors.finiteFloats(file, storedNames.get(name))));
        if (lmHead != null) {
            requireTied(file, lmHead, shapes.get(TOKEN_EMBEDDING), weights.get(TOKEN_EMBEDDING));
        }
        return weights;
    }

    private static boolean isAttentionBuffer(String name, TensorInfo info) {
        return MASKED_BIAS_BUFFER.matcher(name).matches()
                || (MASK_BUFFER.matcher(name).matches() && info.rank() == 4);
    }

    // GPT-2 ties the output projection to the token embedding; a file whose lm_head differs was
    // fine-tuned untied, and silently dropping its head would change the model.
    private static void requireTied(SafeTensorsFile file, String lmHead, int[] embeddingShape, float[] embedding) {
        ParameterTensors.checkShape(file, lmHead, embeddingShape);
        if (!Arrays.equals(ParameterTensors.finiteFloats(file, lmHead), embedding)) {
            throw CheckpointException.inTensor(file.path(), lmHead,
                    "untied lm_head is not supported (it differs from " + TOKEN_EMBEDDING + ")");
        }
    }
}
