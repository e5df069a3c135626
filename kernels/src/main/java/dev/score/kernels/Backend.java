package dev.score.kernels;

/**
 * Every operation the transformer and the RL layer run, on float32 storages.
 *
 * <p>Two implementations live here: {@link ScalarBackend}, plain loops that read like the math and
 * serve as the specification, and {@link VectorBackend}, the same operations on SIMD lanes of the
 * Vector API spread over a dedicated thread pool. A conformance test runs each operation on both.
 * A GPU backend would implement this interface over device memory; the engine never needs to know.
 *
 * <p>Conventions. Matrices are row-major. Shapes are given as {@code [rows, cols]}. Every method
 * whose name ends in {@code Backward} <em>adds</em> into its gradient outputs (gradients accumulate,
 * as in PyTorch), and so does anything documented with "+=". Integer index arrays (token ids,
 * targets, positions) live on the host.
 */
public interface Backend extends AutoCloseable {

    /** One line for logs, e.g. {@code "vector, 512-bit, 2 threads"}. */
    String describe();

    // ---------------------------------------------------------------------------------------------
    // Memory

    /** A new storage of {@code size} zeros. */
    Storage allocate(int size);

    /** A new storage holding a copy of {@code values}. */
    Storage fromArray(float[] values);

    /** A copy of the storage's values on the host. */
    float[] toArray(Storage storage);

    /**
     * The storage's values copied into {@code dst[0 .. size)}, an array the caller keeps: a decoding
     * loop reads its logits this way every step, where {@link #toArray} made a new array of
     * {@code batch × vocab} floats each time.
     */
    void copyToHost(Storage storage, float[] dst);

    /**
     * {@code count} of the storage's values from index {@code from} copied into {@code dst[0 .. count)}: a
     * checkpoint writes a large tensor this way a chunk at a time, without a host copy of the whole.
     */
    void copyToHost(Storage storage, int from, float[] dst, int count);

    /** {@code dst[dstOffset + i] = src[srcOffset + i]} for {@code i < n}. */
    void copy(Storage src, int srcOffset, Storage dst, int dstOffset, int n);

    /** Every element of {@code storage} becomes {@code value}. */
    void fill(Storage storage, float value);

    // ---------------------------------------------------------------------------------------------
    // Matrix multiplication

    /** Which operands are read transposed; see {@link #matmul}. */
    enum MatmulForm {
        /** {@code A[M,K] · B[K,N]}: a linear layer's forward with weights stored [in, out]. */
        A_B,
        /** {@code A[M,K] · B[N,K]ᵀ}: the input gradient of a linear layer, and the tied LM head. */
        A_BT,
        /** {@code A[K,M]ᵀ · B[K,N]}: the weight gradient of a linear layer. */
        AT_B
    }

    /**
     * {@code out[M,N] = op(A)·op(B)}, or {@code out += op(A)·op(B)} when {@code accumulate}.
     * {@code form} says how A and B are stored (see {@link MatmulForm}); B may instead be a matrix
     * this backend packed for the same {@code k}, {@code n} and {@code form} ({@link #pack}).
     */
    void matmul(Storage out, Storage a, Storage b, int m, int k, int n, MatmulForm form, boolean accumulate);

    /**
     * {@code b}, stored as {@code form} says ({@code [K,N]}, or {@code [N,K]} for {@code A_BT}), copied
     * into the layout this backend multiplies fastest, to be the B operand of many {@link #matmul}
     * calls with the same {@code k}, {@code n} and {@code form}: a layer's weights while decoding, where
     * each step multiplies them by a few rows and packing them anew every time cost an eighth of
     * sampling. A product with the packed matrix gives the same values as one with {@code b}. It is a
     * snapshot: later changes to {@code b} are not seen.
     */
    PackedMatrix pack(Storage b, int k, int n, MatmulForm form);

    /**
     * Packs {@code b} anew into {@code packed}'s memory (which this backend made by {@link #pack}, with
     * {@code b}'s {@code k}, {@code n} and form): a decoder refreshing its snapshot of the weights before
     * each generation, with no second copy of the model made and dropped each time.
     */
    void packInto(PackedMatrix packed, Storage b);

    /** {@code out[r, j] += bias[j]} for {@code out[rows, n]}. */
    void addBias(Storage out, Storage bias, int rows, int n);

    /** {@code dbias[j] += Σ_r dout[r, j]} for {@code dout[rows, n]}: the gradient of {@link #addBias}. */
    void biasBackward(Storage dbias, Storage dout, int rows, int n);

    // ---------------------------------------------------------------------------------------------
    // Normalization and activation

