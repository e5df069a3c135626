package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Storage;

/**
 * Differentiable operations that do in one node what {@link Ops} does in several, to save a pass over
 * an activation and its allocation. Each gives the same values and gradients as its unfused
 * composition (see FusedOpsTest).
 */
public final class FusedOps {
    private FusedOps() {
    }

    /**
     * GPT-2's Conv1D, {@code x[N, in] · w[in, out] + bias[out]}, as {@code Ops.addBias(Ops.matmul(x, w), bias)}
     * but with the bias added in place into the product instead of into a copy of it.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        Dims d = Dims.of(x, w, bias);
        Backend be = x.backend();
        Storage out = Workspace.output(be, d.rows * d.out);
        be.matmul(out, x.data(), w.data(), d.rows, d.in, d.out, MatmulForm.A_B, false);
        be.addBias(out, bias.data(), d.rows, d.out);
        return Tensor.result(out, new int[] {d.rows, d.out},
                result -> linearBackward(result.grad(), x, w, bias, d), x, w, bias);
    }

    /**
     * {@code gelu(x · w + bias)}, GPT-2's MLP expansion: the bias and the activation are one pass over
     * the product (the pre-activation is kept for the backward pass).
     */
    public static Tensor linearGelu(Tensor x, Tensor w, Tensor bias) {
        Dims d = Dims.of(x, w, bias);
        Backend be = x.backend();
        int size = d.rows * d.out;
        Storage pre = Workspace.output(be, size);
        be.matmul(pre, x.data(), w.data(), d.rows, d.in, d.out, MatmulForm.A_B, false);
        Storage out = Workspace.output(be, size);
        be.biasGeluForward(out, pre, bias.data(), d.rows, d.out);
        return Tensor.result(out, new int[] {d.rows, d.out}, result -> {
            Storage dPre = Workspace.zeros(be, size);
            be.geluBackward(dPre, pre, result.grad(), size);
            linearBackward(dPre, x, w, bias, d);
        }, x, w, bias);
    }

    /**
     * PyTorch's {@code nn.Linear}, {@code x[N, in] · w[out, in]ᵀ (+ bias[out])}, with the bias (when not null)
     * added in place into the product: the Llama family's projections, stored {@code [out, in]}.
     */
    public static Tensor linearTransposed(Tensor x, Tensor w, Tensor bias) {
        if (x.shape().length != 2 || w.shape().length != 2 || x.dim(1) != w.dim(1)
                || (bias != null && bias.size() != w.dim(0))) {
            throw new IllegalArgumentException("linear of " + x + " by " + w + "ᵀ" + (bias != null
                    ? " with a bias of " + bias.size() : ""));
        }
        int rows = x.dim(0);
        int in = x.dim(1);
        int out = w.dim(0);
        Backend be = x.backend();
        Storage result = Workspace.output(be, rows * out);
        be.matmul(result, x.data(), w.data(), rows, in, out, MatmulForm.A_BT, false);
        if (bias != null) {
            be.addBias(result, bias.data(), rows, out);
        }
        Tensor[] inputs = bias != null ? new Tensor[] {x, w, bias} : new Tensor[] {x, w};
        return Tensor.result(result, new int[] {rows, out}, r -> {
            Storage dOut = r.grad();
            if (x.requiresGrad()) be.matmul(x.grad(), dOut, w.data(), rows, out, in, MatmulForm.A_B, true);
            if (w.requiresGrad()) be.matmul(w.grad(), dOut, x.data(), out, rows, in, MatmulForm.AT_B, true);
            if (bias != null && bias.requiresGrad()) be.biasBackward(bias.grad(), dOut, rows, out);
        }, inputs);
    }

    /** The gradients of {@code x · w + bias} given the gradient {@code dOut} of the sum. */
    private static void linearBackward(Storage dOut, Tensor x, Tensor w, Tensor bias, Dims d) {
        Backend be = x.backend();
        if (x.requiresGrad()) be.matmul(x.grad(), dOut, w.data(), d.rows, d.out, d.in, MatmulForm.A_BT, true);
        if (w.requiresGrad()) be.matmul(w.grad(), x.data(), dOut, d.in, d.rows, d.out, MatmulForm.AT_B, true);
        if (bias.requiresGrad()) be.biasBackward(bias.grad(), dOut, d.rows, d.out);
    }

    /** {@code x[rows, in]}, {@code w[in, out]}, {@code bias[out]}, checked. */
    private record Dims(int rows, int in, int out) {
        static Dims of(Tensor x, Tensor w, Tensor bias) {
            if (x.shape().length != 2 || w.shape().length != 2 || x.dim(1) != w.dim(0) || bias.size() != w.dim(1)) {
                throw new IllegalArgumentException("linear of " + x + " by " + w + " with a bias of " + bias.size());
            }
            return new Dims(x.dim(0), x.dim(1), w.dim(1));
        }
    }
}
