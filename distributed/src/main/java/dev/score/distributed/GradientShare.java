package dev.score.distributed;

import dev.score.rl.train.PolicyGradientStep;
import java.io.Serializable;

/** What one worker's shard adds to a step: the gradient of each parameter, in the model's order, and its sums. */
record GradientShare(float[][] gradients, PolicyGradientStep.Share share) implements Serializable {
}