    /**
     * LayerNorm over the last dimension of {@code x[rows, c]} with the biased variance:
     * {@code out = (x − mean) · rstd · weight + bias}, {@code rstd = 1 / sqrt(var + eps)}.
     * Saves {@code mean[rows]} and {@code rstd[rows]} for the backward pass.
     */
    void layerNormForward(Storage out, Storage mean, Storage rstd, Storage x, Storage weight, Storage bias,
            int rows, int c, float eps);

    /** Gradient of {@link #layerNormForward}: {@code dx += …, dweight += …, dbias += …}. */
    void layerNormBackward(Storage dx, Storage dweight, Storage dbias, Storage dout, Storage x, Storage weight,
            Storage mean, Storage rstd, int rows, int c);

    /**
     * GELU in GPT-2's tanh form ({@code gelu_new}):
     * {@code out = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} over {@code n} elements.
     */
    void geluForward(Storage out, Storage x, int n);

    /** {@code dx += gelu'(x) · dout}. */
    void geluBackward(Storage dx, Storage x, Storage dout, int n);

    /**
     * A linear layer's bias and GELU in one pass over {@code pre[rows, n]}: {@code pre[r, j] += bias[j]},
     * then {@code out = gelu(pre)} as {@link #geluForward}. {@code pre} is left holding the biased
     * pre-activation, which {@link #geluBackward} needs.
     */
    void biasGeluForward(Storage out, Storage pre, Storage bias, int rows, int n);

    /**
     * RMSNorm over the last dimension of {@code x[rows, c]}, as Llama's ({@code LlamaRMSNorm} in float32):
     * {@code out = x · rstd · weight}, {@code rstd = 1 / sqrt(mean(x²) + eps)}, with no centering and no
     * bias. Saves {@code rstd[rows]} for the backward pass.
     */
    void rmsNormForward(Storage out, Storage rstd, Storage x, Storage weight, int rows, int c, float eps);

    /** Gradient of {@link #rmsNormForward}: {@code dx += …, dweight += …}. */
    void rmsNormBackward(Storage dx, Storage dweight, Storage dout, Storage x, Storage weight, Storage rstd,
            int rows, int c);

    /**
     * The gated activation of Llama's MLP ({@code down(silu(gate(x)) · up(x))}) over {@code n} elements:
     * {@code out = silu(gate) · up}, {@code silu(g) = g · sigmoid(g)}.
     */
    void swigluForward(Storage out, Storage gate, Storage up, int n);

    /**
     * Gradient of {@link #swigluForward}: {@code dgate += dout · up · silu'(gate)} and
     * {@code dup += dout · silu(gate)}, with {@code silu'(g) = sigmoid(g)·(1 + g·(1 − sigmoid(g)))}.
     */
    void swigluBackward(Storage dgate, Storage dup, Storage dout, Storage gate, Storage up, int n);

    // ---------------------------------------------------------------------------------------------
    // Rotary position embedding

    /**
     * Rotary position embedding in Hugging Face's {@code rotate_half} convention, on
     * {@code x[rows, heads·headDim]}: row {@code r} sits at position {@code p = positions[r]} (a host
     * array of {@code rows} positions), and in every head, for {@code i < half = headDim/2}, with
     * {@code c = cos[p, i]} and {@code s = sin[p, i]} from tables {@code cos[P, half]}, {@code sin[P, half]}
     * (which the caller fills with {@code cos(p·θ_i)}, {@code sin(p·θ_i)}):
     * {@code out[i] = x[i]·c − x[i+half]·s} and {@code out[i+half] = x[i+half]·c + x[i]·s}.
     * {@code out} and {@code x} are different storages.
     *
     * @throws IllegalArgumentException when {@code headDim} is odd or under 2, or {@code heads} under 1
     * @throws IndexOutOfBoundsException for a position outside the tables' {@code P} rows
     */
    void rotaryForward(Storage out, Storage x, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim);

    /**
     * Gradient of {@link #rotaryForward}, the inverse rotation: {@code dx[i] += dout[i]·c + dout[i+half]·s},
     * {@code dx[i+half] += dout[i+half]·c − dout[i]·s}.
     */
    void rotaryBackward(Storage dx, Storage dout, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim);

    // ---------------------------------------------------------------------------------------------
    // Attention

