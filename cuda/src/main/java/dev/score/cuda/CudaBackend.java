package dev.score.cuda;

import static dev.score.cuda.Arguments.requireFloats;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;

import dev.score.kernels.Backend;
import dev.score.kernels.HeadShapes;
import dev.score.kernels.PackedMatrix;
import dev.score.kernels.Storage;
import java.util.Objects;
import jcuda.Pointer;

/**
 * Every {@link Backend} operation on an NVIDIA GPU: storages in device memory ({@link CudaStorage}), the
 * kernels of src/main/cuda (one thread per element, or one block per row, with the reference's precision),
 * and matrix products on cuBLAS ({@link Blas}). Host index arrays are checked here, then uploaded for the
 * call. Every launch and copy goes on one stream, the legacy default stream, so operations run in the order
 * they are called and a copy to the host sees everything before it.
 *
 * <p>One thread uses a backend at a time, as the engine does (the index buffer is shared); storages may be
 * dropped from any thread, and are freed by a cleaner.
 */
public final class CudaBackend implements Backend {

    private final CudaDevice device;
    private final DeviceMemory memory;
    private final Kernels kernels;
    private final Blas blas;
    /** The per-block partial sums of {@link #sum}'s first pass, doubles in pairs of float slots. */
    private final CudaStorage sumPartials;
    /** The double {@link #sum} returns. */
    private final CudaStorage sumResult;
    /** The double slots of the multi-storage sum of squares, one per storage. */
    private final ScratchBuffer slotSums;
    /** The chosen tokens then their log-probabilities, of the token ops. */
    private final ScratchBuffer rowResults;
    /** A draw's uniforms, doubles in pairs of float slots. */
    private final ScratchBuffer rowUniforms;
    private boolean closed;

    CudaBackend() {
        device = CudaDevice.open();
        try {
            memory = new DeviceMemory(device);
            kernels = new Kernels(device);
            blas = Blas.open();
            sumPartials = memory.allocateUninitialized(2 * LaunchShape.MAX_SUM_BLOCKS);
            sumResult = memory.allocateUninitialized(2);
            slotSums = new ScratchBuffer(memory, 2 * 256);
            rowResults = new ScratchBuffer(memory, 2 * 64);
            rowUniforms = new ScratchBuffer(memory, 2 * 64);
        } catch (RuntimeException | Error e) {
            device.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "cuda, " + device.describe() + ", " + blas.describe();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.synchronize();
        memory.close();
        blas.close();
        device.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the cuda backend is closed");
        }
    }

    /** The device storage behind {@code storage}, after checking it is this backend's, open, and a plain storage. */
    private CudaStorage of(Storage storage) {
        checkOpen();
        if (storage instanceof CudaStorage cuda && cuda.owner() == memory) {
            return cuda;
        }
        if (storage instanceof PackedMatrix) {
            throw new IllegalArgumentException("a packed matrix can only be the B operand of matmul");
        }
        throw new IllegalArgumentException("the cuda backend was handed a storage it did not make: "
                + Objects.requireNonNull(storage, "storage").getClass().getName());
    }

    /** {@link #of} after checking that the storage holds {@code needed} floats. */
    private CudaStorage of(Storage storage, long needed, String what) {
        CudaStorage cuda = of(storage);
        requireFloats(what, cuda.size(), needed);
        return cuda;
    }

    // ---------------------------------------------------------------------------------------------
    // Memory

    @Override
    public Storage allocate(int size) {
        checkOpen();
        return memory.allocateZeros(size);
    }

    @Override
    public Storage fromArray(float[] values) {
        checkOpen();
        CudaStorage storage = memory.allocateUninitialized(values.length);
        if (values.length > 0) {
            cuMemcpyHtoD(storage.pointer(), Pointer.to(values), (long) values.length * Float.BYTES);
        }
        return storage;
    }

    @Override
    public float[] toArray(Storage storage) {
        CudaStorage s = of(storage);
        float[] values = new float[s.size()];
        copyToHost(s, 0, values, values.length);
        return values;
    }

    @Override
    public void copyToHost(Storage storage, float[] dst) {
        CudaStorage s = of(storage);
        if (dst.length < s.size()) {
            throw new IllegalArgumentException("cannot copy " + s.size() + " floats into an array of " + dst.length);
        }
        copyToHost(s, 0, dst, s.size());
    }

