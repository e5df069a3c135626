package dev.score.rl.train;

import dev.score.engine.Gpt2Model;
import dev.score.engine.GradMode;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.train.StageObjective.AttemptWeights;
import java.util.List;

/**
 * {@link PolicyGradientStep}'s objective written out by hand, in double precision, from the models' logits
 * of each conversation on its own (no batch, no padding):
 * {@code (1/N) Σ_drawn [−A·log π(token) + β·KL(token)]} over the N tokens the test says were drawn, each
 * with its attempt's advantage A and KL weight β. KL is the exact sum over the vocabulary, or k3
 * {@code e^δ − 1 − δ} with {@code δ = log π_ref − log π}; for k1 the term is instead the detached penalty
 * {@code −(A − β·k1)·log π}, k1 = {@code log π − log π_ref} frozen at the policy's weights when this is made.
 */
final class HandPolicyObjective {

    /** A token the policy drew: its rollout, its position in the conversation, and its attempt (1 or 2). */
    record Drawn(int rollout, int position, int attempt) {
    }

    private final List<Rollout> rollouts;
    private final List<AttemptWeights> weights;
    private final KlEstimator estimator;
    private final List<Drawn> drawn;
    private final List<double[][]> reference;
    private final double[] frozenK1;

    HandPolicyObjective(Gpt2Model policy, Gpt2Model reference, List<Rollout> rollouts, List<AttemptWeights> weights,
            KlEstimator estimator, List<Drawn> drawn) {
        this.rollouts = rollouts;
        this.weights = weights;
        this.estimator = estimator;
        this.drawn = drawn;
        this.reference = logSoftmaxes(reference);
        List<double[][]> policyLogProbs = logSoftmaxes(policy);
        this.frozenK1 = new double[drawn.size()];
        for (int i = 0; i < drawn.size(); i++) {
            frozenK1[i] = logProb(policyLogProbs, drawn.get(i)) - logProb(this.reference, drawn.get(i));
        }
    }

    int tokens() {
        return drawn.size();
    }

    /** The objective at the policy's current weights. */
    double value(Gpt2Model policy) {
        List<double[][]> logP = logSoftmaxes(policy);
        double sum = 0;
        for (int i = 0; i < drawn.size(); i++) {
            Drawn d = drawn.get(i);
            AttemptWeights w = weights.get(d.rollout());
            double advantage = d.attempt() == 1 ? w.advantage1() : w.advantage2();
            double beta = d.attempt() == 1 ? w.klWeight1() : w.klWeight2();
            double lp = logProb(logP, d);
            sum += estimator == KlEstimator.K1 ? -(advantage - beta * frozenK1[i]) * lp
                    : -advantage * lp + beta * kl(logP, d);
        }
        return sum / drawn.size();
    }

    /** The mean KL estimate over one attempt's drawn tokens, at the policy's current weights. */
    double meanKl(Gpt2Model policy, int attempt) {
        List<double[][]> logP = logSoftmaxes(policy);
        double sum = 0;
        int count = 0;
        for (Drawn d : drawn) {
            if (d.attempt() == attempt) {
                sum += kl(logP, d);
                count++;
            }
        }
        return sum / count;
    }

    /** {@code −(1/N) Σ log π(token)}: the sampled entropy estimate. */
    double entropy(Gpt2Model policy) {
        List<double[][]> logP = logSoftmaxes(policy);
        return -drawn.stream().mapToDouble(d -> logProb(logP, d)).sum() / drawn.size();
    }

    /** The policy's log-probability of each drawn token, in the order of {@code drawn}. */
    double[] logProbs(Gpt2Model policy) {
        List<double[][]> logP = logSoftmaxes(policy);
        return drawn.stream().mapToDouble(d -> logProb(logP, d)).toArray();
    }

    private double kl(List<double[][]> logP, Drawn d) {
        double lp = logProb(logP, d);
        double lq = logProb(reference, d);
        return switch (estimator) {
            case EXACT -> {
                double[] p = logP.get(d.rollout())[d.position() - 1];
                double[] q = reference.get(d.rollout())[d.position() - 1];
                double sum = 0;
                for (int v = 0; v < p.length; v++) {
                    sum += Math.exp(p[v]) * (p[v] - q[v]);
                }
                yield sum;
            }
            case K3 -> Math.exp(lq - lp) - 1 - (lq - lp);
            case K1 -> lp - lq;
        };
    }

    private double logProb(List<double[][]> logSoftmaxes, Drawn d) {
        int token = rollouts.get(d.rollout()).conversation().tokens()[d.position()];
        return logSoftmaxes.get(d.rollout())[d.position() - 1][token];
    }

    /** Per rollout, {@code [position][vocabulary]}: the log-softmax predicting the token after each position. */
    private List<double[][]> logSoftmaxes(Gpt2Model model) {
        return rollouts.stream().map(r -> logSoftmax(model, r.conversation().tokens())).toList();
    }

    /** {@code [position][vocabulary]}: the model's log-softmax after each position of {@code tokens}, in double. */
    static double[][] logSoftmax(Gpt2Model model, int[] tokens) {
        int v = model.config().vocabSize();
        float[] logits;
        try (GradMode.Scope off = GradMode.disabled()) {
            logits = model.logits(tokens, 1, tokens.length).toArray();
        }
        double[][] rows = new double[tokens.length][v];
        for (int p = 0; p < tokens.length; p++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, logits[p * v + j]);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                sum += Math.exp(logits[p * v + j] - max);
            }
            double logZ = max + Math.log(sum);
            for (int j = 0; j < v; j++) {
                rows[p][j] = logits[p * v + j] - logZ;
            }
        }
        return rows;
    }
}