    /**
     * Causal scaled-dot-product attention for training, with grouped query heads.
     *
     * <p>{@code qkv[B, T, (heads + 2·kvHeads)·headDim]} holds, per token, the query heads
     * ({@code heads·headDim} columns, head {@code h} in {@code [h·headDim, (h+1)·headDim)}), then the key
     * heads and then the value heads ({@code kvHeads·headDim} columns each, laid out alike). Query head
     * {@code h} attends with key/value head {@code h / (heads / kvHeads)}, so {@code heads} must be a
     * multiple of {@code kvHeads}: GPT-2's fused {@code c_attn} is the case {@code kvHeads = heads},
     * {@code headDim = C / heads}. Query {@code t} attends to keys {@code 0..t} with scores scaled by
     * {@code 1/√headDim}. Writes {@code out[B, T, heads·headDim]} (heads merged back, head h in columns
     * {@code [h·headDim, (h+1)·headDim)}) and {@code lse[B, heads, T]}, the log-sum-exp of each query's
     * scaled scores, so that the backward pass can recompute the probabilities instead of storing a T×T
     * matrix.
     *
     * @throws IllegalArgumentException when {@code heads}, {@code kvHeads} or {@code headDim} is under 1, or
     *     {@code heads} is not a multiple of {@code kvHeads} (as do the other two attention methods)
     */
    void attentionForward(Storage out, Storage lse, Storage qkv, int batch, int t, int heads, int kvHeads,
            int headDim);

    /**
     * Gradient of {@link #attentionForward}: {@code dqkv[B, T, (heads + 2·kvHeads)·headDim] += …}, a key or
     * value head's gradient summed over every query head of its group.
     */
    void attentionBackward(Storage dqkv, Storage dout, Storage qkv, Storage out, Storage lse,
            int batch, int t, int heads, int kvHeads, int headDim);

    /**
     * Causal attention for incremental decoding with a key/value cache, without gradients.
     *
     * <p>{@code qkv[B, Tq, (heads + 2·kvHeads)·headDim]} holds the projections of {@code Tq} new tokens
     * per row (laid out as in {@link #attentionForward}); {@code kCache} and {@code vCache} are
     * {@code [B, maxT, kvHeads·headDim]}. Row {@code b} already holds {@code pastLength[b]} cached
     * positions; this call first writes the new tokens' keys and values at positions
     * {@code pastLength[b] + i} (so rows may sit at different lengths), then lets new token {@code i}
     * attend to cached positions {@code 0..pastLength[b] + i}. Writes {@code out[B, Tq, heads·headDim]}.
     * Requires {@code pastLength[b] + Tq ≤ maxT}; does not change {@code pastLength}.
     */
    void attentionCached(Storage out, Storage qkv, Storage kCache, Storage vCache, int[] pastLength,
            int batch, int tq, int heads, int kvHeads, int headDim, int maxT);

    // ---------------------------------------------------------------------------------------------
    // Softmax family (each row of {@code [rows, n]} independently)

    /** {@code out = softmax(x)} per row. */
    void softmax(Storage out, Storage x, int rows, int n);

    /** Gradient of {@link #softmax} given its output {@code p}: {@code dx += p ⊙ (dout − Σ_j p·dout)}. */
    void softmaxBackward(Storage dx, Storage p, Storage dout, int rows, int n);

    /** {@code out = x − logsumexp(x)} per row. */
    void logSoftmax(Storage out, Storage x, int rows, int n);

    /** Gradient of {@link #logSoftmax} given its output {@code logp}: {@code dx += dout − exp(logp)·Σ_j dout}. */
    void logSoftmaxBackward(Storage dx, Storage logp, Storage dout, int rows, int n);

    /**
     * Cross-entropy per row of {@code logits[rows, v]}: {@code losses[r] = logsumexp(logits[r]) −
     * logits[r, targets[r]]}. A negative target marks a row to ignore: its loss is 0.
     */
    void crossEntropyForward(Storage losses, Storage logits, int[] targets, int rows, int v);

    /**
     * Gradient of {@link #crossEntropyForward}: {@code dlogits[r] += dlosses[r] · (softmax(logits[r]) −
     * onehot(targets[r]))}; ignored rows get nothing.
     */
    void crossEntropyBackward(Storage dlogits, Storage logits, int[] targets, Storage dlosses, int rows, int v);

    // ---------------------------------------------------------------------------------------------
    // Embedding rows

    /** {@code out[i, :] = table[index[i], :]} for {@code i < n}, rows {@code c} wide. */
    void gatherRows(Storage out, Storage table, int[] index, int n, int c);

    /** {@code dtable[index[i], :] += dout[i, :]}: the gradient of {@link #gatherRows}. */
    void scatterAddRows(Storage dtable, Storage dout, int[] index, int n, int c);

    // ---------------------------------------------------------------------------------------------
    // Elementwise and reductions over n elements

    /** {@code out = a + b}. */
    void add(Storage out, Storage a, Storage b, int n);

    /** {@code out = a ⊙ b}. */
    void mul(Storage out, Storage a, Storage b, int n);

    /** {@code y += alpha · x}. */
    void axpy(Storage y, float alpha, Storage x, int n);

