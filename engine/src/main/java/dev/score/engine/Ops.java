package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Storage;
import java.util.Arrays;

/**
 * The differentiable operations, each a forward kernel call plus the closure that calls its
 * backward kernel. Activations are 2-D {@code [rows, cols]} with {@code rows = B·T}; the caller keeps
 * track of B and T.
 */
public final class Ops {
    private Ops() {
    }

    /** {@code op(A)·op(B)} for 2-D tensors stored as {@code form} says (see {@link MatmulForm}). */
    public static Tensor matmul(Tensor a, Tensor b, MatmulForm form) {
        requireRank(a, 2, "matmul");
        requireRank(b, 2, "matmul");
        int m;
        int k;
        int n;
        int kOfB;
        switch (form) {
            case A_B -> { m = a.dim(0); k = a.dim(1); kOfB = b.dim(0); n = b.dim(1); }
            case A_BT -> { m = a.dim(0); k = a.dim(1); kOfB = b.dim(1); n = b.dim(0); }
            case AT_B -> { m = a.dim(1); k = a.dim(0); kOfB = b.dim(0); n = b.dim(1); }
            default -> throw new IllegalArgumentException(form.toString());
        }
        if (k != kOfB) {
            throw new IllegalArgumentException("matmul " + form + ": inner dimensions differ, "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        Backend be = a.backend();
        Storage out = Workspace.output(be, m * n);
        be.matmul(out, a.data(), b.data(), m, k, n, form, false);
        return Tensor.result(out, new int[] {m, n}, result -> {
            Storage dOut = result.grad();
            // Each form's two gradients are again matmuls, in the forms the derivation gives.
            switch (form) {
                case A_B -> { // dA[M,K] = dOut·Bᵀ, dB[K,N] = Aᵀ·dOut
                    if (a.requiresGrad()) be.matmul(a.grad(), dOut, b.data(), m, n, k, MatmulForm.A_BT, true);
                    if (b.requiresGrad()) be.matmul(b.grad(), a.data(), dOut, k, m, n, MatmulForm.AT_B, true);
                }
                case A_BT -> { // dA[M,K] = dOut·B, dB[N,K] = dOutᵀ·A
                    if (a.requiresGrad()) be.matmul(a.grad(), dOut, b.data(), m, n, k, MatmulForm.A_B, true);
                    if (b.requiresGrad()) be.matmul(b.grad(), dOut, a.data(), n, m, k, MatmulForm.AT_B, true);
                }
                case AT_B -> { // dA[K,M] = B·dOutᵀ, dB[K,N] = A·dOut
                    if (a.requiresGrad()) be.matmul(a.grad(), b.data(), dOut, k, n, m, MatmulForm.A_BT, true);
                    if (b.requiresGrad()) be.matmul(b.grad(), a.data(), dOut, k, m, n, MatmulForm.A_B, true);
                }
                default -> throw new IllegalStateException(form.toString());
            }
        }, a, b);
    }

    /** {@code x[rows, n] + bias[n]} broadcast over rows. */
    public static Tensor addBias(Tensor x, Tensor bias) {
        requireRank(x, 2, "addBias");
        int rows = x.dim(0);
        int n = x.dim(1);
        if (bias.size() != n) {
            throw new IllegalArgumentException("bias of " + bias.size() + " for rows of " + n);
        }
        Backend be = x.backend();
        Storage out = Workspace.output(be, rows * n);
        be.copy(x.data(), 0, out, 0, rows * n);
        be.addBias(out, bias.data(), rows, n);
        return Tensor.result(out, x.shape(), result -> {
            if (x.requiresGrad()) be.axpy(x.grad(), 1f, result.grad(), rows * n);
            if (bias.requiresGrad()) be.biasBackward(bias.grad(), result.grad(), rows, n);
        }, x, bias);
    }

    /** Elementwise {@code a + b} of equal shapes (the residual connection). */
    public static Tensor add(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(
                    "add of shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        Backend be = a.backend();
        int n = a.size();
        Storage out = Workspace.output(be, n);
        be.add(out, a.data(), b.data(), n);
        return Tensor.result(out, a.shape(), result -> {
            if (a.requiresGrad()) be.axpy(a.grad(), 1f, result.grad(), n);
            if (b.requiresGrad()) be.axpy(b.grad(), 1f, result.grad(), n);
        }, a, b);
    }

    /** LayerNorm over the last dimension of {@code x[rows, c]}. */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        requireRank(x, 2, "layerNorm");
        int rows = x.dim(0);
        int c = x.dim(1);
        Backend be = x.backend();
        Storage out = Workspace.output(be, rows * c);
        Storage mean = Workspace.output(be, rows);
        Storage rstd = Workspace.output(be, rows);
        be.layerNormForward(out, mean, rstd, x.data(), weight.data(), bias.data(), rows, c, eps);
        return Tensor.result(out, x.shape(), result -> be.layerNormBackward(
                x.grad(), weight.grad(), bias.grad(), result.grad(), x.data(), weight.data(), mean, rstd, rows, c),
                x, weight, bias);
    }

    /** GPT-2's {@code gelu_new}, elementwise. */
    public static Tensor gelu(Tensor x) {
        Backend be = x.backend();
        int n = x.size();
        Storage out = Workspace.output(be, n);
        be.geluForward(out, x.data(), n);
        return Tensor.result(out, x.shape(), result -> be.geluBackward(x.grad(), x.data(), result.grad(), n), x);
    }

    /**
     * Causal self-attention with grouped query heads over {@code qkv[B·T, (heads + 2·kvHeads)·headDim]}
     * (each row the query heads, then the key heads, then the value heads; GPT-2's fused projection is
     * {@code kvHeads = heads}), giving {@code [B·T, heads·headDim]}; see {@link Backend#attentionForward}.
     */
    public static Tensor causalSelfAttention(Tensor qkv, int batch, int t, int heads, int kvHeads, int headDim) {
        requireRank(qkv, 2, "attention");
        if (heads < 1 || kvHeads < 1 || headDim < 1 || heads % kvHeads != 0
                || qkv.dim(0) != batch * t || qkv.dim(1) != (heads + 2 * kvHeads) * headDim) {
            throw new IllegalArgumentException("attention: qkv " + Arrays.toString(qkv.shape()) + " for B=" + batch
                    + ", T=" + t + ", heads=" + heads + ", kvHeads=" + kvHeads + ", headDim=" + headDim);
        }
        Backend be = qkv.backend();
        int c = heads * headDim;
        Storage out = Workspace.output(be, batch * t * c);
        Storage lse = Workspace.output(be, batch * heads * t);
        be.attentionForward(out, lse, qkv.data(), batch, t, heads, kvHeads, headDim);
        return Tensor.result(out, new int[] {batch * t, c}, result -> be.attentionBackward(
                qkv.grad(), result.grad(), qkv.data(), out, lse, batch, t, heads, kvHeads, headDim), qkv);
    }

    /** Rows {@code table[index[i]]}: an embedding lookup, {@code [n, C]}. */
    public static Tensor embedding(Tensor table, int[] index) {
        requireRank(table, 2, "embedding");
        int rows = table.dim(0);
        int c = table.dim(1);
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= rows) {
                throw new IllegalArgumentException(
                        "embedding index " + index[i] + " at position " + i + " is outside [0, " + rows + ")");
            }
        }
        Backend be = table.backend();
        int[] copy = index.clone();
        Storage out = Workspace.output(be, copy.length * c);
        be.gatherRows(out, table.data(), copy, copy.length, c);
        return Tensor.result(out, new int[] {copy.length, c},
                result -> be.scatterAddRows(table.grad(), result.grad(), copy, copy.length, c), table);
    }

