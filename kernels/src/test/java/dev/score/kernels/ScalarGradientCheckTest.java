package dev.score.kernels;

import static dev.score.kernels.CloseAssertions.assertClose;

import dev.score.kernels.Backend.MatmulForm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every backward operation of {@link ScalarBackend} against central finite differences of its own
 * forward operation, so that the specification is checked independently of the SIMD code.
 *
 * <p>Each check takes the scalar loss {@code L(x) = Σ dout ⊙ forward(x)} (summed in double) for
 * random {@code dout}, perturbs every float input by {@code ±H} and compares
 * {@code (L(x⁺) − L(x⁻)) / (x⁺ − x⁻)} with the gradient the backward op adds into a buffer
 * pre-filled with random values (which are subtracted again, so "+=" is checked as well).
 *
 * <p>Tolerance: {@code |analytic − numeric| ≤ 2e-4 + 2e-3·|numeric|}. The forward outputs are
 * floats, so each loss carries a rounding error of about 6e-8·Σ|dout·out| ≈ 1e-6 on these shapes,
 * which the step {@code H = 1e-2} turns into ≈ 1e-4 of derivative error at worst; the truncation
 * error of the central difference is {@code H²/6·L'''} ≈ 1e-5. A wrong term in a gradient is off by
 * far more than either.
 */
class ScalarGradientCheckTest {

    private static final double H = 1e-2;
    private static final double ATOL = 2e-4;
    private static final double RTOL = 2e-3;

    private final ScalarBackend backend = new ScalarBackend();
    private final RandomArrays random = new RandomArrays(20240601L);

    /** {@code Σ dout ⊙ forward(x)} in double. */
    private static double loss(Function<float[], float[]> forward, float[] x, float[] dout) {
        float[] out = forward.apply(x);
        double acc = 0.0;
        for (int i = 0; i < out.length; i++) {
            acc += (double) dout[i] * out[i];
        }
        return acc;
    }

    /** The central-difference gradient of {@link #loss} with respect to every element of {@code x}. */
    private static float[] numericGradient(Function<float[], float[]> forward, float[] x, float[] dout) {
        float[] gradient = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float original = x[i];
            float plus = (float) (original + H);
            float minus = (float) (original - H);
            x[i] = plus;
            double lossPlus = loss(forward, x, dout);
            x[i] = minus;
            double lossMinus = loss(forward, x, dout);
            x[i] = original;
            gradient[i] = (float) ((lossPlus - lossMinus) / ((double) plus - minus));
        }
        return gradient;
    }

    /** A gradient buffer pre-filled with random values, and the gradient that was added into it. */
    private final class GradientBuffer {
        final float[] initial;
        final Storage storage;

        GradientBuffer(int n) {
            initial = random.uniform(n, -1, 1);
            storage = backend.fromArray(initial);
        }

        float[] added() {
            float[] now = backend.toArray(storage);
            for (int i = 0; i < now.length; i++) {
                now[i] -= initial[i];
            }
            return now;
        }
    }

    private static DynamicTest check(String name, float[] x, Function<float[], float[]> forward, float[] dout,
            float[] analytic) {
        return DynamicTest.dynamicTest(name,
                () -> assertClose(numericGradient(forward, x, dout), analytic, ATOL, RTOL, name));
    }

    @TestFactory
    List<DynamicTest> matmul() {
        List<DynamicTest> tests = new ArrayList<>();
        int m = 3;
        int k = 4;
        int n = 5;
        float[] dout = random.uniform(m * n, -1, 1);
        Storage sdout = backend.fromArray(dout);
        for (MatmulForm form : MatmulForm.values()) {
            float[] a = random.uniform(m * k, -1, 1);
            float[] b = random.uniform(k * n, -1, 1);
            Function<float[], float[]> byA = av -> product(form, av, b, m, k, n);
            Function<float[], float[]> byB = bv -> product(form, a, bv, m, k, n);
            GradientBuffer da = new GradientBuffer(m * k);
            GradientBuffer db = new GradientBuffer(k * n);
            Storage sa = backend.fromArray(a);
            Storage sb = backend.fromArray(b);
            // The gradients of each form are matmuls in the other forms.
            switch (form) {
                case A_B -> { // out[M,N] = A[M,K]·B[K,N]: dA = dout·Bᵀ, dB = Aᵀ·dout
                    backend.matmul(da.storage, sdout, sb, m, n, k, MatmulForm.A_BT, true);
                    backend.matmul(db.storage, sa, sdout, k, m, n, MatmulForm.AT_B, true);
                }
                case A_BT -> { // out = A[M,K]·B[N,K]ᵀ: dA = dout·B, dB[N,K] = doutᵀ·A
                    backend.matmul(da.storage, sdout, sb, m, n, k, MatmulForm.A_B, true);
                    backend.matmul(db.storage, sdout, sa, n, m, k, MatmulForm.AT_B, true);
                }
                case AT_B -> { // out = A[K,M]ᵀ·B[K,N]: dA[K,M] = B·doutᵀ, dB = A·dout
                    backend.matmul(da.storage, sb, sdout, k, n, m, MatmulForm.A_BT, true);
                    backend.matmul(db.storage, sa, sdout, k, m, n, MatmulForm.A_B, true);
                }
            }
            tests.add(check("matmul " + form + " dA", a, byA, dout, da.added()));
            tests.add(check("matmul " + form + " dB", b, byB, dout, db.added()));
        }
        return tests;
    }

    private float[] product(MatmulForm form, float[] a, float[] b, int m, int k, int n) {
        Storage out = backend.allocate(m * n);
        backend.matmul(out, backend.fromArray(a), backend.fromArray(b), m, k, n, form, false);
        return backend.toArray(out);
    }

    @TestFactory
    List<DynamicTest> bias() {
        int rows = 4;
        int n = 6;
        float[] x = random.uniform(rows * n, -1, 1);
        float[] bias = random.uniform(n, -1, 1);
        float[] dout = random.uniform(rows * n, -1, 1);
        GradientBuffer dbias = new GradientBuffer(n);
        backend.biasBackward(dbias.storage, backend.fromArray(dout), rows, n);
        Function<float[], float[]> forward = bv -> {
            Storage out = backend.fromArray(x);
            backend.addBias(out, backend.fromArray(bv), rows, n);
            return backend.toArray(out);
        };
        return List.of(check("addBias dbias", bias, forward, dout, dbias.added()));
    }

    @TestFactory
    List<DynamicTest> layerNorm() {
        int rows = 3;
        int c = 7;
        float[] x = random.uniform(rows * c, -2, 2);
        float[] weight = random.uniform(c, 0.5, 1.5);
        float[] bias = random.uniform(c, -0.5, 0.5);
        float[] dout = random.uniform(rows * c, -1, 1);
        Storage mean = backend.allocate(rows);
        Storage rstd = backend.allocate(rows);
        backend.layerNormForward(backend.allocate(rows * c), mean, rstd, backend.fromArray(x), backend.fromArray(weight),
                backend.fromArray(bias), rows, c, 1e-5f);
        GradientBuffer dx = new GradientBuffer(rows * c);
        GradientBuffer dweight = new GradientBuffer(c);
        GradientBuffer dbias = new GradientBuffer(c);
        backend.layerNormBackward(dx.storage, dweight.storage, dbias.storage, backend.fromArray(dout),
                backend.fromArray(x), backend.fromArray(weight), mean, rstd, rows, c);
        return List.of(
                check("layerNorm dx", x, xv -> layerNorm(xv, weight, bias, rows, c), dout, dx.added()),
                check("layerNorm dweight", weight, wv -> layerNorm(x, wv, bias, rows, c), dout, dweight.added()),
                check("layerNorm dbias", bias, bv -> layerNorm(x, weight, bv, rows, c), dout, dbias.added()));
    }

    private float[] layerNorm(float[] x, float[] weight, float[] bias, int rows, int c) {
        Storage out = backend.allocate(rows * c);
        backend.layerNormForward(out, backend.allocate(rows), backend.allocate(rows), backend.fromArray(x),
                backend.fromArray(weight), backend.fromArray(bias), rows, c, 1e-5f);
        return backend.toArray(out);
    }

    @TestFactory
    List<DynamicTest> gelu() {
        int n = 40;
        float[] x = random.uniform(n, -4, 4);
        float[] dout = random.uniform(n, -1, 1);
        GradientBuffer dx = new GradientBuffer(n);
        backend.geluBackward(dx.storage, backend.fromArray(x), backend.fromArray(dout), n);
        Function<float[], float[]> forward = xv -> {
            Storage out = backend.allocate(n);
            backend.geluForward(out, backend.fromArray(xv), n);
            return backend.toArray(out);
        };
        return List.of(check("gelu dx", x, forward, dout, dx.added()));
    }

    @TestFactory
    List<DynamicTest> softmaxFamily() {
        int rows = 3;
        int n = 9;
        float[] x = random.uniform(rows * n, -3, 3);
        float[] dout = random.uniform(rows * n, -1, 1);
        Function<float[], float[]> softmax = xv -> {
            Storage out = backend.allocate(rows * n);
            backend.softmax(out, backend.fromArray(xv), rows, n);
            return backend.toArray(out);
        };
        Function<float[], float[]> logSoftmax = xv -> {
            Storage out = backend.allocate(rows * n);
            backend.logSoftmax(out, backend.fromArray(xv), rows, n);
            return backend.toArray(out);
        };
        GradientBuffer dxSoftmax = new GradientBuffer(rows * n);
        backend.softmaxBackward(dxSoftmax.storage, backend.fromArray(softmax.apply(x)), backend.fromArray(dout), rows, n);
        GradientBuffer dxLogSoftmax = new GradientBuffer(rows * n);
        backend.logSoftmaxBackward(dxLogSoftmax.storage, backend.fromArray(logSoftmax.apply(x)), backend.fromArray(dout),
                rows, n);
        return List.of(
                check("softmax dx", x, softmax, dout, dxSoftmax.added()),
                check("logSoftmax dx", x, logSoftmax, dout, dxLogSoftmax.added()));
    }

    @TestFactory
    List<DynamicTest> crossEntropy() {
        int rows = 4;
        int v = 11;
        float[] logits = random.uniform(rows * v, -3, 3);
        int[] targets = {3, -1, 0, 10};
        float[] dlosses = random.uniform(rows, 0.5, 1.5);
        GradientBuffer dlogits = new GradientBuffer(rows * v);
        backend.crossEntropyBackward(dlogits.storage, backend.fromArray(logits), targets, backend.fromArray(dlosses), rows, v);
        Function<float[], float[]> forward = lv -> {
            Storage losses = backend.allocate(rows);
            backend.crossEntropyForward(losses, backend.fromArray(lv), targets, rows, v);
            return backend.toArray(losses);
        };
        return List.of(check("crossEntropy dlogits", logits, forward, dlosses, dlogits.added()));
    }

    @TestFactory
    List<DynamicTest> rmsNorm() {
        int rows = 3;
        int c = 7;
        float[] x = random.uniform(rows * c, -2, 2);
        float[] weight = random.uniform(c, 0.5, 1.5);
        float[] dout = random.uniform(rows * c, -1, 1);
        Storage rstd = backend.allocate(rows);
        backend.rmsNormForward(backend.allocate(rows * c), rstd, backend.fromArray(x), backend.fromArray(weight), rows, c,
                1e-5f);
        GradientBuffer dx = new GradientBuffer(rows * c);
        GradientBuffer dweight = new GradientBuffer(c);
        backend.rmsNormBackward(dx.storage, dweight.storage, backend.fromArray(dout), backend.fromArray(x),
                backend.fromArray(weight), rstd, rows, c);
        return List.of(
                check("rmsNorm dx", x, xv -> rmsNorm(xv, weight, rows, c), dout, dx.added()),
                check("rmsNorm dweight", weight, wv -> rmsNorm(x, wv, rows, c), dout, dweight.added()));
    }

    private float[] rmsNorm(float[] x, float[] weight, int rows, int c) {
        Storage out = backend.allocate(rows * c);
        backend.rmsNormForward(out, backend.allocate(rows), backend.fromArray(x), backend.fromArray(weight), rows, c,
                1e-5f);
        return backend.toArray(out);
    }

    @TestFactory
    List<DynamicTest> swiglu() {
        int n = 40;
        float[] gate = random.uniform(n, -5, 5);
        float[] up = random.uniform(n, -2, 2);
        float[] dout = random.uniform(n, -1, 1);
        GradientBuffer dgate = new GradientBuffer(n);
        GradientBuffer dup = new GradientBuffer(n);
        backend.swigluBackward(dgate.storage, dup.storage, backend.fromArray(dout), backend.fromArray(gate),
                backend.fromArray(up), n);
        return List.of(
                check("swiglu dgate", gate, gv -> swiglu(gv, up, n), dout, dgate.added()),
                check("swiglu dup", up, uv -> swiglu(gate, uv, n), dout, dup.added()));
    }

    private float[] swiglu(float[] gate, float[] up, int n) {
        Storage out = backend.allocate(n);
        backend.swigluForward(out, backend.fromArray(gate), backend.fromArray(up), n);
        return backend.toArray(out);
    }

    @TestFactory
    List<DynamicTest> rotary() {
        int rows = 3;
        int heads = 2;
        int headDim = 6;
        int positions = 4;
        float[] angles = random.uniform(positions * headDim / 2, -Math.PI, Math.PI);
        float[] cos = new float[angles.length];
        float[] sin = new float[angles.length];
        for (int i = 0; i < angles.length; i++) {
            cos[i] = (float) Math.cos(angles[i]);
            sin[i] = (float) Math.sin(angles[i]);
        }
        int[] position = {2, 0, 3};
        float[] x = random.uniform(rows * heads * headDim, -1, 1);
        float[] dout = random.uniform(x.length, -1, 1);
        GradientBuffer dx = new GradientBuffer(x.length);
        backend.rotaryBackward(dx.storage, backend.fromArray(dout), backend.fromArray(cos), backend.fromArray(sin),
                position, rows, heads, headDim);
        Function<float[], float[]> forward = xv -> {
            Storage out = backend.allocate(xv.length);
            backend.rotaryForward(out, backend.fromArray(xv), backend.fromArray(cos), backend.fromArray(sin), position,
                    rows, heads, headDim);
            return backend.toArray(out);
        };
        return List.of(check("rotary dx", x, forward, dout, dx.added()));
    }

    @TestFactory
    List<DynamicTest> attention() {
        List<DynamicTest> tests = new ArrayList<>();
        // batch, T, heads, kvHeads, headDim: GPT-2's layout, then query heads in groups of 2 and 3.
        int[][] shapes = {{2, 5, 2, 2, 3}, {1, 4, 1, 1, 8}, {1, 3, 3, 3, 3}, {2, 4, 4, 2, 3}, {1, 5, 3, 1, 2}};
        for (int[] shape : shapes) {
            int batch = shape[0];
            int t = shape[1];
            int heads = shape[2];
            int kvHeads = shape[3];
            int hd = shape[4];
            int c = heads * hd;
            float[] qkv = random.uniform(batch * t * (heads + 2 * kvHeads) * hd, -1.5, 1.5);
            float[] dout = random.uniform(batch * t * c, -1, 1);
            Storage out = backend.allocate(batch * t * c);
            Storage lse = backend.allocate(batch * heads * t);
            backend.attentionForward(out, lse, backend.fromArray(qkv), batch, t, heads, kvHeads, hd);
            GradientBuffer dqkv = new GradientBuffer(qkv.length);
            backend.attentionBackward(dqkv.storage, backend.fromArray(dout), backend.fromArray(qkv), out, lse,
                    batch, t, heads, kvHeads, hd);
            Function<float[], float[]> forward = qv -> {
                Storage o = backend.allocate(batch * t * c);
                backend.attentionForward(o, backend.allocate(batch * heads * t), backend.fromArray(qv), batch, t, heads,
                        kvHeads, hd);
                return backend.toArray(o);
            };
            String name = String.format("attention dqkv B=%d T=%d heads=%d kvHeads=%d hd=%d", batch, t, heads, kvHeads,
                    hd);
            tests.add(check(name, qkv, forward, dout, dqkv.added()));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> embeddingRows() {
        int rows = 5;
        int c = 3;
        int n = 7;
        float[] table = random.uniform(rows * c, -1, 1);
        int[] index = {4, 0, 4, 2, 4, 1, 0}; // repeated rows must accumulate
        float[] dout = random.uniform(n * c, -1, 1);
        GradientBuffer dtable = new GradientBuffer(rows * c);
        backend.scatterAddRows(dtable.storage, backend.fromArray(dout), index, n, c);
        Function<float[], float[]> forward = tv -> {
            Storage out = backend.allocate(n * c);
            backend.gatherRows(out, backend.fromArray(tv), index, n, c);
            return backend.toArray(out);
        };
        return List.of(check("gatherRows dtable", table, forward, dout, dtable.added()));
    }
}
