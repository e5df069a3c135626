package dev.score.engine.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a Llama-family model rotates its queries and keys: the base {@code rope_theta}, and either no
 * scaling ({@code "default"}) or Llama 3.1's frequency smoothing ({@code "llama3"}), as Hugging Face's
 * {@code modeling_rope_utils} computes the inverse frequencies.
 * {@code factor}, {@code lowFreqFactor}, {@code highFreqFactor} and {@code originalMaxPositions} are the
 * {@code llama3} keys, unused by the default type.
 */
public record RopeParameters(String type, double theta, double factor, double lowFreqFactor, double highFreqFactor,
        int originalMaxPositions) {
    public static final String DEFAULT = "default";
    public static final String LLAMA3 = "llama3";

    public RopeParameters {
        if (!(theta > 0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("key \"rope_theta\": expected a positive number, found " + theta);
        }
        if (type.equals(LLAMA3)) {
            if (!(factor > 0) || !(highFreqFactor > lowFreqFactor) || !(lowFreqFactor > 0) || originalMaxPositions < 1) {
                throw new IllegalArgumentException("llama3 rope scaling needs factor > 0, high_freq_factor > "
                        + "low_freq_factor > 0 and original_max_position_embeddings ≥ 1, found factor " + factor
                        + ", low_freq_factor " + lowFreqFactor + ", high_freq_factor " + highFreqFactor
                        + ", original_max_position_embeddings " + originalMaxPositions);
            }
        } else if (!type.equals(DEFAULT)) {
            throw new IllegalArgumentException("rope type \"" + type + "\" is not supported (expected \"" + DEFAULT
                    + "\" or \"" + LLAMA3 + "\")");
        }
    }

    /** Unscaled rotary embedding with base {@code theta}. */
    public static RopeParameters unscaled(double theta) {
        return new RopeParameters(DEFAULT, theta, 1, 1, 2, 1);
    }

    /**
     * Reads the rope keys of a {@code config.json}: the newer {@code rope_parameters} object (which holds
     * {@code rope_theta}) when present, else {@code rope_theta} (default 10000) and {@code rope_scaling}
     * (absent or null: none), whose type key is {@code rope_type} or the older {@code type}.
     */
    static RopeParameters read(JsonFields config) {
        ObjectNode parameters = config.optionalObject("rope_parameters");
        if (parameters != null) {
            JsonFields json = new JsonFields(config.file(), parameters);
            return scaled(json, json.optionalNumber("rope_theta", 10000));
        }
        double theta = config.optionalNumber("rope_theta", 10000);
        ObjectNode scaling = config.optionalObject("rope_scaling");
        return scaling == null ? unscaled(theta) : scaled(new JsonFields(config.file(), scaling), theta);
    }

    private static RopeParameters scaled(JsonFields json, double theta) {
        String type = json.optionalString("rope_type");
        if (type == null) {
            type = json.optionalString("type");
        }
        if (type == null || type.equals(DEFAULT)) {
            return unscaled(theta);
        }
        if (!type.equals(LLAMA3)) {
            throw new CheckpointException(json.file(), "rope type \"" + type + "\" is not supported (this engine "
                    + "implements \"" + DEFAULT + "\" and \"" + LLAMA3 + "\")");
        }
        return new RopeParameters(LLAMA3, theta, json.requiredNumber("factor"), json.requiredNumber("low_freq_factor"),
                json.requiredNumber("high_freq_factor"), json.requiredInt("original_max_position_embeddings"));
    }

    /** Writes {@code rope_theta} and {@code rope_scaling} into {@code config}, the form every Hugging Face version reads. */
    void write(ObjectNode config) {
        config.put("rope_theta", theta);
        if (type.equals(DEFAULT)) {
            config.putNull("rope_scaling");
            return;
        }
        ObjectNode scaling = config.putObject("rope_scaling");
        scaling.put("factor", factor);
        scaling.put("high_freq_factor", highFreqFactor);
        scaling.put("low_freq_factor", lowFreqFactor);
        scaling.put("original_max_position_embeddings", originalMaxPositions);
        scaling.put("rope_type", type);
    }

    /**
     * The {@code headDim / 2} inverse frequencies, in float32 arithmetic as Hugging Face computes them:
     * {@code 1 / theta^(2i / headDim)}, then for {@code llama3} wavelengths longer than
     * {@code original / low_freq_factor} divided by {@code factor}, those shorter than
     * {@code original / high_freq_factor} kept, and those between blended smoothly.
     */
    public float[] inverseFrequencies(int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            inv[i] = 1f / (float) Math.pow(theta, exponent);
        }
        if (type.equals(LLAMA3)) {
            float lowFreqWavelen = (float) (originalMaxPositions / lowFreqFactor);
            float highFreqWavelen = (float) (originalMaxPositions / highFreqFactor);
            // PyTorch divides a number by a tensor as a reciprocal and a product, which rounds differently.
            for (int i = 0; i < inv.length; i++) {
                float wavelen = 1f / inv[i] * (float) (2 * Math.PI);
                float scaled = wavelen > lowFreqWavelen ? inv[i] / (float) factor : inv[i];
                if (!(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen)) {
                    float smooth = (1f / wavelen * originalMaxPositions - (float) lowFreqFactor)
                            / (float) (highFreqFactor - lowFreqFactor);
                    scaled = (1 - smooth) * scaled / (float) factor + smooth * scaled;
                }
                inv[i] = scaled;
            }
        }
        return inv;
    }
}
