package dev.score.kernels;


/**
 * Every {@link Backend} operation on SIMD lanes of the Vector API ({@code jdk.incubator.vector},
 * the platform's preferred width), spread over a team of the requested number of threads (the caller
 * and spinning workers, see {@link ParallelLoops}); operations too small to pay for the threads run
 * inline on the caller.
 *
 * <p>This class only dispatches: the kernels live in {@link VectorMatmul}, {@link VectorAttention},
 * {@link VectorLayerNorm}, {@link VectorRotary}, {@link VectorSoftmax} and {@link VectorElementwise}.
 * It names no Vector API type itself, so that it can load, check for the module and fail with a clear
 * message when the JVM was started without {@code --add-modules jdk.incubator.vector}, instead of
 * ever falling back to scalar code.
 */
public final class VectorBackend extends HostMemoryBackend {

    private final ParallelLoops loops;
    private final VectorMatmul matmul;
    private final VectorAttention attention;
    private final VectorLayerNorm layerNorm;
    private final VectorRotary rotary;
    private final VectorSoftmax softmax;
    private final VectorElementwise elementwise;
    private final String description;

    /** A backend using every available processor. */
    public VectorBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A backend with a pool of {@code threads} threads (1: everything runs on the caller). */
    public VectorBackend(int threads) {
        this(threads, ParallelLoops.DEFAULT_MIN_TASK_WORK);
    }

    /** For tests: {@code minTaskWork} of 1 splits even the smallest loops across the pool. */
    VectorBackend(int threads, long minTaskWork) {
        if (!Backends.vectorApiAvailable()) {
            throw new IllegalStateException("the vector backend needs the Vector API: run java with "
                    + "--add-modules jdk.incubator.vector (or choose the scalar backend)");
        }
        this.loops = new ParallelLoops(threads, minTaskWork);
        this.matmul = new VectorMatmul(loops);
        this.attention = new VectorAttention(loops);
        this.layerNorm = new VectorLayerNorm(loops);
        this.rotary = new VectorRotary(loops);
        this.softmax = new VectorSoftmax(loops);
        this.elementwise = new VectorElementwise(loops);
        this.description = "vector, " + VectorMath.bitSize() + "-bit, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        loops.close();
    }

    /** Split across the team: zeroing recycled gradient buffers was 3 % of a training step on one thread. */
    @Override
    public void fill(Storage storage, float value) {
        elementwise.fill(HostStorage.of(storage), value);
    }

    // ---------------------------------------------------------------------------------------------
    // Matrix multiplication

    @Override
    public void matmul(Storage out, Storage a, Storage b, int m, int k, int n, MatmulForm form, boolean accumulate) {
        if (b instanceof VectorMatmul.PackedPanels packed) {
            packed.checkFits(k, n, form);
            matmul.multiply(HostStorage.of(out), HostStorage.of(a), packed, m, accumulate);
        } else {
            matmul.multiply(HostStorage.of(out), HostStorage.of(a), HostStorage.of(b), m, k, n, form, accumulate);
        }
    }

    @Override
    public PackedMatrix pack(Storage b, int k, int n, MatmulForm form) {
        float[] values = packSource(b, k, n);
        return matmul.pack(values, k, n, form);
    }

    @Override
    public void packInto(PackedMatrix packed, Storage b) {
        if (!(packed instanceof VectorMatmul.PackedPanels target)) {
            throw new IllegalArgumentException("the vector backend cannot pack into " + packed.getClass().getName());
        }
        matmul.packInto(target, packSource(b, target.k(), target.n()));
    }

    @Override
    public void addBias(Storage out, Storage bias, int rows, int n) {
        elementwise.addBias(HostStorage.of(out), HostStorage.of(bias), rows, n);
    }

    @Override
    public void biasBackward(Storage dbias, Storage dout, int rows, int n) {
        elementwise.biasBackward(HostStorage.of(dbias), HostStorage.of(dout), rows, n);
    }

    // ---------------------------------------------------------------------------------------------
    // Normalization and activation

    @Override
    public void layerNormForward(Storage out, Storage mean, Storage rstd, Storage x, Storage weight, Storage bias,
            int rows, int c, float eps) {
        layerNorm.forward(HostStorage.of(out), HostStorage.of(mean), HostStorage.of(rstd), HostStorage.of(x),
                HostStorage.of(weight), HostStorage.of(bias), rows, c, eps);
    }

    @Override
    public void layerNormBackward(Storage dx, Storage dweight, Storage dbias, Storage dout, Storage x, Storage weight,
            Storage mean, Storage rstd, int rows, int c) {
        layerNorm.backward(HostStorage.of(dx), HostStorage.of(dweight), HostStorage.of(dbias), HostStorage.of(dout),
                HostStorage.of(x), HostStorage.of(weight), HostStorage.of(mean), HostStorage.of(rstd), rows, c);
    }

