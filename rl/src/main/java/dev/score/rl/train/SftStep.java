package dev.score.rl.train;

import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.OptimizerStep;
import dev.score.engine.PolicyOps;
import dev.score.engine.Tensor;
import dev.score.engine.Workspace;
import dev.score.rl.base.TokenBatch;
import dev.score.rl.protocol.Conversation;
import java.util.ArrayList;
import java.util.List;

/**
 * One supervised update of the STaR and Pair-SFT baselines: the mean cross-entropy of the attempt tokens
 * of a batch of conversations, backward, clip, AdamW. The conversations go through the model in passes
 * ({@link Passes}); each pass's mean is weighted by its share of the batch's target tokens, so the passes
 * add up to the mean over the whole batch and its gradient.
 */
final class SftStep {
    private final Workspace workspace = new Workspace();
    private final double clipNorm;
    private final long logitsPerPass;

    SftStep(double clipNorm) {
        this(clipNorm, Passes.LOGITS_PER_PASS);
    }

    /** An update whose passes hold at most {@code logitsPerPass} logits (but always at least one conversation). */
    SftStep(double clipNorm, long logitsPerPass) {
        if (logitsPerPass < 1) {
            throw new IllegalArgumentException("logitsPerPass must be positive, got " + logitsPerPass);
        }
        this.clipNorm = clipNorm;
        this.logitsPerPass = logitsPerPass;
    }

    /**
     * Trains {@code policy} on {@code batch} (both attempts, or attempt 2 only unless {@code bothAttempts}) at
     * {@code learningRate}; returns the batch's mean loss.
     */
    double apply(CausalLm policy, AdamW optimizer, float learningRate, List<Conversation> batch, boolean bothAttempts) {
        int length = TokenBatch.paddedLength(batch, policy.config().nPositions());
        int perPass = Passes.perPass(batch.size(), length, policy.config().vocabSize(), logitsPerPass);
        List<TokenBatch> passes = new ArrayList<>();
        long targets = 0;
        for (int from = 0; from < batch.size(); from += perPass) {
            TokenBatch pass = TokenBatch.padded(batch.subList(from, Math.min(batch.size(), from + perPass)),
                    bothAttempts, length);
            passes.add(pass);
            targets += countTargets(pass.targets());
        }
        if (targets == 0) {
            throw new IllegalArgumentException("no attempt tokens to train on in a batch of " + batch.size());
        }
        policy.zeroGrad();
        double value = 0;
        for (TokenBatch pass : passes) {
            long passTargets = countTargets(pass.targets());
            if (passTargets == 0) {
                continue;
            }
            try (Workspace.Scope scope = workspace.open()) {
                Tensor loss = policy.loss(pass.tokens(), pass.targets(), pass.batch(), pass.length());
                if (passTargets != targets) {
                    loss = PolicyOps.weightedSum(loss, new float[] {(float) ((double) passTargets / targets)});
                }
                loss.backward();
                value += loss.item();
            }
        }
        OptimizerStep.clipAndStep(optimizer, policy.parameters().values(), clipNorm, learningRate, value);
        return value;
    }

    private static long countTargets(int[] targets) {
        long count = 0;
        for (int target : targets) {
            count += target >= 0 ? 1 : 0;
        }
        return count;
    }
}
