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
import java.util.List;

/**
 * One policy update over a batch of rollouts: a forward pass of the policy (with gradients) and of the
 * frozen reference over the whole two-attempt conversations, then
 * {@code loss = (1/N) Σ_tokens [ −A·log π(token) + β·KL(token) ]} over the N tokens the policy drew,
 * each token taking its attempt's advantage {@code A} and KL weight {@code β}; backward, clip, AdamW.
 */
public final class PolicyGradientStep {

    /** What the update saw: mean KL per attempt token, the entropy estimate, and the sampler check. */
    public record Stats(double loss, double kl1, double kl2, double entropy, int tokens, double maxLogProbGap,
            double gradNorm) {
    }

    private final KlEstimator estimator;
    private final Workspace workspace = new Workspace();
    private final double clipNorm;

    public PolicyGradientStep(KlEstimator estimator, double clipNorm) {
        this.estimator = estimator;
        this.clipNorm = clipNorm;
    }

    public Stats apply(CausalLm policy, CausalLm reference, AdamW optimizer, float learningRate,
            List<Rollout> rollouts, List<AttemptWeights> weights) {
        TokenBatch batch = TokenBatch.of(rollouts.stream().map(Rollout::conversation).toList(),
                policy.config().nPositions());
        int t = batch.length();
        int rows = batch.batch() * t;
        // Row b·T + p predicts token p + 1: which attempt that token belongs to (0 = none or not drawn).
        int[] attemptOf = new int[rows];
        int[] targets = batch.targets().clone();
        float[] samplerLogProbs = new float[rows];
        int counted = 0;
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
                counted++;
            }
        }
        if (counted == 0) {
            throw new IllegalStateException("no drawn tokens in the batch");
        }
        boolean[] mask = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            mask[r] = attemptOf[r] != 0;
        }

        float lossValue;
        double[] klSum = new double[3];
        int[] klCount = new int[3];
        double entropy = 0;
        double gap = 0;
        // Activations and their gradients come from a workspace reused across steps; nothing made in the
        // scope is used after it.
        try (Workspace.Scope pass = workspace.open()) {
            Tensor referenceLogits;
            float[] referenceLogProbs;
            try (GradMode.Scope off = GradMode.disabled()) {
                referenceLogits = reference.logits(batch.tokens(), batch.batch(), t);
                referenceLogProbs = PolicyOps.tokenLogProbs(referenceLogits, targets).toArray();
            }
            policy.zeroGrad();
            Tensor logits = policy.logits(batch.tokens(), batch.batch(), t);
            Tensor logProbs = PolicyOps.tokenLogProbs(logits, targets);
            float[] policyLogProbs = logProbs.toArray();

            float[] pgWeights = new float[rows];
            float[] klWeights = new float[rows];
            Tensor klPerToken = switch (estimator) {
                case EXACT -> PolicyOps.exactKl(logits, referenceLogits, mask);
                case K3 -> PolicyOps.k3(logProbs, referenceLogProbs, mask);
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
                    klSum[attempt] += kl;
                    klCount[attempt]++;
                    entropy -= policyLogProbs[row];
                    gap = Math.max(gap, Math.abs(policyLogProbs[row] - samplerLogProbs[row]));
                }
            }
            Tensor loss = PolicyOps.weightedSum(logProbs, pgWeights);
            if (klPerToken != null) {
                loss = Ops.add(loss, PolicyOps.weightedSum(klPerToken, klWeights));
            }
            lossValue = loss.item();
            loss.backward();
        }
        double norm = OptimizerStep.clipAndStep(optimizer, policy.parameters().values(), clipNorm, learningRate,
                lossValue);
        return new Stats(lossValue, mean(klSum[1], klCount[1]), mean(klSum[2], klCount[2]), entropy / counted,
                counted, gap, norm);
    }

    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }
}