    @Override
    public void geluForward(Storage out, Storage x, int n) {
        elementwise.geluForward(HostStorage.of(out), HostStorage.of(x), n);
    }

    @Override
    public void biasGeluForward(Storage out, Storage pre, Storage bias, int rows, int n) {
        elementwise.biasGeluForward(HostStorage.of(out), HostStorage.of(pre), HostStorage.of(bias), rows, n);
    }

    @Override
    public void geluBackward(Storage dx, Storage x, Storage dout, int n) {
        elementwise.geluBackward(HostStorage.of(dx), HostStorage.of(x), HostStorage.of(dout), n);
    }

    @Override
    public void rmsNormForward(Storage out, Storage rstd, Storage x, Storage weight, int rows, int c, float eps) {
        layerNorm.rmsForward(HostStorage.of(out), HostStorage.of(rstd), HostStorage.of(x), HostStorage.of(weight), rows,
                c, eps);
    }

    @Override
    public void rmsNormBackward(Storage dx, Storage dweight, Storage dout, Storage x, Storage weight, Storage rstd,
            int rows, int c) {
        layerNorm.rmsBackward(HostStorage.of(dx), HostStorage.of(dweight), HostStorage.of(dout), HostStorage.of(x),
                HostStorage.of(weight), HostStorage.of(rstd), rows, c);
    }

    @Override
    public void swigluForward(Storage out, Storage gate, Storage up, int n) {
        elementwise.swigluForward(HostStorage.of(out), HostStorage.of(gate), HostStorage.of(up), n);
    }

    @Override
    public void swigluBackward(Storage dgate, Storage dup, Storage dout, Storage gate, Storage up, int n) {
        elementwise.swigluBackward(HostStorage.of(dgate), HostStorage.of(dup), HostStorage.of(dout), HostStorage.of(gate),
                HostStorage.of(up), n);
    }

    // ---------------------------------------------------------------------------------------------
    // Rotary position embedding

    @Override
    public void rotaryForward(Storage out, Storage x, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim) {
        rotary.forward(HostStorage.of(out), HostStorage.of(x), HostStorage.of(cos), HostStorage.of(sin), positions, rows,
                heads, headDim);
    }

    @Override
    public void rotaryBackward(Storage dx, Storage dout, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim) {
        rotary.backward(HostStorage.of(dx), HostStorage.of(dout), HostStorage.of(cos), HostStorage.of(sin), positions,
                rows, heads, headDim);
    }

    // ---------------------------------------------------------------------------------------------
    // Attention

    @Override
    public void attentionForward(Storage out, Storage lse, Storage qkv, int batch, int t, int heads, int kvHeads,
            int headDim) {
        attention.forward(HostStorage.of(out), HostStorage.of(lse), HostStorage.of(qkv), batch, t, heads, kvHeads,
                headDim);
    }

    @Override
    public void attentionBackward(Storage dqkv, Storage dout, Storage qkv, Storage out, Storage lse,
            int batch, int t, int heads, int kvHeads, int headDim) {
        attention.backward(HostStorage.of(dqkv), HostStorage.of(dout), HostStorage.of(qkv), HostStorage.of(out),
                HostStorage.of(lse), batch, t, heads, kvHeads, headDim);
    }

    @Override
    public void attentionCached(Storage out, Storage qkv, Storage kCache, Storage vCache, int[] pastLength,
            int batch, int tq, int heads, int kvHeads, int headDim, int maxT) {
        attention.cached(HostStorage.of(out), HostStorage.of(qkv), HostStorage.of(kCache), HostStorage.of(vCache),
                pastLength, batch, tq, heads, kvHeads, headDim, maxT);
    }

    // ---------------------------------------------------------------------------------------------
    // Softmax family

    @Override
    public void softmax(Storage out, Storage x, int rows, int n) {
        softmax.softmax(HostStorage.of(out), HostStorage.of(x), rows, n);
    }

    @Override
    public void softmaxBackward(Storage dx, Storage p, Storage dout, int rows, int n) {
        softmax.softmaxBackward(HostStorage.of(dx), HostStorage.of(p), HostStorage.of(dout), rows, n);
    }

    @Override
    public void logSoftmax(Storage out, Storage x, int rows, int n) {
        softmax.logSoftmax(HostStorage.of(out), HostStorage.of(x), rows, n);
    }

    @Override
    public void logSoftmaxBackward(Storage dx, Storage logp, Storage dout, int rows, int n) {
        softmax.logSoftmaxBackward(HostStorage.of(dx), HostStorage.of(logp), HostStorage.of(dout), rows, n);
    }

