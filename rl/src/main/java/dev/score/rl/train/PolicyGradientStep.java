package dev.score.rl.train;

import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.GradMode;
import dev.score.engine.Ops;
import dev.score.engine.OptimizerStep;
import dev.score.engine.PolicyOps;
import dev.score.engine.Tensor;
import dev.score.engine.Workspace;
import dev.score.rl.base.TokenBatch;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.train.StageObjective.AttemptWeights;
import java.io.Serializable;
import java.util.List;

/**
 * One policy update over a batch of rollouts: a forward pass of the policy (with gradients) and of the
 * frozen reference over the whole two-attempt conversations, then
 * {@code loss = (1/N) Σ_tokens [ −A·log π(token) + β·KL(token) ]} over the N tokens the policy drew,
 * each token taking its attempt's advantage {@code A} and KL weight {@code β}; backward, clip, AdamW.
 *
 * <p>The rollouts go through the models in passes of a few at a time ({@link Passes}), each pass's
 * gradient added to the last before one optimizer step: the loss is a sum over tokens with the whole
 * batch's N in every weight, so the passes add up to the same loss and gradient as one pass over the batch.
 */
public final class PolicyGradientStep {

    /** What the update saw: mean KL per attempt token, the entropy estimate, and the sampler check. */
    public record Stats(double loss, double kl1, double kl2, double entropy, int tokens, double maxLogProbGap,
            double gradNorm) {
    }

    private final KlEstimator estimator;
    private final Workspace workspace = new Workspace();
    private final double clipNorm;
    private final long logitsPerPass;

    public PolicyGradientStep(KlEstimator estimator, double clipNorm) {
        this(estimator, clipNorm, Passes.LOGITS_PER_PASS);
    }

    /** An update whose passes hold at most {@code logitsPerPass} logits (but always at least one rollout). */
    public PolicyGradientStep(KlEstimator estimator, double clipNorm, long logitsPerPass) {
        if (logitsPerPass < 1) {
            throw new IllegalArgumentException("logitsPerPass must be positive, got " + logitsPerPass);
        }
        this.estimator = estimator;
        this.clipNorm = clipNorm;
        this.logitsPerPass = logitsPerPass;
    }

    /** Sums over the passes of one update. */
    private static final class Totals {
        double loss;
        final double[] klSum = new double[3];
        final int[] klCount = new int[3];
        double entropy;
        double gap;
    }

    /**
     * What some of a batch's rollouts added: their share of the loss, the sums of their tokens' KL per attempt
     * (index 1, 2) with their counts, the sum of {@code −log π} over their tokens, and the largest gap between the
     * policy's and the sampler's log-probability. Shares of one batch add up ({@link #plus}) to the whole batch's.
     */
    public record Share(double loss, double[] klSum, int[] klCount, double entropy, double gap)
            implements Serializable {
        public Share plus(Share other) {
            double[] kl = klSum.clone();
            int[] count = klCount.clone();
            for (int a = 0; a < kl.length; a++) {
                kl[a] += other.klSum[a];
                count[a] += other.klCount[a];
            }
            return new Share(loss + other.loss, kl, count, entropy + other.entropy, Math.max(gap, other.gap));
        }
    }

    /**
     * The tokens of {@code rollouts} that the policy drew (the N of the loss): a stop token the protocol closed a
     * cut-off attempt with is not one.
     */
    public static int drawnTokens(List<Rollout> rollouts) {
        int counted = 0;
        for (Rollout rollout : rollouts) {
            for (float drawn : rollout.samplerLogProbs()) {
                counted += Float.isNaN(drawn) ? 0 : 1;
            }
        }
        return counted;
    }

    /** The length every pass over {@code rollouts} is padded to, so that all passes share one shape. */
    public static int paddedLength(List<Rollout> rollouts, CausalLm policy) {
        return TokenBatch.paddedLength(rollouts.stream().map(Rollout::conversation).toList(),
                policy.config().nPositions());
    }

    public Stats apply(CausalLm policy, CausalLm reference, AdamW optimizer, float learningRate,
            List<Rollout> rollouts, List<AttemptWeights> weights) {
        int counted = drawnTokens(rollouts);
        if (counted == 0) {
            throw new IllegalStateException("no drawn tokens in the batch");
        }
        policy.zeroGrad();
        Share share = accumulate(policy, reference, rollouts, weights, counted, paddedLength(rollouts, policy));
        return finish(policy, optimizer, learningRate, share, counted);
    }

    /**
     * Adds to the policy's gradients those of {@code rollouts}' share of a batch's loss, whose drawn tokens number
     * {@code counted} and whose passes are padded to {@code length}: called on every part of a batch (in any
     * grouping), the gradients add up to the whole batch's.
     */
    public Share accumulate(CausalLm policy, CausalLm reference, List<Rollout> rollouts, List<AttemptWeights> weights,
            int counted, int length) {
        Totals totals = new Totals();
        List<Conversation> conversations = rollouts.stream().map(Rollout::conversation).toList();
        int perPass = Passes.perPass(rollouts.size(), length, policy.config().vocabSize(), logitsPerPass);
        for (int from = 0; from < rollouts.size(); from += perPass) {
            int to = Math.min(rollouts.size(), from + perPass);
            TokenBatch batch = TokenBatch.padded(conversations.subList(from, to), true, length);
            addPass(policy, reference, batch, rollouts.subList(from, to), weights.subList(from, to), counted, totals);
        }
        return new Share(totals.loss, totals.klSum, totals.klCount, totals.entropy, totals.gap);
    }

