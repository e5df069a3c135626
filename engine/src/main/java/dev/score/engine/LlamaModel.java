package dev.score.engine;

import dev.score.engine.io.LlamaCheckpoint;
import dev.score.engine.io.LlamaConfig;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A Llama-family decoder (Llama 3.x, SmolLM2, Qwen2/2.5, Qwen3) with Hugging Face's semantics: token
 * embeddings without positional ones, RMSNorm, rotary position embedding on queries and keys,
 * grouped-query attention, a SwiGLU MLP, a final RMSNorm and an output head that is {@code lm_head} or
 * the tied embedding. Parameters carry Hugging Face's names and {@code nn.Linear}'s {@code [out, in]} layout.
 */
public final class LlamaModel extends TransformerLm {
    private final LlamaConfig config;
    private final RotaryTables rotary;
    private final Tensor embedding; // [V, C]
    private final Tensor norm;
    private final Tensor head; // [V, C]: lm_head, or the embedding when tied
    private final LlamaBlock[] blocks;
    private CachedDecoder decoder;

    private LlamaModel(LlamaConfig config, Backend backend, Function<String, float[]> values) {
        super(config.parameterShapes(), backend, values);
        this.config = config;
        this.rotary = new RotaryTables(backend, config.rope(), config.maxPositionEmbeddings(), config.headDim());
        embedding = parameter("model.embed_tokens.weight");
        norm = parameter("model.norm.weight");
        head = config.tieWordEmbeddings() ? embedding : parameter("lm_head.weight");
        blocks = blocks(parameters());
    }

    private LlamaBlock[] blocks(Map<String, Tensor> weights) {
        LlamaBlock[] made = new LlamaBlock[config.numHiddenLayers()];
        for (int l = 0; l < made.length; l++) {
            made[l] = new LlamaBlock(l, config, rotary, weights);
        }
        return made;
    }

    /** A model with the given parameter values (Hugging Face names, as {@link LlamaConfig#parameterShapes()}). */
    public static LlamaModel of(LlamaConfig config, Backend backend, Map<String, float[]> values) {
        return new LlamaModel(config, backend, values::get);
    }

    /**
     * A freshly initialized model as Hugging Face initializes the family: every matrix and the embedding
     * ~ N(0, 0.02), biases 0, norm weights 1.
     */
    public static LlamaModel initialized(LlamaConfig config, Backend backend, long seed) {
        Rng rng = new Rng(seed);
        Map<String, int[]> shapes = config.parameterShapes();
        return new LlamaModel(config, backend, name -> {
            int[] shape = shapes.get(name);
            float[] v = new float[Tensor.sizeOf(shape)];
            if (name.endsWith("norm.weight")) {
                Arrays.fill(v, 1f);
            } else if (shape.length == 2) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * 0.02);
                }
            }
            return v;
        });
    }

    /** Loads a Hugging Face model directory of the family (single-file or sharded; F32, F16 or BF16). */
    public static LlamaModel load(Path dir, Backend backend) {
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
            return new LlamaModel(checkpoint.config(), backend, checkpoint::values);
        }
    }

    /** Writes {@code config.json} and a float32 {@code model.safetensors} into {@code dir}, atomically. */
    @Override
    public void save(Path dir) {
        LlamaCheckpoint.saveValues(dir, config, parameterReaders());
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public Tensor logits(int[] tokens, int batch, int t) {
        int[] positions = positionsOf(tokens, batch, t);
        Tensor h = transform(tokens, positions, blocks, (layer, qkv) -> Ops.causalSelfAttention(qkv, batch, t,
                config.numAttentionHeads(), config.numKeyValueHeads(), config.headDim()), false);
        return Ops.matmul(h, head, MatmulForm.A_BT);
    }

    /** Embeddings and {@code blocks}: {@code [rows, C]} after the final norm, recycling each block's memory when asked. */
    private Tensor transform(int[] tokens, int[] positions, LlamaBlock[] through, TransformerBlock.Attention attention,
            boolean recycle) {
        Tensor x = Ops.embedding(embedding, tokens);
        for (LlamaBlock block : through) {
            x = block.forward(x, positions, attention);
            if (recycle) {
                Workspace.recycleAllBut(x);
            }
        }
        return LlamaOps.rmsNorm(x, norm, (float) config.rmsNormEps());
    }

    /**
     * The decoder over a packed copy of the current weights (see {@link CachedDecoder}): made on first use,
     * and on each later call packed anew into the same memory.
     */
    @Override
    public Decoder decoder() {
        if (decoder == null) {
            Map<String, Tensor> packed = new LinkedHashMap<>(parameters());
            for (int l = 0; l < blocks.length; l++) {
                for (String matrix : LlamaBlock.matrixNames(l)) {
                    packed.put(matrix, packed(matrix, MatmulForm.A_BT));
                }
            }
            LlamaBlock[] packedBlocks = blocks(packed);
            Tensor packedHead = packed(config.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight",
                    MatmulForm.A_BT);
            decoder = new CachedDecoder(this,
                    (tokens, positions, attention) -> transform(tokens, positions, packedBlocks, attention, true),
                    packedHead);
            return decoder;
        }
        refreshPacked();
        return decoder;
    }

    @Override
    public KvCache newCache(int batch, int positions, KvCache previous) {
        return newCache(config.numHiddenLayers(), config.numAttentionHeads(), config.numKeyValueHeads(),
                config.headDim(), batch, positions, previous);
    }
}