    @Override
    public void crossEntropyForward(Storage losses, Storage logits, int[] targets, int rows, int v) {
        softmax.crossEntropyForward(HostStorage.of(losses), HostStorage.of(logits), targets, rows, v);
    }

    @Override
    public void crossEntropyBackward(Storage dlogits, Storage logits, int[] targets, Storage dlosses, int rows, int v) {
        softmax.crossEntropyBackward(HostStorage.of(dlogits), HostStorage.of(logits), targets, HostStorage.of(dlosses),
                rows, v);
    }

    // ---------------------------------------------------------------------------------------------
    // Embedding rows

    @Override
    public void gatherRows(Storage out, Storage table, int[] index, int n, int c) {
        elementwise.gatherRows(HostStorage.of(out), HostStorage.of(table), index, n, c);
    }

    @Override
    public void scatterAddRows(Storage dtable, Storage dout, int[] index, int n, int c) {
        elementwise.scatterAddRows(HostStorage.of(dtable), HostStorage.of(dout), index, n, c);
    }

    // ---------------------------------------------------------------------------------------------
    // Elementwise and reductions

    @Override
    public void add(Storage out, Storage a, Storage b, int n) {
        elementwise.add(HostStorage.of(out), HostStorage.of(a), HostStorage.of(b), n);
    }

    @Override
    public void mul(Storage out, Storage a, Storage b, int n) {
        elementwise.mul(HostStorage.of(out), HostStorage.of(a), HostStorage.of(b), n);
    }

    @Override
    public void axpy(Storage y, float alpha, Storage x, int n) {
        elementwise.axpy(HostStorage.of(y), alpha, HostStorage.of(x), n);
    }

    @Override
    public void scale(Storage x, float alpha, int n) {
        elementwise.scale(HostStorage.of(x), alpha, n);
    }

    @Override
    public void exp(Storage out, Storage x, int n) {
        elementwise.exp(HostStorage.of(out), HostStorage.of(x), n);
    }

    @Override
    public void rowSum(Storage out, Storage x, int rows, int n) {
        elementwise.rowSum(HostStorage.of(out), HostStorage.of(x), rows, n);
    }

    @Override
    public double sum(Storage x, int n) {
        return elementwise.sum(HostStorage.of(x), n);
    }

    @Override
    public double sumOfSquares(Storage x, int n) {
        return elementwise.sumOfSquares(HostStorage.of(x), n);
    }

    // ---------------------------------------------------------------------------------------------
    // Masks and per-row factors

    @Override
    public void mask(Storage out, Storage x, boolean[] keep, int n) {
        elementwise.mask(HostStorage.of(out), HostStorage.of(x), keep, n);
    }

    @Override
    public void scaleRows(Storage out, Storage x, Storage factors, int rows, int n) {
        elementwise.scaleRows(HostStorage.of(out), HostStorage.of(x), HostStorage.of(factors), rows, n);
    }

    @Override
    public void k3(Storage values, Storage slopes, Storage logProbs, Storage referenceLogProbs, boolean[] counted,
            int n) {
        float[] vv = HostStorage.of(values);
        float[] sv = HostStorage.of(slopes);
        float[] lp = HostStorage.of(logProbs);
        float[] ref = HostStorage.of(referenceLogProbs);
        // Two expm1 in double per element: scalar math, spread over the threads.
        loops.forRange(n, 40, (from, to) -> KlTerms.k3(vv, sv, lp, ref, counted, from, to));
    }

    // ---------------------------------------------------------------------------------------------
    // Choosing tokens: each row's scalar walk (in double, in index order) on a thread of its own

    @Override
    public void argmaxRows(int[] tokens, float[] logProbs, Storage logits, int rows, int v) {
        float[] values = HostStorage.of(logits);
        loops.forRange(rows, 20L * v, (from, to) -> TokenRows.argmaxRows(tokens, logProbs, values, v, from, to));
    }

    @Override
    public void drawRows(int[] tokens, float[] logProbs, Storage probabilities, double[] uniforms, int rows, int v) {
        float[] values = HostStorage.of(probabilities);
        loops.forRange(rows, 4L * v,
                (from, to) -> TokenRows.drawRows(tokens, logProbs, values, uniforms, v, from, to));
    }

    // ---------------------------------------------------------------------------------------------
    // Optimizer

    @Override
    public void adamW(Storage param, Storage grad, Storage m, Storage v, int n,
            float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        elementwise.adamW(HostStorage.of(param), HostStorage.of(grad), HostStorage.of(m), HostStorage.of(v), n,
                lr, beta1, beta2, eps, weightDecay, step);
    }
}
