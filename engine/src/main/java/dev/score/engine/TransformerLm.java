package dev.score.engine;

import dev.score.engine.io.FloatValues;
import dev.score.engine.io.ModelConfig;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.PackedMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every family's model does the same way: its parameters by checkpoint name, built one at a time,
 * their gradients and host copies, the checks of a batch of tokens, and the packed snapshots of weight
 * matrices its decoder multiplies by, refreshed in place before each generation.
 */
abstract class TransformerLm implements CausalLm {
    private final Backend backend;
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final List<PackedWeight> packedWeights = new ArrayList<>();

    /**
     * Parameters of {@code shapes} taking their values from {@code values}, asked once per name in order;
     * each array is copied to the backend as it comes, so a caller that makes or reads them one at a time
     * never holds a second copy of the whole model.
     */
    TransformerLm(Map<String, int[]> shapes, Backend backend, Function<String, float[]> values) {
        this.backend = backend;
        shapes.forEach((name, shape) -> {
            float[] v = values.apply(name);
            if (v == null) {
                throw new IllegalArgumentException("no values for parameter " + name);
            }
            parameters.put(name, Tensor.of(backend, v, true, shape));
        });
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The parameter named {@code name}. */
    Tensor parameter(String name) {
        return parameters.get(name);
    }

    @Override
    public LinkedHashMap<String, float[]> parameterValues() {
        LinkedHashMap<String, float[]> values = new LinkedHashMap<>();
        parameters.forEach((name, t) -> values.put(name, t.toArray()));
        return values;
    }

    /** Each parameter's values by name, read from the backend a chunk at a time (for a save without host copies). */
    LinkedHashMap<String, FloatValues> parameterReaders() {
        LinkedHashMap<String, FloatValues> values = new LinkedHashMap<>();
        parameters.forEach((name, t) -> values.put(name, t.values()));
        return values;
    }

    @Override
    public void zeroGrad() {
        parameters.values().forEach(Tensor::zeroGrad);
    }

    @Override
    public Tensor loss(int[] tokens, int[] targets, int batch, int t) {
        return Ops.crossEntropy(logits(tokens, batch, t), targets);
    }

    /**
     * A packed copy of parameter {@code name} for products in {@code form} ({@link Tensor#packed}), which
     * {@link #refreshPacked} packs anew from the parameter.
     */
    Tensor packed(String name, MatmulForm form) {
        Tensor source = parameters.get(name);
        Tensor copy = Tensor.packed(source, form);
        packedWeights.add(new PackedWeight(copy, source));
        return copy;
    }

    /** Every packed copy made by {@link #packed} packed anew from its parameter, in the same memory. */
    void refreshPacked() {
        for (PackedWeight weight : packedWeights) {
            backend.packInto((PackedMatrix) weight.packed().data(), weight.source().data());
        }
    }

    /** A packed copy in the decoder and the parameter it copies. */
    private record PackedWeight(Tensor packed, Tensor source) {
    }

    /** Fails unless {@code tokens} are {@code batch × t} ids of the vocabulary and {@code t} fits the context. */
    void checkShape(int[] tokens, int batch, int t) {
        ModelConfig config = config();
        if (tokens.length != batch * t) {
            throw new IllegalArgumentException(tokens.length + " tokens for B=" + batch + ", T=" + t);
        }
        if (t > config.nPositions()) {
            throw new IllegalArgumentException(
                    "sequence of " + t + " tokens is longer than the model's " + config.nPositions() + " positions");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + tokens[i] + " at position " + i
                        + " is outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
    }

    /** Each token's position within its row, {@code [B·T]}, once {@code tokens} pass {@link #checkShape}. */
    int[] positionsOf(int[] tokens, int batch, int t) {
        checkShape(tokens, batch, t);
        int[] positions = new int[batch * t];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i % t;
        }
        return positions;
    }

    /**
     * A cache for {@code batch} rows of up to {@code positions} tokens (at most the context) with this
     * attention's shape: {@code previous} emptied and grown when it has that shape, so a loop of generations
     * allocates no cache after its longest, else a new one.
     */
    KvCache newCache(int layers, int heads, int kvHeads, int headDim, int batch, int positions, KvCache previous) {
        int capacity = Math.min(positions, config().nPositions());
        if (previous != null && previous.fits(backend, layers, batch, heads, kvHeads, headDim)) {
            KvCache reused = previous.emptied();
            reused.reserve(capacity);
            return reused;
        }
        return new KvCache(backend, layers, batch, capacity, heads, kvHeads, headDim);
    }
}
