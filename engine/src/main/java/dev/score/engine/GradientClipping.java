package dev.score.engine;

import java.util.Collection;

/** Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient by {@code min(1, maxNorm / (norm + 1e-6))}, where {@code norm} is the L2 norm
     * of all gradients together, and returns that norm as it was before clipping.
     */
    public static double clipGlobalNorm(Collection<Tensor> parameters, double maxNorm) {
        double sumOfSquares = 0;
        for (Tensor p : parameters) {
            if (p.hasGrad()) {
                sumOfSquares += p.backend().sumOfSquares(p.grad(), p.size());
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) {
            for (Tensor p : parameters) {
                if (p.hasGrad()) {
                    p.backend().scale(p.grad(), (float) coefficient, p.size());
                }
            }
        }
        return norm;
    }
}
