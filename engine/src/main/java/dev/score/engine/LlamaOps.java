package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
import java.util.Arrays;

/**
 * The differentiable operations the Llama family adds to {@link Ops}: RMSNorm, rotary position
 * embedding, the SwiGLU gate, and joining the query, key and value projections into the fused rows the
 * attention kernels read.
 */
final class LlamaOps {
    private LlamaOps() {
    }

    /**
     * RMSNorm of every {@code weight.size()}-wide row of {@code x}: a model's hidden states
     * {@code [rows, C]} with a {@code [C]} weight, or Qwen3's queries {@code [rows, H·hd]} per head with a
     * {@code [hd]} weight. The result has {@code x}'s shape.
     */
    static Tensor rmsNorm(Tensor x, Tensor weight, float eps) {
        int c = weight.size();
        if (x.size() % c != 0) {
            throw new IllegalArgumentException("rmsNorm of " + x + " in rows of " + c);
        }
        int rows = x.size() / c;
        Backend be = x.backend();
        Storage out = Workspace.output(be, x.size());
        Storage rstd = Workspace.output(be, rows);
        be.rmsNormForward(out, rstd, x.data(), weight.data(), rows, c, eps);
        return Tensor.result(out, x.shape(), result -> be.rmsNormBackward(
                x.grad(), weight.grad(), result.grad(), x.data(), weight.data(), rstd, rows, c), x, weight);
    }

    /** Rotary embedding of {@code x[rows, heads·hd]}, row {@code r} at position {@code positions[r]}. */
    static Tensor rotary(Tensor x, RotaryTables tables, int[] positions, int heads) {
        int rows = x.dim(0);
        int hd = tables.headDim();
        if (x.shape().length != 2 || x.dim(1) != heads * hd || positions.length != rows) {
            throw new IllegalArgumentException("rotary of " + x + " for " + heads + " heads of " + hd + " at "
                    + positions.length + " positions");
        }
        tables.check(positions);
        Backend be = x.backend();
        int[] at = positions.clone();
        Storage out = Workspace.output(be, x.size());
        be.rotaryForward(out, x.data(), tables.cos(), tables.sin(), at, rows, heads, hd);
        return Tensor.result(out, x.shape(), result -> be.rotaryBackward(
                x.grad(), result.grad(), tables.cos(), tables.sin(), at, rows, heads, hd), x);
    }

    /** {@code silu(gate) ⊙ up}, Llama's MLP gate. */
    static Tensor swiglu(Tensor gate, Tensor up) {
        if (!Arrays.equals(gate.shape(), up.shape())) {
            throw new IllegalArgumentException("swiglu of " + gate + " and " + up);
        }
        Backend be = gate.backend();
        int n = gate.size();
        Storage out = Workspace.output(be, n);
        be.swigluForward(out, gate.data(), up.data(), n);
        return Tensor.result(out, gate.shape(), result -> be.swigluBackward(
                gate.grad(), up.grad(), result.grad(), gate.data(), up.data(), n), gate, up);
    }

    /** The rows of {@code parts} (each {@code [rows, w_i]}) side by side: {@code [rows, Σ w_i]}. */
    static Tensor concatColumns(Tensor... parts) {
        int rows = parts[0].dim(0);
        int width = 0;
        for (Tensor part : parts) {
            if (part.shape().length != 2 || part.dim(0) != rows) {
                throw new IllegalArgumentException("concatColumns of " + Arrays.toString(parts));
            }
            width += part.dim(1);
        }
        Backend be = parts[0].backend();
        int total = width;
        Storage out = Workspace.output(be, rows * total);
        int column = 0;
        for (Tensor part : parts) {
            int w = part.dim(1);
            for (int r = 0; r < rows; r++) {
                be.copy(part.data(), r * w, out, r * total + column, w);
            }
            column += w;
        }
        return Tensor.result(out, new int[] {rows, total}, result -> {
            int from = 0;
            for (Tensor part : parts) {
                int w = part.dim(1);
                if (part.requiresGrad()) {
                    Storage slice = Workspace.output(be, rows * w);
                    for (int r = 0; r < rows; r++) {
                        be.copy(result.grad(), r * total + from, slice, r * w, w);
                    }
                    be.axpy(part.grad(), 1f, slice, rows * w);
                }
                from += w;
            }
        }, parts);
    }
}
