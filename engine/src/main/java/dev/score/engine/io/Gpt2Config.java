package dev.score.engine.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The hyperparameters of a GPT-2 model, as Hugging Face's {@code config.json} spells them.
 *
 * @param nInner the MLP width, or null for Hugging Face's default of 4·nEmbd
 */
public record Gpt2Config(
        int vocabSize,
        int nPositions,
        int nEmbd,
        int nLayer,
        int nHead,
        double layerNormEpsilon,
        String activationFunction,
        Integer nInner) implements ModelConfig {

    /** GPT-2's tanh approximation of GELU, under both names Hugging Face uses for it. */
    public static final Set<String> SUPPORTED_ACTIVATIONS = Set.of("gelu_new", "gelu_pytorch_tanh");

    /** Checks the values; messages use the config.json key names. */
    public Gpt2Config {
        ConfigChecks.positive("vocab_size", vocabSize);
        ConfigChecks.positive("n_positions", nPositions);
        ConfigChecks.positive("n_embd", nEmbd);
        ConfigChecks.positive("n_layer", nLayer);
        ConfigChecks.positive("n_head", nHead);
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException(
                    "key \"n_embd\": expected a multiple of n_head (" + nHead + "), found " + nEmbd);
        }
        if (!(layerNormEpsilon > 0) || Double.isInfinite(layerNormEpsilon)) {
            throw new IllegalArgumentException(
                    "key \"layer_norm_epsilon\": expected a positive number, found " + layerNormEpsilon);
        }
        if (activationFunction == null || !SUPPORTED_ACTIVATIONS.contains(activationFunction)) {
            throw new IllegalArgumentException("key \"activation_function\": expected \"gelu_new\" or "
                    + "\"gelu_pytorch_tanh\", found \"" + activationFunction + "\"");
        }
        if (nInner != null) {
            ConfigChecks.positive("n_inner", nInner);
        }
        // Every parameter is one Java array, so its element count must fit in an int.
        long mlpWidth = nInner != null ? nInner : 4L * nEmbd;
        ConfigChecks.fitsInArray("vocab_size × n_embd", (long) vocabSize * nEmbd);
        ConfigChecks.fitsInArray("n_positions × n_embd", (long) nPositions * nEmbd);
        ConfigChecks.fitsInArray("n_embd × 3·n_embd", 3L * nEmbd * nEmbd);
        ConfigChecks.fitsInArray("n_embd × MLP width", nEmbd * mlpWidth);
    }

    /** A config with GPT-2's defaults for the rest: LayerNorm epsilon 1e-5, {@code gelu_new}, MLP width 4·C. */
    public static Gpt2Config of(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, 1e-5, "gelu_new", null);
    }

    /**
     * Reads a Hugging Face GPT-2 {@code config.json}. Keys that would change the model's computation must
     * hold GPT-2's values ({@link Gpt2Semantics}); keys that do not are ignored.
     */
    public static Gpt2Config read(Path configJson) {
        ObjectNode object = JsonFiles.readObject(configJson);
        Gpt2Semantics.requireGpt2(configJson, object);
        JsonFields json = new JsonFields(configJson, object);
        try {
            return new Gpt2Config(
                    json.requiredInt("vocab_size"),
                    json.requiredInt("n_positions"),
                    json.requiredInt("n_embd"),
                    json.requiredInt("n_layer"),
                    json.requiredInt("n_head"),
                    json.requiredNumber("layer_norm_epsilon"),
                    json.requiredString("activation_function"),
                    json.optionalInt("n_inner"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(configJson, e.getMessage(), e);
        }
    }

    /** Writes a {@code config.json} that Hugging Face's GPT2LMHeadModel loads, atomically. */
    public void write(Path configJson) {
        ObjectNode json = JsonFiles.MAPPER.createObjectNode();
        json.put("activation_function", activationFunction);
        json.putArray("architectures").add("GPT2LMHeadModel");
        json.put("layer_norm_epsilon", layerNormEpsilon);
        json.put("model_type", "gpt2");
        json.put("n_ctx", nPositions);
        json.put("n_embd", nEmbd);
        json.put("n_head", nHead);
        json.put("n_inner", nInner);
        json.put("n_layer", nLayer);
        json.put("n_positions", nPositions);
        json.put("vocab_size", vocabSize);
        JsonFiles.writeObject(configJson, json);
    }

    @Override
    public int layers() {
        return nLayer;
    }

    @Override
    public int hiddenSize() {
        return nEmbd;
    }

    /** None: this config does not read {@code eos_token_id} (the tasks end attempts with their own stop token). */
    @Override
    public List<Integer> eosTokenIds() {
        return List.of();
    }

    @Override
    public int cachedWidth() {
        return nEmbd;
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    public int mlpWidth() {
        return nInner != null ? nInner : 4 * nEmbd;
    }

    /**
     * Every parameter's name and shape, in Hugging Face's order and layout and without the
     * {@code transformer.} prefix. GPT-2's Conv1D layers store their weights as [in, out].
     */
    public LinkedHashMap<String, int[]> parameterShapes() {
        int c = nEmbd;
        int f = mlpWidth();
        LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("wte.weight", new int[] {vocabSize, c});
        shapes.put("wpe.weight", new int[] {nPositions, c});
        for (int i = 0; i < nLayer; i++) {
            String h = "h." + i + ".";
            shapes.put(h + "ln_1.weight", new int[] {c});
            shapes.put(h + "ln_1.bias", new int[] {c});
            shapes.put(h + "attn.c_attn.weight", new int[] {c, 3 * c});
            shapes.put(h + "attn.c_attn.bias", new int[] {3 * c});
            shapes.put(h + "attn.c_proj.weight", new int[] {c, c});
            shapes.put(h + "attn.c_proj.bias", new int[] {c});
            shapes.put(h + "ln_2.weight", new int[] {c});
            shapes.put(h + "ln_2.bias", new int[] {c});
            shapes.put(h + "mlp.c_fc.weight", new int[] {c, f});
            shapes.put(h + "mlp.c_fc.bias", new int[] {f});
            shapes.put(h + "mlp.c_proj.weight", new int[] {f, c});
            shapes.put(h + "mlp.c_proj.bias", new int[] {c});
        }
        shapes.put("ln_f.weight", new int[] {c});
        shapes.put("ln_f.bias", new int[] {c});
        return shapes;
    }
}
