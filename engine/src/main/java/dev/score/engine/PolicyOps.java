package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;

/**
 * The differentiable pieces of a policy-gradient objective over a batch of sampled tokens: each
 * token's log-probability, the KL to a frozen reference per token (exactly over the vocabulary, or the
 * sampled k3 estimate), and a weighted sum that turns per-token terms into the scalar loss. Rows are
 * positions ({@code [rows, V]} logits); a position that is not a sampled token is masked out.
 */
public final class PolicyOps {
    private PolicyOps() {
    }

    /**
     * {@code log π(targets[r] | r)} per row of {@code logits[rows, V]}, shape {@code [rows]}; a row whose
     * target is negative gives 0 and no gradient.
     */
    public static Tensor tokenLogProbs(Tensor logits, int[] targets) {
        int rows = logits.dim(0);
        int v = logits.dim(1);
        if (targets.length != rows) {
            throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows");
        }
        Backend be = logits.backend();
        int[] copy = targets.clone();
        Storage out = be.allocate(rows);
        be.crossEntropyForward(out, logits.data(), copy, rows, v); // −log p
        be.scale(out, -1f, rows);
        return Tensor.result(out, new int[] {rows}, result -> {
            Storage negated = be.allocate(rows);
            be.axpy(negated, -1f, result.grad(), rows);
            be.crossEntropyBackward(logits.grad(), logits.data(), copy, negated, rows, v);
        }, logits);
    }

    /**
     * {@code KL(π(·|r) ‖ π_ref(·|r)) = Σ_v p_v (log p_v − log q_v)} per row, shape {@code [rows]}, where
     * {@code p = softmax(logits[r])} and {@code q = softmax(referenceLogits[r])}; rows not {@code counted}
     * give 0. Only the policy's logits get a gradient: {@code ∂KL/∂z = p ⊙ (log p − log q − KL)}.
     */
    public static Tensor exactKl(Tensor logits, Tensor referenceLogits, boolean[] counted) {
        int rows = logits.dim(0);
        int v = logits.dim(1);
        if (referenceLogits.dim(0) != rows || referenceLogits.dim(1) != v || counted.length != rows) {
            throw new IllegalArgumentException("exactKl: logits " + logits + ", reference " + referenceLogits
                    + ", " + counted.length + " row flags");
        }
        Backend be = logits.backend();
        int n = rows * v;
        Storage logP = Workspace.output(be, n);
        Storage diff = Workspace.output(be, n);
        be.logSoftmax(logP, logits.data(), rows, v);
        be.logSoftmax(diff, referenceLogits.data(), rows, v);
        be.scale(diff, -1f, n);
        be.axpy(diff, 1f, logP, n); // log p − log q
        Storage p = Workspace.output(be, n);
        be.exp(p, logP, n);
        Storage terms = Workspace.output(be, n);
        be.mul(terms, p, diff, n);
        Storage kl = Workspace.output(be, rows);
        be.rowSum(kl, terms, rows, v);
        be.mask(kl, kl, counted, rows);
        return Tensor.result(kl, new int[] {rows}, result -> {
            // softmaxBackward(p, dout) adds p ⊙ (dout − Σ p·dout); with dout = g_r·(log p − log q) that is
            // g_r · p ⊙ (log p − log q − KL_r), the gradient above. diff is not needed after this.
            Storage factors = Workspace.output(be, rows);
            be.mask(factors, result.grad(), counted, rows);
            be.scaleRows(diff, diff, factors, rows, v);
            be.softmaxBackward(logits.grad(), p, diff, rows, v);
        }, logits);
    }

    /**
     * The k3 estimator of KL per sampled token, {@code e^{δ} − 1 − δ} with {@code δ = log q − log p}:
     * unbiased for KL(π‖π_ref) and never negative. Shape of {@code logProbs}; its gradient with respect
     * to {@code log p} is {@code 1 − e^{δ}}. Entries where {@code counted} is false give 0. The reference's
     * log-probabilities are a tensor of the same backend, so nothing crosses to the host.
     */
    public static Tensor k3(Tensor logProbs, Tensor referenceLogProbs, boolean[] counted) {
        int n = logProbs.size();
        if (referenceLogProbs.size() != n || counted.length != n) {
            throw new IllegalArgumentException("k3: " + n + " log-probabilities, " + referenceLogProbs.size()
                    + " reference ones, " + counted.length + " flags");
        }
        Backend be = logProbs.backend();
        Storage values = Workspace.output(be, n);
        Storage slope = Workspace.output(be, n);
        be.k3(values, slope, logProbs.data(), referenceLogProbs.data(), counted, n);
        return Tensor.result(values, logProbs.shape(), result -> {
            Storage product = Workspace.output(be, n);
            be.mul(product, result.grad(), slope, n);
            be.axpy(logProbs.grad(), 1f, product, n);
        }, logProbs);
    }

    /** {@code Σ_i weights[i] · x[i]}, a one-element tensor that stays in the backend's memory. */
    public static Tensor weightedSum(Tensor x, float[] weights) {
        int n = x.size();
        if (weights.length != n) {
            throw new IllegalArgumentException(weights.length + " weights for " + n + " values");
        }
        Backend be = x.backend();
        Storage w = be.fromArray(weights);
        Storage product = Workspace.output(be, n);
        be.mul(product, x.data(), w, n);
        Storage out = be.allocate(1);
        be.sumInto(out, product, n, 1.0);
        return Tensor.result(out, new int[] {1}, result -> {
            // x.grad += g · w, with the upstream g read where it lies: w scaled as one row by g.
            Storage scaled = Workspace.output(be, n);
            be.scaleRows(scaled, w, result.grad(), 1, n);
            be.axpy(x.grad(), 1f, scaled, n);
        }, x);
    }
}
