package dev.score.engine.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameters of a Llama-family model (Llama 3.x, SmolLM2, Qwen2/2.5, Qwen3), as Hugging Face's
 * {@code config.json} spells them. The three {@code model_type}s share one architecture — RMSNorm,
 * rotary embeddings, grouped-query attention, a SwiGLU MLP — and differ in where biases sit (Qwen2: on
 * q, k and v always; Llama and Qwen3: on q, k, v and o when {@code attention_bias}) and in Qwen3's
 * per-head RMSNorm of queries and keys before the rotation.
 *
 * @param headDim the width of one attention head, which need not be {@code hiddenSize / numAttentionHeads}
 * @param eosTokenIds every end-of-sequence id (Llama 3 instruct models name several); may be empty
 * @param bosTokenId the beginning-of-sequence id, or null
 */
public record LlamaConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int maxPositionEmbeddings,
        double rmsNormEps,
        RopeParameters rope,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        Integer bosTokenId,
        List<Integer> eosTokenIds) implements ModelConfig {

    public static final String LLAMA = "llama";
    public static final String QWEN2 = "qwen2";
    public static final String QWEN3 = "qwen3";

    private static final Map<String, String> ARCHITECTURES = Map.of(
            LLAMA, "LlamaForCausalLM", QWEN2, "Qwen2ForCausalLM", QWEN3, "Qwen3ForCausalLM");

    /** Checks the values; messages use the config.json key names. */
    public LlamaConfig {
        if (!ARCHITECTURES.containsKey(modelType)) {
            throw new IllegalArgumentException("key \"model_type\": expected one of " + ARCHITECTURES.keySet()
                    + ", found \"" + modelType + "\"");
        }
        ConfigChecks.positive("vocab_size", vocabSize);
        ConfigChecks.positive("hidden_size", hiddenSize);
        ConfigChecks.positive("intermediate_size", intermediateSize);
        ConfigChecks.positive("num_hidden_layers", numHiddenLayers);
        ConfigChecks.positive("num_attention_heads", numAttentionHeads);
        ConfigChecks.positive("num_key_value_heads", numKeyValueHeads);
        ConfigChecks.positive("head_dim", headDim);
        ConfigChecks.positive("max_position_embeddings", maxPositionEmbeddings);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("key \"num_key_value_heads\": expected a divisor of num_attention_heads ("
                    + numAttentionHeads + "), found " + numKeyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("key \"head_dim\": rotary embeddings need an even width, found " + headDim);
        }
        if (!(rmsNormEps > 0) || Double.isInfinite(rmsNormEps)) {
            throw new IllegalArgumentException("key \"rms_norm_eps\": expected a positive number, found " + rmsNormEps);
        }
        // Every parameter is one Java array, so its element count must fit in an int.
        ConfigChecks.fitsInArray("vocab_size × hidden_size", (long) vocabSize * hiddenSize);
        ConfigChecks.fitsInArray("hidden_size × intermediate_size", (long) hiddenSize * intermediateSize);
        ConfigChecks.fitsInArray("hidden_size × num_attention_heads·head_dim", (long) hiddenSize * numAttentionHeads * headDim);
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /**
     * A config of {@code modelType} with the family's usual choices for the rest: RMSNorm epsilon 1e-6,
     * rope base 10000 without scaling, {@code head_dim = hidden / heads}, a tied head, no attention bias
     * beyond Qwen2's.
     */
    public static LlamaConfig of(String modelType, int vocabSize, int nPositions, int hidden, int layers, int heads,
            int kvHeads, int intermediate) {
        return new LlamaConfig(modelType, vocabSize, hidden, intermediate, layers, heads, kvHeads, hidden / heads,
                nPositions, 1e-6, RopeParameters.unscaled(10000), true, false, null, List.of());
    }

    /**
     * The family's usual MLP width for {@code hidden}: {@code 8·hidden/3} rounded up to a multiple of 8, which
     * gives its three matrices as many parameters as GPT-2's two of {@code 4·hidden}.
     */
    public static int usualIntermediate(int hidden) {
        return (8 * hidden / 3 + 7) / 8 * 8;
    }

    /**
     * Reads a Hugging Face {@code config.json} of a Llama-family model. Keys that would make the model compute
     * something this engine does not implement (another activation, MLP biases, sliding-window attention, a
     * partial rotation, an unknown rope type) are refused by name; keys that do not change the computation are
     * ignored.
     */
    public static LlamaConfig read(Path configJson) {
        ObjectNode object = JsonFiles.readObject(configJson);
        JsonFields json = new JsonFields(configJson, object);
        try {
            String modelType = json.requiredString("model_type");
            requireValue(configJson, json.optionalString("hidden_act"), "silu", "hidden_act",
                    "the MLP is always SwiGLU with SiLU");
            refuse(configJson, json.optionalBoolean("mlp_bias", false), "mlp_bias", "the MLP projections have no bias");
            refuse(configJson, json.optionalBoolean("use_sliding_window", false), "use_sliding_window",
                    "every layer attends to the whole sequence");
            double rotary = json.optionalNumber("partial_rotary_factor", 1.0);
            if (rotary != 1.0) {
                throw new CheckpointException(configJson, "key \"partial_rotary_factor\": only 1.0 is supported, found "
                        + rotary + "; the rotation covers every dimension of a head");
            }
            int hidden = json.requiredInt("hidden_size");
            int heads = json.requiredInt("num_attention_heads");
            Integer kvHeads = json.optionalInt("num_key_value_heads");
            Integer headDim = json.optionalInt("head_dim");
            return new LlamaConfig(
                    modelType,
                    json.requiredInt("vocab_size"),
                    hidden,
                    json.requiredInt("intermediate_size"),
                    json.requiredInt("num_hidden_layers"),
                    heads,
                    kvHeads != null ? kvHeads : heads,
                    headDim != null ? headDim : hidden / Math.max(heads, 1),
                    json.requiredInt("max_position_embeddings"),
                    json.requiredNumber("rms_norm_eps"),
                    RopeParameters.read(json),
                    json.optionalBoolean("tie_word_embeddings", false),
                    json.optionalBoolean("attention_bias", false),
                    json.optionalInt("bos_token_id"),
                    Arrays.stream(json.optionalInts("eos_token_id")).boxed().toList());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(configJson, e.getMessage(), e);
        }
    }

    /** Writes a {@code config.json} that Hugging Face's {@code *ForCausalLM} of this family loads, atomically. */
    public void write(Path configJson) {
        ObjectNode json = JsonFiles.MAPPER.createObjectNode();
        json.putArray("architectures").add(ARCHITECTURES.get(modelType));
        if (!modelType.equals(QWEN2)) {
            json.put("attention_bias", attentionBias);
        }
        if (bosTokenId != null) {
            json.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            json.put("eos_token_id", eosTokenIds.getFirst());
        } else if (eosTokenIds.size() > 1) {
            ArrayNode ids = json.putArray("eos_token_id");
            for (int id : eosTokenIds) {
                ids.add(id);
            }
        }
        json.put("head_dim", headDim);
        json.put("hidden_act", "silu");
        json.put("hidden_size", hiddenSize);
        json.put("intermediate_size", intermediateSize);
        json.put("max_position_embeddings", maxPositionEmbeddings);
        json.put("model_type", modelType);
        json.put("num_attention_heads", numAttentionHeads);
        json.put("num_hidden_layers", numHiddenLayers);
        json.put("num_key_value_heads", numKeyValueHeads);
        json.put("rms_norm_eps", rmsNormEps);
        rope.write(json);
        json.put("tie_word_embeddings", tieWordEmbeddings);
        // The weights are written as float32 whatever they were read as.
        json.put("torch_dtype", "float32");
        if (!modelType.equals(LLAMA)) {
            json.put("use_sliding_window", false);
        }
        json.put("vocab_size", vocabSize);
        JsonFiles.writeObject(configJson, json);
    }

    @Override
    public int nPositions() {
        return maxPositionEmbeddings;
    }

    @Override
    public int layers() {
        return numHiddenLayers;
    }

    @Override
    public int cachedWidth() {
        return numKeyValueHeads * headDim;
    }

    /** Whether q, k and v carry biases (Qwen2 always; the others with {@code attention_bias}). */
    public boolean qkvBias() {
        return modelType.equals(QWEN2) || attentionBias;
    }

    /** Whether the output projection carries a bias (never in Qwen2). */
    public boolean outputBias() {
        return !modelType.equals(QWEN2) && attentionBias;
    }

    /** Whether queries and keys are RMS-normalised per head before the rotation (Qwen3). */
    public boolean qkNorm() {
        return modelType.equals(QWEN3);
    }

    /**
     * Every parameter's Hugging Face name and shape, in the order Hugging Face's modules register them;
     * {@code nn.Linear} weights are {@code [out, in]}.
     */
    @Override
    public LinkedHashMap<String, int[]> parameterShapes() {
        int c = hiddenSize;
        int q = numAttentionHeads * headDim;
        int kv = numKeyValueHeads * headDim;
        LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new int[] {vocabSize, c});
        for (int i = 0; i < numHiddenLayers; i++) {
            String p = "model.layers." + i + ".";
            linear(shapes, p + "self_attn.q_proj", q, c, qkvBias());
            linear(shapes, p + "self_attn.k_proj", kv, c, qkvBias());
            linear(shapes, p + "self_attn.v_proj", kv, c, qkvBias());
            linear(shapes, p + "self_attn.o_proj", c, q, outputBias());
            if (qkNorm()) {
                shapes.put(p + "self_attn.q_norm.weight", new int[] {headDim});
                shapes.put(p + "self_attn.k_norm.weight", new int[] {headDim});
            }
            linear(shapes, p + "mlp.gate_proj", intermediateSize, c, false);
            linear(shapes, p + "mlp.up_proj", intermediateSize, c, false);
            linear(shapes, p + "mlp.down_proj", c, intermediateSize, false);
            shapes.put(p + "input_layernorm.weight", new int[] {c});
            shapes.put(p + "post_attention_layernorm.weight", new int[] {c});
        }
        shapes.put("model.norm.weight", new int[] {c});
        if (!tieWordEmbeddings) {
            shapes.put("lm_head.weight", new int[] {vocabSize, c});
        }
        return shapes;
    }

    private static void linear(Map<String, int[]> shapes, String name, int out, int in, boolean bias) {
        shapes.put(name + ".weight", new int[] {out, in});
        if (bias) {
            shapes.put(name + ".bias", new int[] {out});
        }
    }

    private static void requireValue(Path file, String found, String expected, String key, String engineDoes) {
        if (found != null && !found.equals(expected)) {
            throw new CheckpointException(file, "key \"" + key + "\": only \"" + expected + "\" is supported, found \""
                    + found + "\"; " + engineDoes);
        }
    }

    private static void refuse(Path file, boolean value, String key, String engineDoes) {
        if (value) {
            throw new CheckpointException(file, "key \"" + key + "\": only false is supported; " + engineDoes);
        }
    }
}