    /**
     * Mean cross-entropy of {@code logits[rows, V]} against {@code targets} over the rows whose target
     * is not negative (negative = ignored), as a one-element tensor.
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        requireRank(logits, 2, "crossEntropy");
        int rows = logits.dim(0);
        int v = logits.dim(1);
        if (targets.length != rows) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for " + rows + " rows");
        }
        int counted = 0;
        for (int target : targets) {
            if (target >= v) {
                throw new IllegalArgumentException("target " + target + " is outside the vocabulary of " + v);
            }
            counted += target >= 0 ? 1 : 0;
        }
        if (counted == 0) {
            throw new IllegalArgumentException("crossEntropy: every target is ignored");
        }
        Backend be = logits.backend();
        int[] copy = targets.clone();
        Storage losses = Workspace.output(be, rows);
        be.crossEntropyForward(losses, logits.data(), copy, rows, v);
        float inverseCount = 1f / counted;
        Storage mean = be.allocate(1);
        be.sumInto(mean, losses, rows, inverseCount);
        return Tensor.result(mean, new int[] {1}, result -> {
            // Each row's loss gets the upstream gradient over the count, scaled where the gradient lies.
            Storage dlosses = Workspace.output(be, rows);
            be.fill(dlosses, inverseCount);
            be.scaleRows(dlosses, dlosses, result.grad(), 1, rows);
            be.crossEntropyBackward(logits.grad(), logits.data(), copy, dlosses, rows, v);
        }, logits);
    }

    private static void requireRank(Tensor t, int rank, String op) {
        if (t.shape().length != rank) {
            throw new IllegalArgumentException(op + " needs a rank-" + rank + " tensor, got " + t);
        }
    }
}
