package dev.score.engine;

import dev.score.engine.io.FloatValues;
import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with PyTorch's semantics ({@code torch.optim.AdamW}): decoupled weight decay and bias
 * correction, one pair of moments per parameter. The update itself is a backend kernel.
 */
public final class AdamW {

    /** A parameter and the weight decay it gets. */
    public record Group(String name, Tensor parameter, float weightDecay) {
    }

    private final List<Group> groups;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final Map<String, Storage> m = new LinkedHashMap<>();
    private final Map<String, Storage> v = new LinkedHashMap<>();
    private int step;

    public AdamW(List<Group> groups, float beta1, float beta2, float eps) {
        this.groups = List.copyOf(groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Group g : this.groups) {
            Backend be = g.parameter().backend();
            m.put(g.name(), be.allocate(g.parameter().size()));
            v.put(g.name(), be.allocate(g.parameter().size()));
        }
    }

    /**
     * GPT-2's usual grouping: matrices (embeddings and weights, rank 2) decay by {@code weightDecay},
     * biases and LayerNorm parameters do not.
     */
    public static AdamW forModel(CausalLm model, float beta1, float beta2, float eps, float weightDecay) {
        List<Group> groups = new ArrayList<>();
        model.parameters().forEach((name, p) ->
                groups.add(new Group(name, p, p.shape().length >= 2 ? weightDecay : 0f)));
        return new AdamW(groups, beta1, beta2, eps);
    }

    /** Every parameter with the same decay, as {@code torch.optim.AdamW(model.parameters(), …)}. */
    public static AdamW uniform(Map<String, Tensor> parameters, float beta1, float beta2, float eps,
            float weightDecay) {
        List<Group> groups = new ArrayList<>();
        parameters.forEach((name, p) -> groups.add(new Group(name, p, weightDecay)));
        return new AdamW(groups, beta1, beta2, eps);
    }

    /** Applies one update with learning rate {@code lr} from the parameters' current gradients. */
    public void step(float lr) {
        step++;
        for (Group g : groups) {
            Tensor p = g.parameter();
            p.backend().adamW(p.data(), p.grad(), m.get(g.name()), v.get(g.name()), p.size(),
                    lr, beta1, beta2, eps, g.weightDecay(), step);
        }
    }

    /** How many updates have been applied. */
    public int stepCount() {
        return step;
    }

    /** Host copies of the first moments by parameter name (for a resumable checkpoint). */
    public LinkedHashMap<String, float[]> firstMoments() {
        return hostCopies(m);
    }

    /** Host copies of the second moments by parameter name. */
    public LinkedHashMap<String, float[]> secondMoments() {
        return hostCopies(v);
    }

    /** Restores moments and step count saved from an optimizer over the same parameters. */
    public void restore(Map<String, float[]> firstMoments, Map<String, float[]> secondMoments, int stepCount) {
        for (Group g : groups) {
            Backend be = g.parameter().backend();
            m.put(g.name(), be.fromArray(requireMoment(firstMoments, g)));
            v.put(g.name(), be.fromArray(requireMoment(secondMoments, g)));
        }
        this.step = stepCount;
    }

    private static float[] requireMoment(Map<String, float[]> moments, Group g) {
        float[] values = moments.get(g.name());
        if (values == null || values.length != g.parameter().size()) {
            throw new IllegalArgumentException("optimizer state for " + g.name() + " is missing or of the wrong size");
        }
        return values;
    }

    /** The first moments by parameter name, read from the backend as a checkpoint writes them (no host copies). */
    public LinkedHashMap<String, FloatValues> firstMomentValues() {
        return values(m);
    }

    /** The second moments by parameter name, as {@link #firstMomentValues}. */
    public LinkedHashMap<String, FloatValues> secondMomentValues() {
        return values(v);
    }

    private LinkedHashMap<String, FloatValues> values(Map<String, Storage> moments) {
        LinkedHashMap<String, FloatValues> values = new LinkedHashMap<>();
        for (Group g : groups) {
            values.put(g.name(), Tensor.valuesOf(g.parameter().backend(), moments.get(g.name())));
        }
        return values;
    }

    private LinkedHashMap<String, float[]> hostCopies(Map<String, Storage> moments) {
        LinkedHashMap<String, float[]> copies = new LinkedHashMap<>();
        for (Group g : groups) {
            copies.put(g.name(), g.parameter().backend().toArray(moments.get(g.name())));
        }
        return copies;
    }
}