    @Override
    public void copyToHost(Storage storage, int from, float[] dst, int count) {
        CudaStorage s = of(storage);
        Arguments.checkHostCopy(s.size(), from, dst.length, count);
        if (count > 0) {
            device.makeCurrent();
            cuMemcpyDtoH(Pointer.to(dst), s.at(from), (long) count * Float.BYTES);
        }
    }

    @Override
    public void copy(Storage src, int srcOffset, Storage dst, int dstOffset, int n) {
        CudaStorage from = of(src);
        CudaStorage to = of(dst);
        // System.arraycopy's checks, which the CPU backends rely on.
        if (n < 0 || srcOffset < 0 || dstOffset < 0 || srcOffset > from.size() - n || dstOffset > to.size() - n) {
            throw new IndexOutOfBoundsException("cannot copy " + n + " floats from index " + srcOffset + " of "
                    + from.size() + " to index " + dstOffset + " of " + to.size());
        }
        if (n == 0) {
            return;
        }
        device.makeCurrent();
        long bytes = (long) n * Float.BYTES;
        if (from == to && Math.abs(srcOffset - dstOffset) < n) {
            // Overlapping ranges of one storage: arraycopy's semantics through a temporary copy.
            CudaStorage temporary = memory.allocateUninitialized(n);
            cuMemcpyDtoD(temporary.pointer(), from.at(srcOffset), bytes);
            cuMemcpyDtoD(to.at(dstOffset), temporary.pointer(), bytes);
        } else {
            cuMemcpyDtoD(to.at(dstOffset), from.at(srcOffset), bytes);
        }
    }

