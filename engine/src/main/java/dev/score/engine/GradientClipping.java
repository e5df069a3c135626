package dev.score.engine;

import dev.score.kernels.Storage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient by {@code min(1, maxNorm / (norm + 1e-6))}, where {@code norm} is the L2 norm
     * of all gradients together, and returns that norm as it was before clipping. The norm is one reduction
     * over every gradient on the parameters' backend, read once, however many parameters there are.
     */
    public static double clipGlobalNorm(Collection<Tensor> parameters, double maxNorm) {
        List<Tensor> withGrad = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.hasGrad()) {
                withGrad.add(p);
            }
        }
        if (withGrad.isEmpty()) {
            return 0;
        }
        Storage[] grads = new Storage[withGrad.size()];
        int[] sizes = new int[withGrad.size()];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = withGrad.get(i).grad();
            sizes[i] = withGrad.get(i).size();
        }
        double norm = Math.sqrt(withGrad.getFirst().backend().sumOfSquares(grads, sizes));
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) {
            for (Tensor p : withGrad) {
                p.backend().scale(p.grad(), (float) coefficient, p.size());
            }
        }
        return norm;
    }
}
