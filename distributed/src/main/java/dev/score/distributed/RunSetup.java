package dev.score.distributed;

import dev.score.rl.rollout.AttemptDraws;
import java.io.Serializable;

/**
 * What every worker of one training run needs besides the step's weights, broadcast once per run: the frozen
 * reference model (the policy starts as a copy of it), how attempts are drawn, and how the update computes
 * ({@code estimator}: the run's {@code kl_estimator}; {@code backend}: the driver's backend name). {@code id}
 * tells one run's workers' models from another's in a long-lived executor.
 */
record RunSetup(String id, ModelFiles reference, AttemptDraws.Settings draws, double temperature, String estimator,
        double clipNorm, String backend) implements Serializable {
}