    @Override
    public void fill(Storage storage, float value) {
        CudaStorage s = of(storage);
        if (s.size() > 0) {
            device.makeCurrent();
            cuMemsetD32(s.pointer(), Float.floatToRawIntBits(value), s.size());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Matrix multiplication

    /** A device copy of B, multiplied as stored: cuBLAS reads any of the three layouts in place. */
    private record Packed(CudaStorage values, int k, int n, MatmulForm form) implements PackedMatrix {
    }

    @Override
    public void matmul(Storage out, Storage a, Storage b, int m, int k, int n, MatmulForm form, boolean accumulate) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("matmul needs sizes ≥ 0, got M=" + m + " K=" + k + " N=" + n);
        }
        CudaStorage bv;
        if (b instanceof Packed packed) {
            packed.checkFits(k, n, form);
            bv = of(packed.values());
        } else {
            bv = of(b, (long) k * n, "B");
        }
        CudaStorage av = of(a, (long) m * k, "A");
        CudaStorage o = of(out, (long) m * n, "out");
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // An empty sum: out is 0, or unchanged when accumulating.
            if (!accumulate) {
                device.makeCurrent();
                cuMemsetD32(o.pointer(), 0, (long) m * n);
            }
            return;
        }
        device.makeCurrent();
        RowMajorGemm call = RowMajorGemm.of(form, m, k, n);
        blas.sgemm(call.transposeB(), call.transposeA(), n, m, k, 1f, bv, call.ldb(), av, call.lda(),
                accumulate ? 1f : 0f, o, call.ldc());
    }

    @Override
    public PackedMatrix pack(Storage b, int k, int n, MatmulForm form) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("cannot pack op(B)[" + k + ", " + n + "]");
        }
        CudaStorage source = of(b, (long) k * n, "B");
        CudaStorage copy = memory.allocateUninitialized(k * n);
        copy(source, 0, copy, 0, k * n);
        return new Packed(copy, k, n, form);
    }

    @Override
    public void packInto(PackedMatrix packed, Storage b) {
        if (!(packed instanceof Packed target) || target.values().owner() != memory) {
            throw new IllegalArgumentException("the cuda backend cannot pack into " + packed.getClass().getName());
        }
        int count = target.k() * target.n();
        copy(of(b, count, "B"), 0, target.values(), 0, count);
    }

    @Override
    public void addBias(Storage out, Storage bias, int rows, int n) {
        long total = (long) rows * n;
        CudaStorage o = of(out, total, "out");
        CudaStorage bv = of(bias, n, "bias");
        kernels.launch("add_bias", LaunchShape.elementwiseBlocks(total), LaunchShape.ELEMENTWISE_THREADS, o, bv, rows,
                n);
    }

    @Override
    public void biasBackward(Storage dbias, Storage dout, int rows, int n) {
        CudaStorage db = of(dbias, n, "dbias");
        CudaStorage d = of(dout, (long) rows * n, "dout");
        kernels.launch("bias_backward", LaunchShape.elementwiseBlocks(n), LaunchShape.ELEMENTWISE_THREADS, db, d, rows,
                n);
    }

    // ---------------------------------------------------------------------------------------------
    // Normalization and activation

    @Override
    public void layerNormForward(Storage out, Storage mean, Storage rstd, Storage x, Storage weight, Storage bias,
            int rows, int c, float eps) {
        long total = (long) rows * c;
        kernels.launch("layer_norm_forward", rows, LaunchShape.rowThreads(c), of(out, total, "out"),
                of(mean, rows, "mean"), of(rstd, rows, "rstd"), of(x, total, "x"), of(weight, c, "weight"),
                of(bias, c, "bias"), c, eps);
    }

    @Override
    public void layerNormBackward(Storage dx, Storage dweight, Storage dbias, Storage dout, Storage x, Storage weight,
            Storage mean, Storage rstd, int rows, int c) {
        long total = (long) rows * c;
        CudaStorage d = of(dout, total, "dout");
        CudaStorage xv = of(x, total, "x");
        CudaStorage mu = of(mean, rows, "mean");
        CudaStorage rs = of(rstd, rows, "rstd");
        kernels.launch("layer_norm_backward_dx", rows, LaunchShape.rowThreads(c), of(dx, total, "dx"), d, xv,
                of(weight, c, "weight"), mu, rs, c);
        kernels.launch("layer_norm_backward_params", LaunchShape.elementwiseBlocks(c), LaunchShape.ELEMENTWISE_THREADS,
                of(dweight, c, "dweight"), of(dbias, c, "dbias"), d, xv, mu, rs, rows, c);
    }

    @Override
    public void geluForward(Storage out, Storage x, int n) {
        elementwise("gelu_forward", n, of(out, n, "out"), of(x, n, "x"), n);
    }

    @Override
    public void geluBackward(Storage dx, Storage x, Storage dout, int n) {
        elementwise("gelu_backward", n, of(dx, n, "dx"), of(x, n, "x"), of(dout, n, "dout"), n);
    }

    @Override
    public void biasGeluForward(Storage out, Storage pre, Storage bias, int rows, int n) {
        long total = (long) rows * n;
        kernels.launch("bias_gelu_forward", LaunchShape.elementwiseBlocks(total), LaunchShape.ELEMENTWISE_THREADS,
                of(out, total, "out"), of(pre, total, "pre"), of(bias, n, "bias"), rows, n);
    }

    @Override
    public void rmsNormForward(Storage out, Storage rstd, Storage x, Storage weight, int rows, int c, float eps) {
        long total = (long) rows * c;
        kernels.launch("rms_norm_forward", rows, LaunchShape.rowThreads(c), of(out, total, "out"),
                of(rstd, rows, "rstd"), of(x, total, "x"), of(weight, c, "weight"), c, eps);
    }

    @Override
    public void rmsNormBackward(Storage dx, Storage dweight, Storage dout, Storage x, Storage weight, Storage rstd,
            int rows, int c) {
        long total = (long) rows * c;
        CudaStorage d = of(dout, total, "dout");
        CudaStorage xv = of(x, total, "x");
        CudaStorage rs = of(rstd, rows, "rstd");
        kernels.launch("rms_norm_backward_dx", rows, LaunchShape.rowThreads(c), of(dx, total, "dx"), d, xv,
                of(weight, c, "weight"), rs, c);
        kernels.launch("rms_norm_backward_weight", LaunchShape.elementwiseBlocks(c), LaunchShape.ELEMENTWISE_THREADS,
                of(dweight, c, "dweight"), d, xv, rs, rows, c);
    }

    @Override
    public void swigluForward(Storage out, Storage gate, Storage up, int n) {
        elementwise("swiglu_forward", n, of(out, n, "out"), of(gate, n, "gate"), of(up, n, "up"), n);
    }

    @Override
    public void swigluBackward(Storage dgate, Storage dup, Storage dout, Storage gate, Storage up, int n) {
        elementwise("swiglu_backward", n, of(dgate, n, "dgate"), of(dup, n, "dup"), of(dout, n, "dout"),
                of(gate, n, "gate"), of(up, n, "up"), n);
    }

    // ---------------------------------------------------------------------------------------------
    // Rotary position embedding

    @Override
    public void rotaryForward(Storage out, Storage x, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim) {
        rotary(out, x, cos, sin, positions, rows, heads, headDim, 1f, false);
    }

    @Override
    public void rotaryBackward(Storage dx, Storage dout, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim) {
        rotary(dx, dout, cos, sin, positions, rows, heads, headDim, -1f, true);
    }

    private void rotary(Storage out, Storage x, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim, float sign, boolean accumulate) {
        int half = HeadShapes.rotaryHalf(heads, headDim);
        long total = (long) rows * heads * headDim;
        CudaStorage o = of(out, total, "out");
        CudaStorage xv = of(x, total, "x");
        CudaStorage c = of(cos);
        CudaStorage s = of(sin, c.size(), "sin");
        Arguments.checkIndices(positions, rows, c.size() / half);
        CudaStorage p = memory.uploadInts(positions, rows);
        long pairs = (long) rows * heads * half;
        kernels.launch("rotary", LaunchShape.elementwiseBlocks(pairs), LaunchShape.ELEMENTWISE_THREADS, o, xv, c, s, p,
                rows, heads, headDim, sign, accumulate ? 1 : 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Attention

    @Override
    public void attentionForward(Storage out, Storage lse, Storage qkv, int batch, int t, int heads, int kvHeads,
            int headDim) {
        HeadShapes.groupSize(heads, kvHeads, headDim);
        int threads = attentionGrid(batch, heads, headDim);
        long tokens = (long) batch * t;
        kernels.launchGrid("attention_forward", t, heads, batch, threads, LaunchShape.sharedFloats(headDim + threads),
                of(out, tokens * heads * headDim, "out"), of(lse, tokens * heads, "lse"),
                of(qkv, tokens * (heads + 2L * kvHeads) * headDim, "qkv"), t, heads, kvHeads, headDim,
                scale(headDim));
    }

    @Override
    public void attentionBackward(Storage dqkv, Storage dout, Storage qkv, Storage out, Storage lse, int batch, int t,
            int heads, int kvHeads, int headDim) {
        HeadShapes.groupSize(heads, kvHeads, headDim);
        int threads = attentionGrid(batch, heads, headDim);
        long tokens = (long) batch * t;
        long width = (heads + 2L * kvHeads) * headDim;
        CudaStorage dq = of(dqkv, tokens * width, "dqkv");
        CudaStorage d = of(dout, tokens * heads * headDim, "dout");
        CudaStorage q = of(qkv, tokens * width, "qkv");
        CudaStorage o = of(out, tokens * heads * headDim, "out");
        CudaStorage l = of(lse, tokens * heads, "lse");
        float scale = scale(headDim);
        kernels.launchGrid("attention_backward_dq", t, heads, batch, threads,
                LaunchShape.sharedFloats(2 * headDim + threads), dq, d, q, o, l, t, heads, kvHeads, headDim, scale);
        kernels.launchGrid("attention_backward_dkv", t, kvHeads, batch, threads,
                LaunchShape.sharedFloats(2 * headDim + 2 * threads), dq, d, q, o, l, t, heads, kvHeads, headDim, scale);
    }

    @Override
    public void attentionCached(Storage out, Storage qkv, Storage kCache, Storage vCache, int[] pastLength, int batch,
            int tq, int heads, int kvHeads, int headDim, int maxT) {
        HeadShapes.groupSize(heads, kvHeads, headDim);
        int threads = attentionGrid(batch, heads, headDim);
        Arguments.checkPastLengths(pastLength, batch, tq, maxT);
        long tokens = (long) batch * tq;
        long cacheSize = (long) batch * maxT * kvHeads * headDim;
        CudaStorage o = of(out, tokens * heads * headDim, "out");
        CudaStorage q = of(qkv, tokens * (heads + 2L * kvHeads) * headDim, "qkv");
        CudaStorage k = of(kCache, cacheSize, "kCache");
        CudaStorage v = of(vCache, cacheSize, "vCache");
        CudaStorage past = memory.uploadInts(pastLength, batch);
        long cacheWrites = tokens * kvHeads * headDim;
        kernels.launch("attention_cache_write", LaunchShape.elementwiseBlocks(cacheWrites),
                LaunchShape.ELEMENTWISE_THREADS, k, v, q, past, batch, tq, heads, kvHeads, headDim, maxT);
        kernels.launchGrid("attention_cached", tq, heads, batch, threads, LaunchShape.sharedFloats(headDim + threads), o, q,
                k, v, past, tq, heads, kvHeads, headDim, maxT, scale(headDim));
    }

    /** The threads of an attention block, after checking that heads and batch rows fit the grid. */
    private static int attentionGrid(int batch, int heads, int headDim) {
        LaunchShape.checkGridExtent("head", heads);
        LaunchShape.checkGridExtent("batch row", batch);
        return LaunchShape.attentionThreads(headDim);
    }

    /** {@code 1/√headDim}, computed in double as the reference does. */
    private static float scale(int headDim) {
        return (float) (1.0 / Math.sqrt(headDim));
    }

    // ---------------------------------------------------------------------------------------------
    // Softmax family

    @Override
    public void softmax(Storage out, Storage x, int rows, int n) {
        rowKernel("softmax_forward", rows, n, of(out, (long) rows * n, "out"), of(x, (long) rows * n, "x"), n);
    }

    @Override
    public void softmaxBackward(Storage dx, Storage p, Storage dout, int rows, int n) {
        long total = (long) rows * n;
        rowKernel("softmax_backward", rows, n, of(dx, total, "dx"), of(p, total, "p"), of(dout, total, "dout"), n);
    }

    @Override
    public void logSoftmax(Storage out, Storage x, int rows, int n) {
        rowKernel("log_softmax_forward", rows, n, of(out, (long) rows * n, "out"), of(x, (long) rows * n, "x"), n);
    }

    @Override
    public void logSoftmaxBackward(Storage dx, Storage logp, Storage dout, int rows, int n) {
        long total = (long) rows * n;
        rowKernel("log_softmax_backward", rows, n, of(dx, total, "dx"), of(logp, total, "logp"),
                of(dout, total, "dout"), n);
    }

    @Override
    public void crossEntropyForward(Storage losses, Storage logits, int[] targets, int rows, int v) {
        CudaStorage l = of(losses, rows, "losses");
        CudaStorage x = of(logits, (long) rows * v, "logits");
        Arguments.checkTargets(targets, rows, v);
        rowKernel("cross_entropy_forward", rows, v, l, x, memory.uploadInts(targets, rows), v);
    }

    @Override
    public void crossEntropyBackward(Storage dlogits, Storage logits, int[] targets, Storage dlosses, int rows, int v) {
        CudaStorage dx = of(dlogits, (long) rows * v, "dlogits");
        CudaStorage x = of(logits, (long) rows * v, "logits");
        CudaStorage dl = of(dlosses, rows, "dlosses");
        Arguments.checkTargets(targets, rows, v);
        rowKernel("cross_entropy_backward", rows, v, dx, x, memory.uploadInts(targets, rows), dl, v);
    }

    // ---------------------------------------------------------------------------------------------
    // Embedding rows

    @Override
    public void gatherRows(Storage out, Storage table, int[] index, int n, int c) {
        long total = (long) n * c;
        CudaStorage o = of(out, total, "out");
        CudaStorage t = of(table);
        Arguments.checkIndices(index, n, c == 0 ? Integer.MAX_VALUE : t.size() / c);
        kernels.launch("gather_rows", LaunchShape.elementwiseBlocks(total), LaunchShape.ELEMENTWISE_THREADS, o, t,
                memory.uploadInts(index, n), n, c);
    }

    @Override
    public void scatterAddRows(Storage dtable, Storage dout, int[] index, int n, int c) {
        CudaStorage t = of(dtable);
        CudaStorage d = of(dout, (long) n * c, "dout");
        Arguments.checkIndices(index, n, c == 0 ? Integer.MAX_VALUE : t.size() / c);
        if (n == 0) {
            return;
        }
        kernels.launch("scatter_add_rows", LaunchShape.elementwiseBlocks(c), LaunchShape.ELEMENTWISE_THREADS, t, d,
                memory.uploadInts(index, n), n, c);
    }

    // ---------------------------------------------------------------------------------------------
    // Elementwise and reductions

    @Override
    public void add(Storage out, Storage a, Storage b, int n) {
        elementwise("add_kernel", n, of(out, n, "out"), of(a, n, "a"), of(b, n, "b"), n);
    }

    @Override
    public void mul(Storage out, Storage a, Storage b, int n) {
        elementwise("mul_kernel", n, of(out, n, "out"), of(a, n, "a"), of(b, n, "b"), n);
    }

    @Override
    public void axpy(Storage y, float alpha, Storage x, int n) {
        elementwise("axpy_kernel", n, of(y, n, "y"), alpha, of(x, n, "x"), n);
    }

    @Override
    public void scale(Storage x, float alpha, int n) {
        elementwise("scale_kernel", n, of(x, n, "x"), alpha, n);
    }

    @Override
    public void exp(Storage out, Storage x, int n) {
        elementwise("exp_kernel", n, of(out, n, "out"), of(x, n, "x"), n);
    }

    @Override
    public void rowSum(Storage out, Storage x, int rows, int n) {
        rowKernel("row_sum", rows, n, of(out, rows, "out"), of(x, (long) rows * n, "x"), n);
    }

    @Override
    public double sum(Storage x, int n) {
        return deviceSum(of(x, n, "x"), n, false);
    }

    @Override
    public double sumOfSquares(Storage x, int n) {
        return deviceSum(of(x, n, "x"), n, true);
    }

    /** {@code Σ x} or {@code Σ x²} in double on the device: per-block partial sums, then one block adds them. */
    private double deviceSum(CudaStorage x, int n, boolean squared) {
        if (n == 0) {
            return 0.0;
        }
        reduceInto(sumResult, 0, x, n, squared);
        double[] value = new double[1];
        cuMemcpyDtoH(Pointer.to(value), sumResult.pointer(), Double.BYTES);
        return value[0];
    }

    /**
     * {@code Σ x} (or {@code Σ x²}) over {@code n > 0} values into double slot {@code slot} of {@code out}:
     * per-block partial sums, then one block adds them in order.
     */
    private void reduceInto(CudaStorage out, int slot, CudaStorage x, int n, boolean squared) {
        int blocks = LaunchShape.sumBlocks(n);
        kernels.launch("sum_partials", blocks, LaunchShape.ELEMENTWISE_THREADS, sumPartials, x, n, squared ? 1 : 0);
        kernels.launch("sum_finish", 1, LaunchShape.MAX_SUM_BLOCKS, out, slot, sumPartials, blocks);
    }

    @Override
    public void sumInto(Storage out, Storage x, int n, double scale) {
        CudaStorage o = of(out, 1, "out");
        CudaStorage xv = of(x, n, "x");
        if (n == 0) {
            fill(out, 0f);
            return;
        }
        reduceInto(sumResult, 0, xv, n, false);
        kernels.launch("store_scaled_sum", 1, 32, o, sumResult, scale);
    }

    @Override
    public double sumOfSquares(Storage[] xs, int[] sizes) {
        if (xs.length != sizes.length) {
            throw new IllegalArgumentException(xs.length + " storages and " + sizes.length + " sizes");
        }
        if (xs.length == 0) {
            return 0.0;
        }
        // Each storage's sum into its own double slot, then the slots added in order: one read for all.
        CudaStorage sums = slotSums.atLeast(2 * xs.length);
        cuMemsetD32(sums.pointer(), 0, 2L * xs.length);
        for (int i = 0; i < xs.length; i++) {
            CudaStorage x = of(xs[i], sizes[i], "xs[" + i + "]");
            if (sizes[i] == 0) {
                continue;
            }
            reduceInto(sums, i, x, sizes[i], true);
        }
        kernels.launch("add_in_order", 1, 32, sumResult, sums, xs.length);
        double[] value = new double[1];
        cuMemcpyDtoH(Pointer.to(value), sumResult.pointer(), Double.BYTES);
        return value[0];
    }

    // ---------------------------------------------------------------------------------------------
    // Masks and per-row factors

    @Override
    public void mask(Storage out, Storage x, boolean[] keep, int n) {
        requireFlags(keep, n);
        elementwise("mask_values", n, of(out, n, "out"), of(x, n, "x"), memory.uploadInts(flags(keep, n), n), n);
    }

    @Override
    public void scaleRows(Storage out, Storage x, Storage factors, int rows, int n) {
        long total = (long) rows * n;
        elementwise("scale_rows", total, of(out, total, "out"), of(x, total, "x"), of(factors, rows, "factors"), n,
                total);
    }

    @Override
    public void k3(Storage values, Storage slopes, Storage logProbs, Storage referenceLogProbs, boolean[] counted,
            int n) {
        requireFlags(counted, n);
        elementwise("k3_terms", n, of(values, n, "values"), of(slopes, n, "slopes"), of(logProbs, n, "logProbs"),
                of(referenceLogProbs, n, "referenceLogProbs"), memory.uploadInts(flags(counted, n), n), n);
    }

    private static void requireFlags(boolean[] flags, int n) {
        if (n < 0 || flags.length < n) {
            throw new IllegalArgumentException(flags.length + " flags for " + n + " values");
        }
    }

    /** The flags as the ints the kernels read (the index buffer holds ints). */
    private static int[] flags(boolean[] flags, int n) {
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            ints[i] = flags[i] ? 1 : 0;
        }
        return ints;
    }

    // ---------------------------------------------------------------------------------------------
    // Choosing tokens: one block per row; the tokens and log-probabilities come back in one copy each

    @Override
    public void argmaxRows(int[] tokens, float[] logProbs, Storage logits, int rows, int v) {
        requireRowOutputs(tokens, logProbs, rows, v);
        CudaStorage results = rowResults.atLeast(2 * rows);
        rowKernel("argmax_rows", rows, v, results, results.offsetBy(rows), of(logits, (long) rows * v, "logits"), v);
        readRowResults(results, tokens, logProbs, rows);
    }

    @Override
    public void drawRows(int[] tokens, float[] logProbs, Storage probabilities, double[] uniforms, int rows, int v) {
        requireRowOutputs(tokens, logProbs, rows, v);
        if (uniforms.length < rows) {
            throw new IllegalArgumentException(uniforms.length + " uniforms for " + rows + " rows");
        }
        // Skipped rows keep what the caller's arrays held: the results start as a copy of them.
        CudaStorage results = rowResults.atLeast(2 * rows);
        CudaStorage draws = rowUniforms.atLeast(2 * rows);
        cuMemcpyHtoD(results.pointer(), Pointer.to(tokens), (long) rows * Integer.BYTES);
        cuMemcpyHtoD(results.at(rows), Pointer.to(logProbs), (long) rows * Float.BYTES);
        cuMemcpyHtoD(draws.pointer(), Pointer.to(uniforms), (long) rows * Double.BYTES);
        rowKernel("draw_rows", rows, v, results, results.offsetBy(rows),
                of(probabilities, (long) rows * v, "probabilities"), draws, v);
        readRowResults(results, tokens, logProbs, rows);
    }

    private static void requireRowOutputs(int[] tokens, float[] logProbs, int rows, int v) {
        if (rows < 0 || v < 1 || tokens.length < rows || logProbs.length < rows) {
            throw new IllegalArgumentException("token outputs of " + tokens.length + " and " + logProbs.length
                    + " for " + rows + " rows of " + v);
        }
    }

    /** {@code results[0 .. rows)} as ints into {@code tokens}, {@code results[rows .. 2·rows)} into {@code logProbs}. */
    private static void readRowResults(CudaStorage results, int[] tokens, float[] logProbs, int rows) {
        if (rows == 0) {
            return;
        }
        cuMemcpyDtoH(Pointer.to(tokens), results.pointer(), (long) rows * Integer.BYTES);
        cuMemcpyDtoH(Pointer.to(logProbs), results.at(rows), (long) rows * Float.BYTES);
    }

    // ---------------------------------------------------------------------------------------------
    // Optimizer

    @Override
    public void adamW(Storage param, Storage grad, Storage m, Storage v, int n, float lr, float beta1, float beta2,
            float eps, float weightDecay, int step) {
        // The step's scalars, computed in double and applied in float, as the reference does.
        float decay = (float) (1.0 - (double) lr * weightDecay);
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float correction2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        elementwise("adamw", n, of(param, n, "param"), of(grad, n, "grad"), of(m, n, "m"), of(v, n, "v"), n, decay,
                stepSize, correction2Sqrt, beta1, beta2, eps);
    }

    // ---------------------------------------------------------------------------------------------

    private void elementwise(String kernel, long n, Object... args) {
        kernels.launch(kernel, LaunchShape.elementwiseBlocks(n), LaunchShape.ELEMENTWISE_THREADS, args);
    }

    /** One block per row of {@code n} elements. */
    private void rowKernel(String kernel, int rows, int n, Object... args) {
        kernels.launch(kernel, rows, LaunchShape.rowThreads(n), args);
    }
}
