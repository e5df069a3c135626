package dev.score.engine;

import dev.score.engine.io.Checkpoint;
import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.LoadedWeights;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.PackedMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A GPT-2 decoder with Hugging Face's exact semantics: learned positional embeddings, pre-LayerNorm
 * blocks with a fused QKV projection and {@code gelu_new}, a final LayerNorm, and an output head tied
 * to the token embedding. Parameters carry Hugging Face's names (without the {@code transformer.}
 * prefix) and layout (Conv1D weights stored {@code [in, out]}).
 */
public final class Gpt2Model implements CausalLm {
    private final Gpt2Config config;
    private final Backend backend;
    private final LinkedHashMap<String, Tensor> parameters;
    private final Tensor wte; // [V, C], also the output head
    private final Tensor wpe; // [P, C]
    private final TransformerBlock[] blocks;
    private final Tensor lnFWeight;
    private final Tensor lnFBias;
    private final List<PackedWeight> packedWeights = new ArrayList<>();
    private Gpt2Decoder decoder;

    /**
     * A model whose parameters take their values from {@code values}, asked once per name in Hugging Face
     * order; each array is copied to the backend as it comes, so a caller that makes or releases them one
     * at a time never holds a second copy of the whole model.
     */
    private Gpt2Model(Gpt2Config config, Backend backend, Function<String, float[]> values) {
        this.config = config;
        this.backend = backend;
        this.parameters = new LinkedHashMap<>();
        config.parameterShapes().forEach((name, shape) -> {
            float[] v = values.apply(name);
            if (v == null) {
                throw new IllegalArgumentException("no values for parameter " + name);
            }
            parameters.put(name, Tensor.of(backend, v, true, shape));
        });
        wte = parameters.get("wte.weight");
        wpe = parameters.get("wpe.weight");
        lnFWeight = parameters.get("ln_f.weight");
        lnFBias = parameters.get("ln_f.bias");
        blocks = new TransformerBlock[config.nLayer()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new TransformerBlock(l, eps(), parameters);
        }
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
        Checkpoint.save(dir, config, parameterValues());
    }

    @Override
    public Gpt2Config config() {
        return config;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** Every parameter by canonical name, in Hugging Face order. */
    @Override
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Host copies of every parameter, by canonical name. */
    @Override
    public LinkedHashMap<String, float[]> parameterValues() {
        LinkedHashMap<String, float[]> values = new LinkedHashMap<>();
        parameters.forEach((name, t) -> values.put(name, t.toArray()));
        return values;
    }

    @Override
    public void zeroGrad() {
        parameters.values().forEach(Tensor::zeroGrad);
    }

    /** Logits {@code [B·T, V]} for {@code tokens[B·T]} (row-major over B, T). */
    @Override
    public Tensor logits(int[] tokens, int batch, int t) {
        checkShape(tokens, batch, t);
        int[] positions = new int[batch * t];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i % t;
        }
        Tensor h = transform(tokens, positions, blocks,
                (layer, qkv) -> Ops.causalSelfAttention(qkv, batch, t, config.nHead()));
        return head(h);
    }

    /** Mean next-token cross-entropy of {@code logits(tokens)} against {@code targets} (negative = ignored). */
    @Override
    public Tensor loss(int[] tokens, int[] targets, int batch, int t) {
        return Ops.crossEntropy(logits(tokens, batch, t), targets);
    }

    /**
     * The decoder over a packed copy of the current weights, for the decoding steps of one generation
     * (see {@link Decoder}): made on first use, and on each later call packed anew into the same memory,
     * so the steps see the weights as they are now and no generation allocates a copy of the model.
     * Holders of an earlier result see the refreshed weights too.
     */
    @Override
    public Decoder decoder() {
        if (decoder == null) {
            Map<String, Tensor> packed = new LinkedHashMap<>(parameters);
            for (TransformerBlock block : blocks) {
                for (String matrix : block.matrixNames()) {
                    Tensor copy = Tensor.packed(parameters.get(matrix), MatmulForm.A_B);
                    packed.put(matrix, copy);
                    packedWeights.add(new PackedWeight(copy, parameters.get(matrix)));
                }
            }
            TransformerBlock[] packedBlocks = new TransformerBlock[blocks.length];
            for (int l = 0; l < blocks.length; l++) {
                packedBlocks[l] = new TransformerBlock(l, eps(), packed);
            }
            Tensor head = Tensor.packed(wte, MatmulForm.A_BT);
            packedWeights.add(new PackedWeight(head, wte));
            decoder = new Gpt2Decoder(this, packedBlocks, head);
            return decoder;
        }
        for (PackedWeight weight : packedWeights) {
            backend.packInto((PackedMatrix) weight.packed().data(), weight.source().data());
        }
        return decoder;
    }

    /** A packed copy in the decoder and the parameter it copies. */
    private record PackedWeight(Tensor packed, Tensor source) {
    }

    /**
     * A cache for {@code batch} rows of up to {@code positions} tokens each (at most {@code n_positions}):
     * {@code previous} emptied and grown to that when it has this model's shapes and {@code batch} rows, so
     * a loop of generations allocates no cache after its longest, else a new one.
     */
    @Override
    public KvCache newCache(int batch, int positions, KvCache previous) {
        int capacity = Math.min(positions, config.nPositions());
        if (previous != null && previous.fits(backend, config.nLayer(), batch, config.nEmbd(), config.nHead())) {
            KvCache reused = previous.emptied();
            reused.reserve(capacity);
            return reused;
        }
        return new KvCache(backend, config.nLayer(), batch, capacity, config.nEmbd(), config.nHead());
    }

    /** Embeddings and {@code blocks}: {@code [rows, C]} after the final LayerNorm. */
    Tensor transform(int[] tokens, int[] positions, TransformerBlock[] blocks, TransformerBlock.Attention attention) {
        return transform(tokens, positions, blocks, attention, x -> { });
    }

    /** {@link #transform}, handing each block's output to {@code afterEachBlock} before the next block runs. */
    Tensor transform(int[] tokens, int[] positions, TransformerBlock[] blocks, TransformerBlock.Attention attention,
            Consumer<Tensor> afterEachBlock) {
        Tensor x = Ops.add(Ops.embedding(wte, tokens), Ops.embedding(wpe, positions));
        for (TransformerBlock block : blocks) {
            x = block.forward(x, attention);
            afterEachBlock.accept(x);
        }
        return Ops.layerNorm(x, lnFWeight, lnFBias, eps());
    }

    /** The tied output head: {@code h[rows, C] · wteᵀ}. */
    private Tensor head(Tensor h) {
        return Ops.matmul(h, wte, MatmulForm.A_BT);
    }

    void checkShape(int[] tokens, int batch, int t) {
        if (tokens.length != batch * t) {
            throw new IllegalArgumentException(tokens.length + " tokens for B=" + batch + ", T=" + t);
        }
        if (t > config.nPositions()) {
            throw new IllegalArgumentException(
                    "sequence of " + t + " tokens is longer than n_positions = " + config.nPositions());
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + tokens[i] + " at position " + i
                        + " is outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
    }

    private float eps() {
        return (float) config.layerNormEpsilon();
    }
}
