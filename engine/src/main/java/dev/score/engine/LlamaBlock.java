package dev.score.engine;

import dev.score.engine.io.LlamaConfig;
import java.util.List;
import java.util.Map;

/**
 * One Llama-family block: {@code x + o_proj(attn(rope(q), rope(k), v))} over {@code input_layernorm(x)},
 * then {@code x + down_proj(silu(gate_proj(h)) ⊙ up_proj(h))} over {@code h = post_attention_layernorm(x)}.
 * Qwen2's q/k/v biases and Qwen3's per-head RMSNorm of queries and keys (before the rotation) come from
 * the config. The attention is passed in, as in {@link TransformerBlock}.
 */
final class LlamaBlock {
    private final int layer;
    private final LlamaConfig config;
    private final float eps;
    private final RotaryTables rotary;
    private final Tensor inputNorm;
    private final Tensor q; // [H·hd, C]
    private final Tensor qBias;
    private final Tensor k; // [KV·hd, C]
    private final Tensor kBias;
    private final Tensor v; // [KV·hd, C]
    private final Tensor vBias;
    private final Tensor o; // [C, H·hd]
    private final Tensor oBias;
    private final Tensor qNorm; // [hd]
    private final Tensor kNorm;
    private final Tensor postNorm;
    private final Tensor gate; // [F, C]
    private final Tensor up; // [F, C]
    private final Tensor down; // [C, F]

    /** The block's weights from {@code parameters} (the model's, or packed copies of its matrices). */
    LlamaBlock(int layer, LlamaConfig config, RotaryTables rotary, Map<String, Tensor> parameters) {
        this.layer = layer;
        this.config = config;
        this.eps = (float) config.rmsNormEps();
        this.rotary = rotary;
        String p = prefix(layer);
        inputNorm = parameters.get(p + "input_layernorm.weight");
        q = parameters.get(p + "self_attn.q_proj.weight");
        qBias = parameters.get(p + "self_attn.q_proj.bias");
        k = parameters.get(p + "self_attn.k_proj.weight");
        kBias = parameters.get(p + "self_attn.k_proj.bias");
        v = parameters.get(p + "self_attn.v_proj.weight");
        vBias = parameters.get(p + "self_attn.v_proj.bias");
        o = parameters.get(p + "self_attn.o_proj.weight");
        oBias = parameters.get(p + "self_attn.o_proj.bias");
        qNorm = parameters.get(p + "self_attn.q_norm.weight");
        kNorm = parameters.get(p + "self_attn.k_norm.weight");
        postNorm = parameters.get(p + "post_attention_layernorm.weight");
        gate = parameters.get(p + "mlp.gate_proj.weight");
        up = parameters.get(p + "mlp.up_proj.weight");
        down = parameters.get(p + "mlp.down_proj.weight");
    }

    private static String prefix(int layer) {
        return "model.layers." + layer + ".";
    }

    /** The Hugging Face names of layer {@code layer}'s seven weight matrices, each stored {@code [out, in]}. */
    static List<String> matrixNames(int layer) {
        String p = prefix(layer);
        return List.of(p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight", p + "self_attn.v_proj.weight",
                p + "self_attn.o_proj.weight", p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight",
                p + "mlp.down_proj.weight");
    }

    /** {@code x[rows, C]} at {@code positions[rows]} to {@code [rows, C]}. */
    Tensor forward(Tensor x, int[] positions, TransformerBlock.Attention attention) {
        Tensor h = LlamaOps.rmsNorm(x, inputNorm, eps);
        Tensor queries = FusedOps.linearTransposed(h, q, qBias); // [rows, H·hd]
        Tensor keys = FusedOps.linearTransposed(h, k, kBias); // [rows, KV·hd]
        Tensor values = FusedOps.linearTransposed(h, v, vBias); // [rows, KV·hd]
        if (config.qkNorm()) {
            queries = LlamaOps.rmsNorm(queries, qNorm, eps);
            keys = LlamaOps.rmsNorm(keys, kNorm, eps);
        }
        queries = LlamaOps.rotary(queries, rotary, positions, config.numAttentionHeads());
        keys = LlamaOps.rotary(keys, rotary, positions, config.numKeyValueHeads());
        Tensor qkv = LlamaOps.concatColumns(queries, keys, values); // [rows, (H + 2·KV)·hd]
        Tensor attended = attention.attend(layer, qkv); // [rows, H·hd]
        x = Ops.add(x, FusedOps.linearTransposed(attended, o, oBias));
        h = LlamaOps.rmsNorm(x, postNorm, eps);
        Tensor gated = LlamaOps.swiglu(FusedOps.linearTransposed(h, gate, null), FusedOps.linearTransposed(h, up, null));
        return Ops.add(x, FusedOps.linearTransposed(gated, down, null));
    }
}
