package dev.score.engine;

import java.util.Collection;
import java.util.Locale;

/**
 * The end of every training step: clip the gradients to a global norm, refuse to go on when the loss or
 * that norm is not finite, and only then let AdamW update the weights. A NaN that reached the weights
 * would spread to every later step and checkpoint; stopping here keeps the last good ones.
 */
public final class OptimizerStep {
    private OptimizerStep() {
    }

    /** Clips, checks and steps; returns the gradient norm before clipping. */
    public static double clipAndStep(AdamW optimizer, Collection<Tensor> parameters, double clipNorm,
            float learningRate, double loss) {
        double norm = GradientClipping.clipGlobalNorm(parameters, clipNorm);
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "the loss is %s and the gradient norm %s; the weights were not updated", loss, norm));
        }
        optimizer.step(learningRate);
        return norm;
    }
}
