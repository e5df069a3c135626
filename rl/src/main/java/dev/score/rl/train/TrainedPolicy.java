package dev.score.rl.train;

import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.kernels.Backend;
import java.nio.file.Path;

/**
 * What a trainer hands back: where the policy it kept lies (the one with the best greedy validation
 * Accuracy@t2 among its validations) and that accuracy (what a learning-rate sweep compares; never a test
 * score). The policy is loaded when asked for, so that a trainer's own model, gradients and optimizer state
 * are garbage by then rather than held beside a second model.
 */
public record TrainedPolicy(Path dir, Backend backend, double validationAccT2) {

    /** The kept policy, loaded from {@link #dir}: a new model at each call. */
    public CausalLm policy() {
        return CausalLms.load(dir, backend);
    }
}
