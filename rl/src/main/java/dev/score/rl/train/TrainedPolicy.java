package dev.score.rl.train;

import dev.score.engine.CausalLm;

/**
 * What a trainer hands back: the policy it kept, the one with the best greedy validation Accuracy@t2 among
 * its validations, and that accuracy (what a learning-rate sweep compares; never a test score).
 */
public record TrainedPolicy(CausalLm policy, double validationAccT2) {
}