    /** {@code x *= alpha}, in place. */
    void scale(Storage x, float alpha, int n);

    /** {@code out = exp(x)}. */
    void exp(Storage out, Storage x, int n);

    /** {@code out[r] = Σ_j x[r, j]} for {@code x[rows, n]}. */
    void rowSum(Storage out, Storage x, int rows, int n);

    /** {@code Σ x}, accumulated in double precision. */
    double sum(Storage x, int n);

    /** {@code Σ x²}, accumulated in double precision (the squared global norm for gradient clipping). */
    double sumOfSquares(Storage x, int n);

    /**
     * {@code out[0] = (float) (scale · Σ x)}, the sum accumulated as {@link #sum} accumulates it: a loss's
     * mean, or a weighted sum, stays in the backend's memory instead of crossing to the host and back.
     */
    void sumInto(Storage out, Storage x, int n, double scale);

    /**
     * {@code Σ_i Σ_j xs[i][j]²} over {@code j < sizes[i]}: each storage's sum as
     * {@link #sumOfSquares(Storage, int)} gives it, added in order from 0. The squared global norm of every
     * gradient in one read, however many parameters a model has.
     */
    double sumOfSquares(Storage[] xs, int[] sizes);

    // ---------------------------------------------------------------------------------------------
    // Masks and per-row factors (the KL terms of a policy-gradient loss)

    /**
     * {@code out[i] = keep[i] ? x[i] : 0} for {@code i < n}, with {@code keep} a host array like the index
     * arrays; {@code out} may be {@code x}. Masks the positions of a batch that are not sampled tokens.
     */
    void mask(Storage out, Storage x, boolean[] keep, int n);

    /**
     * {@code out[r, j] = x[r, j] · factors[r]} for {@code x[rows, n]} and {@code factors[rows]}; {@code out}
     * may be {@code x}. A per-row gradient applied to a row's terms without reading it on the host.
     */
    void scaleRows(Storage out, Storage x, Storage factors, int rows, int n);

    /**
     * The k3 estimator of {@code KL(π ‖ π_ref)} per sampled token and its slope, in double precision: with
     * {@code δ = referenceLogProbs[i] − logProbs[i]} (the float difference, widened), {@code values[i] =
     * e^δ − 1 − δ} (never negative) and
     * {@code slopes[i] = 1 − e^δ} (its derivative with respect to {@code logProbs[i]}), each rounded to
     * float; both are 0 where {@code counted[i]} is false. {@code e^δ − 1} is {@code Math.expm1(δ)}.
     */
    void k3(Storage values, Storage slopes, Storage logProbs, Storage referenceLogProbs, boolean[] counted, int n);

    // ---------------------------------------------------------------------------------------------
    // Choosing tokens (decoding), each row of {@code [rows, v]} independently; the results come to the host

    /**
     * Greedy decoding: {@code tokens[r]} is the first index of row {@code r}'s largest logit (as
     * {@code torch.argmax}), and {@code logProbs[r]} its log-probability at temperature 1, {@code logit −
     * max − log Σ_j e^{logit_j − max}} in double precision, rounded to float.
     */
    void argmaxRows(int[] tokens, float[] logProbs, Storage logits, int rows, int v);

    /**
     * A draw from each row of {@code probabilities[rows, v]} (a softmax, whose float sum may differ from 1)
     * with the caller's uniform {@code uniforms[r]} in {@code [0, 1)}: with {@code u = uniforms[r] · Σ_j p_j}
     * (the sum in double, in index order), the token is the first {@code i} with a positive {@code p_i} at
     * which {@code u − Σ_{j ≤ i} p_j} falls below 0, or the last positive one when rounding leaves none.
     * {@code logProbs[r] = log p_token − log Σ_j p_j}, in double, rounded to float. Rows whose uniform is
     * NaN are skipped (a finished sequence's slot): their outputs are left as they were.
     */
    void drawRows(int[] tokens, float[] logProbs, Storage probabilities, double[] uniforms, int rows, int v);

    // ---------------------------------------------------------------------------------------------
    // Optimizer

    /**
     * One AdamW step over {@code n} parameters with PyTorch's semantics ({@code torch.optim.AdamW}):
     * {@code p −= lr·wd·p} (decoupled decay), then {@code m = β1·m + (1−β1)·g},
     * {@code v = β2·v + (1−β2)·g²}, {@code p −= lr · (m / (1−β1^step)) / (√(v / (1−β2^step)) + eps)}.
     * {@code step} counts from 1.
     */
    void adamW(Storage param, Storage grad, Storage m, Storage v, int n,
            float lr, float beta1, float beta2, float eps, float weightDecay, int step);

    /** Releases threads or device memory. Idempotent. */
    @Override
    void close();
}
