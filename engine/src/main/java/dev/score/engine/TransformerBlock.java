package dev.score.engine;

import java.util.List;
import java.util.Map;

/**
 * One pre-LayerNorm GPT-2 block: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}.
 * The attention itself is passed in, so the same block serves training (full causal attention with
 * gradients) and decoding (attention against a key/value cache).
 */
final class TransformerBlock {

    /**
     * Attention from the fused projection {@code qkv[rows, (H + 2·KV)·hd]} to {@code [rows, H·hd]}: GPT-2's
     * {@code [rows, 3C]} to {@code [rows, C]}, or a Llama-family block's grouped heads.
     */
    @FunctionalInterface
    interface Attention {
        Tensor attend(int layer, Tensor qkv);
    }

    private final int layer;
    private final float eps;
    private final Tensor ln1Weight;
    private final Tensor ln1Bias;
    private final Tensor attnWeight; // c_attn [C, 3C]
    private final Tensor attnBias;
    private final Tensor attnProjWeight; // c_proj [C, C]
    private final Tensor attnProjBias;
    private final Tensor ln2Weight;
    private final Tensor ln2Bias;
    private final Tensor fcWeight; // c_fc [C, F]
    private final Tensor fcBias;
    private final Tensor fcProjWeight; // c_proj [F, C]
    private final Tensor fcProjBias;

    TransformerBlock(int layer, float eps, Map<String, Tensor> parameters) {
        this.layer = layer;
        this.eps = eps;
        String p = "h." + layer + ".";
        ln1Weight = parameters.get(p + "ln_1.weight");
        ln1Bias = parameters.get(p + "ln_1.bias");
        attnWeight = parameters.get(p + "attn.c_attn.weight");
        attnBias = parameters.get(p + "attn.c_attn.bias");
        attnProjWeight = parameters.get(p + "attn.c_proj.weight");
        attnProjBias = parameters.get(p + "attn.c_proj.bias");
        ln2Weight = parameters.get(p + "ln_2.weight");
        ln2Bias = parameters.get(p + "ln_2.bias");
        fcWeight = parameters.get(p + "mlp.c_fc.weight");
        fcBias = parameters.get(p + "mlp.c_fc.bias");
        fcProjWeight = parameters.get(p + "mlp.c_proj.weight");
        fcProjBias = parameters.get(p + "mlp.c_proj.bias");
    }

    /** The canonical names of this block's four weight matrices, each stored {@code [in, out]}. */
    List<String> matrixNames() {
        String p = "h." + layer + ".";
        return List.of(p + "attn.c_attn.weight", p + "attn.c_proj.weight", p + "mlp.c_fc.weight",
                p + "mlp.c_proj.weight");
    }

    /** {@code x[rows, C]} to {@code [rows, C]}. */
    Tensor forward(Tensor x, Attention attention) {
        Tensor qkv = FusedOps.linear(Ops.layerNorm(x, ln1Weight, ln1Bias, eps), attnWeight, attnBias); // [rows, 3C]
        Tensor attended = attention.attend(layer, qkv); // [rows, C]
        x = Ops.add(x, FusedOps.linear(attended, attnProjWeight, attnProjBias));
        Tensor hidden = FusedOps.linearGelu(Ops.layerNorm(x, ln2Weight, ln2Bias, eps), fcWeight, fcBias); // [rows, F]
        return Ops.add(x, FusedOps.linear(hidden, fcProjWeight, fcProjBias));
    }
}
