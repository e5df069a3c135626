package dev.score.engine;

import dev.score.engine.io.Checkpoint;
import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.LoadedWeights;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A GPT-2 decoder with Hugging Face's exact semantics: learned positional embeddings, pre-LayerNorm
 * blocks with a fused QKV projection and {@code gelu_new}, a final LayerNorm, and an output head tied
 * to the token embedding. Parameters carry Hugging Face's names (without the {@code transformer.}
 * prefix) and layout (Conv1D weights stored {@code [in, out]}).
 */
public final class Gpt2Model extends TransformerLm {
    private final Gpt2Config config;
    private final Tensor wte; // [V, C], also the output head
    private final Tensor wpe; // [P, C]
    private final TransformerBlock[] blocks;
    private final Tensor lnFWeight;
    private final Tensor lnFBias;
    private CachedDecoder decoder;

    /** A model whose parameters take their values from {@code values} ({@link TransformerLm}). */
    private Gpt2Model(Gpt2Config config, Backend backend, Function<String, float[]> values) {
        super(config.parameterShapes(), backend, values);
        this.config = config;
        wte = parameter("wte.weight");
        wpe = parameter("wpe.weight");
        lnFWeight = parameter("ln_f.weight");
        lnFBias = parameter("ln_f.bias");
        blocks = blocks(parameters());
    }

    private TransformerBlock[] blocks(Map<String, Tensor> weights) {
        TransformerBlock[] made = new TransformerBlock[config.nLayer()];
        for (int l = 0; l < made.length; l++) {
            made[l] = new TransformerBlock(l, eps(), weights);
        }
        return made;
    }

    /** A model with the given parameter values (canonical names, as {@link Gpt2Config#parameterShapes()}). */
    public static Gpt2Model of(Gpt2Config config, Backend backend, Map<String, float[]> values) {
        return new Gpt2Model(config, backend, values::get);
    }

    /**
     * A freshly initialized model as Hugging Face initializes GPT-2: weights ~ N(0, 0.02), the
     * residual projections ({@code c_proj}) ~ N(0, 0.02/√(2·n_layer)), biases 0, LayerNorm weights 1.
     */
    public static Gpt2Model initialized(Gpt2Config config, Backend backend, long seed) {
        Rng rng = new Rng(seed);
        double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
        Map<String, int[]> shapes = config.parameterShapes();
        return new Gpt2Model(config, backend, name -> {
            float[] v = new float[Tensor.sizeOf(shapes.get(name))];
            if (name.contains("ln_") && name.endsWith(".weight")) {
                Arrays.fill(v, 1f);
            } else if (name.endsWith(".weight")) {
                double std = name.endsWith("c_proj.weight") ? residualStd : 0.02;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * std);
                }
            }
            return v;
        });
    }

    /** Loads a model directory ({@code config.json} + {@code model.safetensors}). */
    public static Gpt2Model load(Path dir, Backend backend) {
        LoadedWeights loaded = Checkpoint.load(dir);
        // Each array is dropped once copied: a loaded model is then held once, not twice.
        return new Gpt2Model(loaded.config(), backend, loaded.weights()::remove);
    }

    /** Writes {@code config.json} and {@code model.safetensors} into {@code dir}, atomically. */
    @Override
    public void save(Path dir) {
        Checkpoint.saveValues(dir, config, parameterReaders());
    }

    @Override
    public Gpt2Config config() {
        return config;
    }

    /** Logits {@code [B·T, V]} for {@code tokens[B·T]} (row-major over B, T). */
    @Override
    public Tensor logits(int[] tokens, int batch, int t) {
        int[] positions = positionsOf(tokens, batch, t);
        int heads = config.nHead();
        Tensor h = transform(tokens, positions, blocks,
                (layer, qkv) -> Ops.causalSelfAttention(qkv, batch, t, heads, heads, config.headDim()), false);
        return Ops.matmul(h, wte, MatmulForm.A_BT);
    }

    /**
     * The decoder over a packed copy of the current weights, for the decoding steps of one generation
     * (see {@link CachedDecoder}): made on first use, and on each later call packed anew into the same memory,
     * so the steps see the weights as they are now and no generation allocates a copy of the model.
     * Holders of an earlier result see the refreshed weights too.
     */
    @Override
    public Decoder decoder() {
        if (decoder == null) {
            Map<String, Tensor> packed = new LinkedHashMap<>(parameters());
            for (TransformerBlock block : blocks) {
                for (String matrix : block.matrixNames()) {
                    packed.put(matrix, packed(matrix, MatmulForm.A_B));
                }
            }
            TransformerBlock[] packedBlocks = blocks(packed);
            decoder = new CachedDecoder(this,
                    (tokens, positions, attention) -> transform(tokens, positions, packedBlocks, attention, true),
                    packed("wte.weight", MatmulForm.A_BT));
            return decoder;
        }
        refreshPacked();
        return decoder;
    }

    @Override
    public KvCache newCache(int batch, int positions, KvCache previous) {
        return newCache(config.nLayer(), config.nHead(), config.nHead(), config.headDim(), batch, positions, previous);
    }

    /**
     * Embeddings and {@code through}: {@code [rows, C]} after the final LayerNorm; with {@code recycle}, each
     * block's memory but its output goes back to the workspace before the next block runs (decoding only).
     */
    private Tensor transform(int[] tokens, int[] positions, TransformerBlock[] through,
            TransformerBlock.Attention attention, boolean recycle) {
        Tensor x = Ops.add(Ops.embedding(wte, tokens), Ops.embedding(wpe, positions));
        for (TransformerBlock block : through) {
            x = block.forward(x, attention);
            if (recycle) {
                Workspace.recycleAllBut(x);
            }
        }
        return Ops.layerNorm(x, lnFWeight, lnFBias, eps());
    }

    private float eps() {
        return (float) config.layerNormEpsilon();
    }
}