    /** Clips the policy's gradients (the whole batch's, {@code share}) and takes the AdamW step. */
    public Stats finish(CausalLm policy, AdamW optimizer, float learningRate, Share share, int counted) {
        double norm = OptimizerStep.clipAndStep(optimizer, policy.parameters().values(), clipNorm, learningRate,
                share.loss());
        return new Stats(share.loss(), mean(share.klSum()[1], share.klCount()[1]),
                mean(share.klSum()[2], share.klCount()[2]), share.entropy() / counted, counted, share.gap(), norm);
    }

    /**
     * The forward passes and backward pass over {@code rollouts}, tokenized as {@code batch}: adds this
     * pass's share of the loss (its tokens' terms over the whole update's {@code counted}) to the policy's
     * gradients and to {@code totals}.
     */
    private void addPass(CausalLm policy, CausalLm reference, TokenBatch batch, List<Rollout> rollouts,
            List<AttemptWeights> weights, int counted, Totals totals) {
        int t = batch.length();
        int rows = batch.batch() * t;
        // Row b·T + p predicts token p + 1: which attempt that token belongs to (0 = none or not drawn).
        int[] attemptOf = new int[rows];
        int[] targets = batch.targets().clone();
        float[] samplerLogProbs = new float[rows];
        for (int b = 0; b < rollouts.size(); b++) {
            Rollout rollout = rollouts.get(b);
            Conversation c = rollout.conversation();
            int drawnIndex = 0;
            for (int p = 1; p < c.length(); p++) {
                if (!c.isAttemptToken(p)) {
                    continue;
                }
                int row = b * t + p - 1;
                float drawn = rollout.samplerLogProbs()[drawnIndex++];
                if (Float.isNaN(drawn)) {
                    targets[row] = -1; // a stop token the protocol closed a cut-off attempt with: never drawn
                    continue;
                }
                attemptOf[row] = p < c.attempt1End() ? 1 : 2;
                samplerLogProbs[row] = drawn;
            }
        }
        boolean[] mask = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            mask[r] = attemptOf[r] != 0;
        }

        // Activations and their gradients come from a workspace reused across passes and steps; nothing
        // made in the scope is used after it.
        try (Workspace.Scope pass = workspace.open()) {
            Tensor referenceLogits;
            Tensor referenceTokenLogProbs;
            try (GradMode.Scope off = GradMode.disabled()) {
                referenceLogits = reference.logits(batch.tokens(), batch.batch(), t);
                referenceTokenLogProbs = PolicyOps.tokenLogProbs(referenceLogits, targets);
            }
            float[] referenceLogProbs = referenceTokenLogProbs.toArray();
            Tensor logits = policy.logits(batch.tokens(), batch.batch(), t);
            Tensor logProbs = PolicyOps.tokenLogProbs(logits, targets);
            float[] policyLogProbs = logProbs.toArray();

            float[] pgWeights = new float[rows];
            float[] klWeights = new float[rows];
            Tensor klPerToken = switch (estimator) {
                case EXACT -> PolicyOps.exactKl(logits, referenceLogits, mask);
                case K3 -> PolicyOps.k3(logProbs, referenceTokenLogProbs, mask);
                case K1 -> null;
            };
            float[] klValues = klPerToken == null ? null : klPerToken.toArray();
            for (int b = 0; b < rollouts.size(); b++) {
                AttemptWeights w = weights.get(b);
                for (int p = 0; p < t; p++) {
                    int row = b * t + p;
                    int attempt = attemptOf[row];
                    if (attempt == 0) {
                        continue;
                    }
                    double advantage = attempt == 1 ? w.advantage1() : w.advantage2();
                    double beta = attempt == 1 ? w.klWeight1() : w.klWeight2();
                    double kl = klValues != null ? klValues[row] : policyLogProbs[row] - referenceLogProbs[row];
                    if (estimator == KlEstimator.K1) {
                        advantage -= beta * kl;
                    }
                    pgWeights[row] = (float) (-advantage / counted);
                    klWeights[row] = (float) (beta / counted);
                    totals.klSum[attempt] += kl;
                    totals.klCount[attempt]++;
                    totals.entropy -= policyLogProbs[row];
                    totals.gap = Math.max(totals.gap, Math.abs(policyLogProbs[row] - samplerLogProbs[row]));
                }
            }
            Tensor loss = PolicyOps.weightedSum(logProbs, pgWeights);
            if (klPerToken != null) {
                loss = Ops.add(loss, PolicyOps.weightedSum(klPerToken, klWeights));
            }
            totals.loss += loss.item();
            loss.backward();
        }
    }

    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }
}
