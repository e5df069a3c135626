package dev.score.kernels;

import static dev.score.kernels.CloseAssertions.assertClose;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.score.kernels.Backend.MatmulForm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link Backend} operation on every backend that can run here ({@link Backends#available}: the
 * vector backend, and CUDA where a device answers) against {@link ScalarBackend}, with seeded
 * random inputs at awkward sizes (1, 7, 63, 65, ~1000 and sizes past the kernels' block and vector
 * widths), gradient outputs pre-filled with random values so that "+=" is checked, and two vector
 * configurations: the default one, and one that splits every loop, however small, over 3 threads,
 * so that chunk boundaries land everywhere.
 *
 * <p>Tolerances, as {@code |vector − scalar| ≤ atol + rtol·|scalar|}:
 * <ul>
 *   <li>{@link #EXACT} (0): operations that do the same float arithmetic in the same order on both
 *       sides (copies, add, mul, axpy, scale, bias, embedding rows, AdamW);
 *   <li>{@link #SHORT} (1e-6 + 1e-5·|ref|): exp, tanh and other short computations (GELU, SwiGLU,
 *       the two products and a sum of a rotary pair), where the scalar side works in double and the
 *       vector side in float with a vectorized exp/tanh of a few ulps;
 *   <li>{@link #LONG} (1e-5 + 1e-4·|ref|): float reductions over up to ~1000 terms (matmul, layer
 *       and RMS norm, softmax rows, attention) in a different order than the double reference. Inputs are
 *       scaled so that outputs are O(1), as in a network; the accumulated error is then about
 *       {@code 6e-8·√K·Σ|terms|} ≈ 1e-6, so the bound has a 10× margin yet catches any wrong term;
 *   <li>{@link #SUMS} (1e-9 + 1e-12·|ref|): {@code sum} and {@code sumOfSquares}, double on both sides.
 * </ul>
 * The CUDA backend is held to the same bounds: its kernels are compiled without fused multiply-adds and
 * with IEEE division and square root, do the reference's float operations in its order where the
 * reference works in float (the EXACT cases, AdamW included; scatterAddRows walks its rows in order
 * rather than adding atomically), and reduce in double where it reduces in double.
 *
 * <p>The system property {@code conformance.backends} (comma-separated names) narrows the run to those
 * backends: the CUDA module sets it to {@code cuda}, so that its build runs this suite on CUDA alone. A
 * named backend that cannot run here turns each of its cases into a skipped one that gives the reason.
 */
class ConformanceTest {

    private record Tolerance(double atol, double rtol) {
    }

    private static final Tolerance EXACT = new Tolerance(0, 0);
    private static final Tolerance SHORT = new Tolerance(1e-6, 1e-5);
    private static final Tolerance LONG = new Tolerance(1e-5, 1e-4);
    private static final Tolerance SUMS = new Tolerance(1e-9, 1e-12);

    private static final int[] AWKWARD = {1, 7, 63, 65, 130};

    private static final ScalarBackend SCALAR = new ScalarBackend();

    /**
     * A backend under test and its name in the test report; {@code unavailable} says why a backend that was
     * asked for by name cannot run here (then {@code backend} is null and its cases are skipped).
     */
    private record Variant(String name, Backend backend, String unavailable) {
    }

    private static final List<Variant> VARIANTS = variants();

    /**
     * Every backend that can run here ({@link Backends#available}), or those {@code conformance.backends}
     * names, but the reference itself: the vector backend in two configurations, any other (CUDA, where a
     * device answers) as {@link Backends} opens it.
     */
    private static List<Variant> variants() {
        String named = System.getProperty("conformance.backends");
        List<String> names = named == null || named.isBlank() ? Backends.available() : List.of(named.split(","));
        List<Variant> variants = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "scalar" -> { }
                case "vector" -> {
                    variants.add(new Variant("vector 2 threads", new VectorBackend(2), null));
                    variants.add(new Variant("vector 3 threads, every loop split", new VectorBackend(3, 1), null));
                }
                default -> {
                    try {
                        variants.add(new Variant(name, Backends.create(name, 2), null));
                    } catch (BackendUnavailableException e) {
                        System.out.println("ConformanceTest skips " + name + ": " + e.getMessage());
                        variants.add(new Variant(name, null, e.getMessage()));
                    }
                }
            }
        }
        return List.copyOf(variants);
    }

    @AfterAll
    static void closeBackends() {
        VARIANTS.stream().filter(variant -> variant.backend() != null).forEach(variant -> variant.backend().close());
    }

    /** Runs an operation on a backend and returns its outputs by name. */
    @FunctionalInterface
    private interface Operation {
        void run(Backend backend, Map<String, float[]> outputs);
    }

    private final RandomArrays random = new RandomArrays(42);

    /** One named case per vector variant: the operation on both backends, every output compared. */
    private static void compare(List<DynamicTest> tests, String name, Tolerance tolerance, Operation operation) {
        for (Variant variant : VARIANTS) {
            tests.add(DynamicTest.dynamicTest(variant.name() + ": " + name, () -> {
                assumeTrue(variant.unavailable() == null, variant.unavailable());
                Map<String, float[]> expected = new LinkedHashMap<>();
                Map<String, float[]> actual = new LinkedHashMap<>();
                operation.run(SCALAR, expected);
                operation.run(variant.backend(), actual);
                for (Map.Entry<String, float[]> entry : expected.entrySet()) {
                    assertClose(entry.getValue(), actual.get(entry.getKey()), tolerance.atol(), tolerance.rtol(),
                            name + ", " + entry.getKey());
                }
            }));
        }
    }

    private static void compareScalar(List<DynamicTest> tests, String name, Tolerance tolerance,
            ToDoubleFunction<Backend> operation) {
        for (Variant variant : VARIANTS) {
            tests.add(DynamicTest.dynamicTest(variant.name() + ": " + name, () -> {
                assumeTrue(variant.unavailable() == null, variant.unavailable());
                assertClose(operation.applyAsDouble(SCALAR), operation.applyAsDouble(variant.backend()),
                        tolerance.atol(), tolerance.rtol(), name);
            }));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Memory

    @TestFactory
    List<DynamicTest> memory() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : new int[] {1, 7, 1000}) {
            float[] values = random.uniform(n, -1, 1);
            float[] target = random.uniform(n + 5, -1, 1);
            compare(tests, "allocate, fromArray, toArray, copy, fill n=" + n, EXACT, (backend, out) -> {
                out.put("allocate", backend.toArray(backend.allocate(n)));
                Storage src = backend.fromArray(values);
                out.put("fromArray", backend.toArray(src));
                Storage dst = backend.fromArray(target);
                backend.copy(src, n / 2, dst, 3, n - n / 2);
                out.put("copy", backend.toArray(dst));
                backend.fill(dst, 0.25f);
                out.put("fill", backend.toArray(dst));
            });
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Matrix multiplication

    private void matmulCase(List<DynamicTest> tests, MatmulForm form, int m, int k, int n) {
        // A ~ U(-1, 1) and B ~ U(-1, 1)·√(3/K): outputs of unit scale, as in a network.
        float[] a = random.uniform(m * k, -1, 1);
        double bound = Math.sqrt(3.0 / k);
        float[] b = random.uniform(k * n, -bound, bound);
        float[] initial = random.uniform(m * n, -1, 1);
        compare(tests, String.format("matmul %s M=%d K=%d N=%d", form, m, k, n), LONG, (backend, out) -> {
            Storage sa = backend.fromArray(a);
            Storage sb = backend.fromArray(b);
            // B as stored, then B packed beforehand; each overwriting and accumulating.
            for (Storage operand : List.of(sb, backend.pack(sb, k, n, form))) {
                String which = operand == sb ? "" : ", B packed";
                for (boolean accumulate : new boolean[] {false, true}) {
                    Storage result = backend.fromArray(initial);
                    backend.matmul(result, sa, operand, m, k, n, form, accumulate);
                    out.put((accumulate ? "out accumulated" : "out") + which, backend.toArray(result));
                }
            }
        });
    }

    @TestFactory
    List<DynamicTest> matmul() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MatmulForm form : MatmulForm.values()) {
            for (int m : AWKWARD) {
                for (int k : AWKWARD) {
                    for (int n : AWKWARD) {
                        matmulCase(tests, form, m, k, n);
                    }
                }
            }
            // Several KC blocks of the inner dimension, rows on each of the three paths (A read in
            // place, A packed for the team, packed panels split by rows), and a wide output that
            // spans more than one NC block of columns.
            matmulCase(tests, form, 256, 2100, 96);
            matmulCase(tests, form, 600, 300, 70);
            matmulCase(tests, form, 70, 300, 1100);
            matmulCase(tests, form, 3, 777, 1100);
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> bias() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int rows : new int[] {1, 7, 65}) {
            for (int n : new int[] {1, 7, 63, 65, 1000}) {
                // Entries of scale 1/√rows keep the column sums of biasBackward O(1).
                double bound = Math.sqrt(3.0 / rows);
                float[] x = random.uniform(rows * n, -bound, bound);
                float[] bias = random.uniform(n, -1, 1);
                float[] dbias = random.uniform(n, -1, 1);
                compare(tests, "addBias rows=" + rows + " n=" + n, EXACT, (backend, out) -> {
                    Storage s = backend.fromArray(x);
                    backend.addBias(s, backend.fromArray(bias), rows, n);
                    out.put("out", backend.toArray(s));
                });
                compare(tests, "biasBackward rows=" + rows + " n=" + n, LONG, (backend, out) -> {
                    Storage s = backend.fromArray(dbias);
                    backend.biasBackward(s, backend.fromArray(x), rows, n);
                    out.put("dbias", backend.toArray(s));
                });
            }
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Normalization and activation

    @TestFactory
    List<DynamicTest> layerNorm() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int rows : new int[] {1, 7, 65}) {
            for (int c : new int[] {1, 7, 63, 65, 768, 1000}) {
                float[] x = random.normal(rows * c, 0.5, 2);
                float[] weight = random.uniform(c, 0.5, 1.5);
                float[] bias = random.uniform(c, -0.5, 0.5);
                float[] dout = random.uniform(rows * c, -1, 1);
                float[] dx = random.uniform(rows * c, -1, 1);
                float[] dweight = random.uniform(c, -1, 1);
                float[] dbias = random.uniform(c, -1, 1);
                String size = " rows=" + rows + " c=" + c;
                compare(tests, "layerNormForward" + size, LONG, (backend, out) -> {
                    Storage o = backend.allocate(rows * c);
                    Storage mean = backend.allocate(rows);
                    Storage rstd = backend.allocate(rows);
                    backend.layerNormForward(o, mean, rstd, backend.fromArray(x), backend.fromArray(weight),
                            backend.fromArray(bias), rows, c, 1e-5f);
                    out.put("out", backend.toArray(o));
                    out.put("mean", backend.toArray(mean));
                    out.put("rstd", backend.toArray(rstd));
                });
                // Both backends get the reference's saved statistics, so that the backward pass is compared alone.
                Storage mean = SCALAR.allocate(rows);
                Storage rstd = SCALAR.allocate(rows);
                SCALAR.layerNormForward(SCALAR.allocate(rows * c), mean, rstd, SCALAR.fromArray(x),
                        SCALAR.fromArray(weight), SCALAR.fromArray(bias), rows, c, 1e-5f);
                float[] means = SCALAR.toArray(mean);
                float[] rstds = SCALAR.toArray(rstd);
                compare(tests, "layerNormBackward" + size, LONG, (backend, out) -> {
                    Storage sdx = backend.fromArray(dx);
                    Storage sdw = backend.fromArray(dweight);
                    Storage sdb = backend.fromArray(dbias);
                    backend.layerNormBackward(sdx, sdw, sdb, backend.fromArray(dout), backend.fromArray(x),
                            backend.fromArray(weight), backend.fromArray(means), backend.fromArray(rstds), rows, c);
                    out.put("dx", backend.toArray(sdx));
                    out.put("dweight", backend.toArray(sdw));
                    out.put("dbias", backend.toArray(sdb));
                });
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> rmsNorm() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int rows : new int[] {1, 7, 65}) {
            for (int c : new int[] {1, 7, 63, 65, 768, 1000}) {
                float[] x = random.normal(rows * c, 0.5, 2);
                float[] weight = random.uniform(c, 0.5, 1.5);
                float[] dout = random.uniform(rows * c, -1, 1);
                float[] dx = random.uniform(rows * c, -1, 1);
                float[] dweight = random.uniform(c, -1, 1);
                String size = " rows=" + rows + " c=" + c;
                compare(tests, "rmsNormForward" + size, LONG, (backend, out) -> {
                    Storage o = backend.allocate(rows * c);
                    Storage rstd = backend.allocate(rows);
                    backend.rmsNormForward(o, rstd, backend.fromArray(x), backend.fromArray(weight), rows, c, 1e-6f);
                    out.put("out", backend.toArray(o));
                    out.put("rstd", backend.toArray(rstd));
                });
                // Both backends get the reference's rstd, so that the backward pass is compared alone.
                Storage rstd = SCALAR.allocate(rows);
                SCALAR.rmsNormForward(SCALAR.allocate(rows * c), rstd, SCALAR.fromArray(x), SCALAR.fromArray(weight),
                        rows, c, 1e-6f);
                float[] rstds = SCALAR.toArray(rstd);
                compare(tests, "rmsNormBackward" + size, LONG, (backend, out) -> {
                    Storage sdx = backend.fromArray(dx);
                    Storage sdw = backend.fromArray(dweight);
                    backend.rmsNormBackward(sdx, sdw, backend.fromArray(dout), backend.fromArray(x),
                            backend.fromArray(weight), backend.fromArray(rstds), rows, c);
                    out.put("dx", backend.toArray(sdx));
                    out.put("dweight", backend.toArray(sdw));
                });
            }
        }
        return tests;
    }

    private static final int[] ELEMENT_COUNTS = {1, 7, 63, 65, 1000, 300_001};

    @TestFactory
    List<DynamicTest> gelu() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : ELEMENT_COUNTS) {
            float[] x = random.uniform(n, -6, 6);
            float[] dout = random.uniform(n, -1, 1);
            float[] dx = random.uniform(n, -1, 1);
            compare(tests, "geluForward n=" + n, SHORT, (backend, out) -> {
                Storage o = backend.allocate(n);
                backend.geluForward(o, backend.fromArray(x), n);
                out.put("out", backend.toArray(o));
            });
            compare(tests, "geluBackward n=" + n, SHORT, (backend, out) -> {
                Storage s = backend.fromArray(dx);
                backend.geluBackward(s, backend.fromArray(x), backend.fromArray(dout), n);
                out.put("dx", backend.toArray(s));
            });
        }
        // Row widths under one vector, with a tail, and GPT-2's MLP width.
        for (int[] shape : new int[][] {{3, 7}, {5, 100}, {64, 3072}}) {
            int rows = shape[0];
            int n = shape[1];
            float[] pre = random.uniform(rows * n, -6, 6);
            float[] bias = random.uniform(n, -1, 1);
            compare(tests, "biasGeluForward " + rows + "x" + n, SHORT, (backend, out) -> {
                Storage o = backend.allocate(rows * n);
                Storage p = backend.fromArray(pre);
                backend.biasGeluForward(o, p, backend.fromArray(bias), rows, n);
                out.put("out", backend.toArray(o));
                out.put("pre", backend.toArray(p));
            });
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> swiglu() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : ELEMENT_COUNTS) {
            // Gates far enough out that the sigmoid saturates on both sides.
            float[] gate = random.uniform(n, -10, 10);
            float[] up = random.uniform(n, -2, 2);
            float[] dout = random.uniform(n, -1, 1);
            float[] dgate = random.uniform(n, -1, 1);
            float[] dup = random.uniform(n, -1, 1);
            compare(tests, "swigluForward n=" + n, SHORT, (backend, out) -> {
                Storage o = backend.allocate(n);
                backend.swigluForward(o, backend.fromArray(gate), backend.fromArray(up), n);
                out.put("out", backend.toArray(o));
            });
            compare(tests, "swigluBackward n=" + n, SHORT, (backend, out) -> {
                Storage sdg = backend.fromArray(dgate);
                Storage sdu = backend.fromArray(dup);
                backend.swigluBackward(sdg, sdu, backend.fromArray(dout), backend.fromArray(gate), backend.fromArray(up),
                        n);
                out.put("dgate", backend.toArray(sdg));
                out.put("dup", backend.toArray(sdu));
            });
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Rotary position embedding

    @TestFactory
    List<DynamicTest> rotary() {
        List<DynamicTest> tests = new ArrayList<>();
        int positions = 50;
        // (heads, headDim): halves of 1, 3, 8, 9, 32 and 65 lanes, under, at and past a vector.
        int[][] headShapes = {{1, 2}, {3, 6}, {2, 16}, {4, 18}, {2, 64}, {1, 130}};
        for (int rows : new int[] {1, 7, 65}) {
            for (int[] shape : headShapes) {
                int heads = shape[0];
                int headDim = shape[1];
                int half = headDim / 2;
                float[] angles = random.uniform(positions * half, -Math.PI, Math.PI);
                float[] cos = new float[angles.length];
                float[] sin = new float[angles.length];
                for (int i = 0; i < angles.length; i++) {
                    cos[i] = (float) Math.cos(angles[i]);
                    sin[i] = (float) Math.sin(angles[i]);
                }
                int[] position = random.indices(rows, positions);
                int width = heads * headDim;
                float[] x = random.uniform(rows * width, -2, 2);
                float[] dout = random.uniform(rows * width, -1, 1);
                float[] dx = random.uniform(rows * width, -1, 1);
                String size = String.format(" rows=%d heads=%d headDim=%d", rows, heads, headDim);
                compare(tests, "rotaryForward" + size, SHORT, (backend, out) -> {
                    Storage o = backend.allocate(rows * width);
                    backend.rotaryForward(o, backend.fromArray(x), backend.fromArray(cos), backend.fromArray(sin),
                            position, rows, heads, headDim);
                    out.put("out", backend.toArray(o));
                });
                compare(tests, "rotaryBackward" + size, SHORT, (backend, out) -> {
                    Storage s = backend.fromArray(dx);
                    backend.rotaryBackward(s, backend.fromArray(dout), backend.fromArray(cos), backend.fromArray(sin),
                            position, rows, heads, headDim);
                    out.put("dx", backend.toArray(s));
                });
            }
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Attention

    @TestFactory
    List<DynamicTest> attention() {
        List<DynamicTest> tests = new ArrayList<>();
        // (heads, kvHeads, headDim). GPT-2's layout (kvHeads = heads) with head sizes 8 (under one vector),
        // 20 (a vector and a tail), 16, 32 (one pair of vectors), its own 64, and 80 (padded to three
        // pairs of vectors); then query heads in groups of 3, 3, 4 and 4 sharing key/value heads of 5, 8,
        // 12 and 16 lanes.
        int[][] headShapes = {{1, 1, 8}, {2, 2, 20}, {3, 3, 16}, {2, 2, 32}, {2, 2, 64}, {2, 2, 80},
                {6, 2, 5}, {9, 3, 8}, {4, 1, 12}, {8, 2, 16}};
        for (int t : new int[] {1, 7, 65, 130}) {
            for (int[] shape : headShapes) {
                int batch = t == 130 ? 1 : 2;
                attentionCase(tests, batch, t, shape[0], shape[1], shape[2]);
            }
        }
        return tests;
    }

    private void attentionCase(List<DynamicTest> tests, int batch, int t, int heads, int kvHeads, int hd) {
        // qkv is (B, T, (heads + 2·kvHeads)·hd), out and dout (B, T, heads·hd).
        int width = (heads + 2 * kvHeads) * hd;
        int c = heads * hd;
        float[] qkv = random.uniform(batch * t * width, -1, 1);
        float[] dout = random.uniform(batch * t * c, -1, 1);
        float[] dqkv = random.uniform(batch * t * width, -1, 1);
        String size = String.format(" B=%d T=%d heads=%d kvHeads=%d hd=%d", batch, t, heads, kvHeads, hd);
        compare(tests, "attentionForward" + size, LONG, (backend, out) -> {
            Storage o = backend.allocate(batch * t * c);
            Storage lse = backend.allocate(batch * heads * t);
            backend.attentionForward(o, lse, backend.fromArray(qkv), batch, t, heads, kvHeads, hd);
            out.put("out", backend.toArray(o));
            out.put("lse", backend.toArray(lse));
        });
        // Both backends get the reference's forward outputs, so that the backward pass is compared alone.
        Storage refOut = SCALAR.allocate(batch * t * c);
        Storage refLse = SCALAR.allocate(batch * heads * t);
        SCALAR.attentionForward(refOut, refLse, SCALAR.fromArray(qkv), batch, t, heads, kvHeads, hd);
        float[] forwardOut = SCALAR.toArray(refOut);
        float[] lse = SCALAR.toArray(refLse);
        compare(tests, "attentionBackward" + size, LONG, (backend, out) -> {
            Storage s = backend.fromArray(dqkv);
            backend.attentionBackward(s, backend.fromArray(dout), backend.fromArray(qkv), backend.fromArray(forwardOut),
                    backend.fromArray(lse), batch, t, heads, kvHeads, hd);
            out.put("dqkv", backend.toArray(s));
        });
    }

    @TestFactory
    List<DynamicTest> attentionCached() {
        List<DynamicTest> tests = new ArrayList<>();
        int maxT = 150;
        // (heads, kvHeads, headDim): GPT-2's layout, then grouped query heads.
        for (int[] shape : new int[][] {{1, 1, 8}, {2, 2, 20}, {2, 2, 64}, {6, 2, 5}, {9, 3, 8}, {4, 1, 12}}) {
            int heads = shape[0];
            int kvHeads = shape[1];
            int hd = shape[2];
            int width = (heads + 2 * kvHeads) * hd;
            int c = heads * hd;
            int kvWidth = kvHeads * hd;
            for (int tq : new int[] {1, 4, 65}) {
                // Rows at different lengths: one empty, one past a key block, one filling the cache.
                int[] past = {0, 5, 70, maxT - tq};
                int batch = past.length;
                float[] qkv = random.uniform(batch * tq * width, -1, 1);
                float[] kCache = random.uniform(batch * maxT * kvWidth, -1, 1);
                float[] vCache = random.uniform(batch * maxT * kvWidth, -1, 1);
                String name = String.format("attentionCached B=%d Tq=%d heads=%d kvHeads=%d hd=%d past=0,5,70,%d",
                        batch, tq, heads, kvHeads, hd, maxT - tq);
                compare(tests, name, LONG, (backend, out) -> {
                    Storage o = backend.allocate(batch * tq * c);
                    Storage k = backend.fromArray(kCache);
                    Storage v = backend.fromArray(vCache);
                    backend.attentionCached(o, backend.fromArray(qkv), k, v, past.clone(), batch, tq, heads, kvHeads, hd,
                            maxT);
                    out.put("out", backend.toArray(o));
                    out.put("kCache", backend.toArray(k));
                    out.put("vCache", backend.toArray(v));
                });
            }
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Softmax family

    @TestFactory
    List<DynamicTest> softmaxFamily() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int rows : new int[] {1, 7, 65}) {
            for (int n : new int[] {1, 7, 63, 65, 1000}) {
                float[] x = random.uniform(rows * n, -8, 8);
                float[] dout = random.uniform(rows * n, -1, 1);
                float[] dx = random.uniform(rows * n, -1, 1);
                String size = " rows=" + rows + " n=" + n;
                Storage p = SCALAR.allocate(rows * n);
                SCALAR.softmax(p, SCALAR.fromArray(x), rows, n);
                float[] probabilities = SCALAR.toArray(p);
                Storage logp = SCALAR.allocate(rows * n);
                SCALAR.logSoftmax(logp, SCALAR.fromArray(x), rows, n);
                float[] logProbabilities = SCALAR.toArray(logp);
                compare(tests, "softmax" + size, LONG, (backend, out) -> {
                    Storage o = backend.allocate(rows * n);
                    backend.softmax(o, backend.fromArray(x), rows, n);
                    out.put("out", backend.toArray(o));
                });
                compare(tests, "softmaxBackward" + size, LONG, (backend, out) -> {
                    Storage s = backend.fromArray(dx);
                    backend.softmaxBackward(s, backend.fromArray(probabilities), backend.fromArray(dout), rows, n);
                    out.put("dx", backend.toArray(s));
                });
                compare(tests, "logSoftmax" + size, LONG, (backend, out) -> {
                    Storage o = backend.allocate(rows * n);
                    backend.logSoftmax(o, backend.fromArray(x), rows, n);
                    out.put("out", backend.toArray(o));
                });
                compare(tests, "logSoftmaxBackward" + size, LONG, (backend, out) -> {
                    Storage s = backend.fromArray(dx);
                    backend.logSoftmaxBackward(s, backend.fromArray(logProbabilities), backend.fromArray(dout), rows, n);
                    out.put("dx", backend.toArray(s));
                });
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> crossEntropy() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] shapes = {{1, 7}, {7, 1}, {7, 63}, {65, 65}, {65, 1000}, {3, 50257}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int v = shape[1];
            float[] logits = random.uniform(rows * v, -8, 8);
            int[] targets = random.indices(rows, v);
            for (int r = 2; r < rows; r += 3) {
                targets[r] = -1; // every third row is ignored
            }
            float[] dlosses = random.uniform(rows, 0, 2);
            float[] dlogits = random.uniform(rows * v, -1, 1);
            float[] staleLosses = random.uniform(rows, 5, 6);
            String size = " rows=" + rows + " v=" + v;
            compare(tests, "crossEntropyForward" + size, LONG, (backend, out) -> {
                Storage losses = backend.fromArray(staleLosses);
                backend.crossEntropyForward(losses, backend.fromArray(logits), targets, rows, v);
                out.put("losses", backend.toArray(losses));
            });
            compare(tests, "crossEntropyBackward" + size, LONG, (backend, out) -> {
                Storage s = backend.fromArray(dlogits);
                backend.crossEntropyBackward(s, backend.fromArray(logits), targets, backend.fromArray(dlosses), rows, v);
                out.put("dlogits", backend.toArray(s));
            });
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Embedding rows

    @TestFactory
    List<DynamicTest> embeddingRows() {
        List<DynamicTest> tests = new ArrayList<>();
        int tableRows = 50;
        for (int n : new int[] {1, 7, 65, 1000}) {
            for (int c : new int[] {1, 7, 63, 65, 768}) {
                float[] table = random.uniform(tableRows * c, -1, 1);
                float[] dout = random.uniform(n * c, -1, 1);
                int[] index = random.indices(n, tableRows); // with 1000 rows, many repeat
                String size = " n=" + n + " c=" + c;
                compare(tests, "gatherRows" + size, EXACT, (backend, out) -> {
                    Storage o = backend.allocate(n * c);
                    backend.gatherRows(o, backend.fromArray(table), index, n, c);
                    out.put("out", backend.toArray(o));
                });
                compare(tests, "scatterAddRows" + size, EXACT, (backend, out) -> {
                    Storage s = backend.fromArray(table);
                    backend.scatterAddRows(s, backend.fromArray(dout), index, n, c);
                    out.put("dtable", backend.toArray(s));
                });
            }
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Elementwise and reductions

    @TestFactory
    List<DynamicTest> elementwise() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : ELEMENT_COUNTS) {
            float[] a = random.uniform(n, -5, 5);
            float[] b = random.uniform(n, -5, 5);
            compare(tests, "add n=" + n, EXACT, (backend, out) -> {
                Storage o = backend.allocate(n);
                backend.add(o, backend.fromArray(a), backend.fromArray(b), n);
                out.put("out", backend.toArray(o));
            });
            compare(tests, "mul n=" + n, EXACT, (backend, out) -> {
                Storage o = backend.allocate(n);
                backend.mul(o, backend.fromArray(a), backend.fromArray(b), n);
                out.put("out", backend.toArray(o));
            });
            compare(tests, "axpy n=" + n, EXACT, (backend, out) -> {
                Storage y = backend.fromArray(b);
                backend.axpy(y, -0.375f, backend.fromArray(a), n);
                out.put("y", backend.toArray(y));
            });
            compare(tests, "scale n=" + n, EXACT, (backend, out) -> {
                Storage x = backend.fromArray(a);
                backend.scale(x, 1.7f, n);
                out.put("x", backend.toArray(x));
            });
            compare(tests, "exp n=" + n, SHORT, (backend, out) -> {
                Storage o = backend.allocate(n);
                backend.exp(o, backend.fromArray(a), n);
                out.put("out", backend.toArray(o));
            });
            compareScalar(tests, "sum n=" + n, SUMS, backend -> backend.sum(backend.fromArray(a), n));
            compareScalar(tests, "sumOfSquares n=" + n, SUMS, backend -> backend.sumOfSquares(backend.fromArray(a), n));
        }
        for (int rows : new int[] {1, 7, 65}) {
            for (int n : new int[] {1, 7, 63, 65, 1000}) {
                // Entries of scale 1/√n keep the row sums O(1).
                double bound = Math.sqrt(3.0 / n);
                float[] x = random.uniform(rows * n, -bound, bound);
                compare(tests, "rowSum rows=" + rows + " n=" + n, LONG, (backend, out) -> {
                    Storage o = backend.allocate(rows);
                    backend.rowSum(o, backend.fromArray(x), rows, n);
                    out.put("out", backend.toArray(o));
                });
            }
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Reductions into storages, masks, per-row factors and the k3 estimator

    @TestFactory
    List<DynamicTest> policyTerms() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : ELEMENT_COUNTS) {
            float[] a = random.uniform(n, -5, 5);
            float[] b = random.uniform(n, -5, 5);
            boolean[] keep = new boolean[n];
            for (int i = 0; i < n; i++) {
                keep[i] = random.nextInt(3) != 0;
            }
            // The float rounding of a double sum taken in another order may move by one float ulp.
            compare(tests, "sumInto n=" + n, SHORT, (backend, out) -> {
                Storage o = backend.fromArray(new float[] {7f, 7f});
                backend.sumInto(o, backend.fromArray(a), n, 0.125);
                out.put("out", backend.toArray(o));
            });
            compare(tests, "mask n=" + n, EXACT, (backend, out) -> {
                Storage o = backend.fromArray(b);
                backend.mask(o, backend.fromArray(a), keep, n);
                out.put("out", backend.toArray(o));
                Storage inPlace = backend.fromArray(a);
                backend.mask(inPlace, inPlace, keep, n);
                out.put("in place", backend.toArray(inPlace));
            });
            // Log-probabilities around −3, reference ones within ±2 of them: e^δ from 0.1 to 7.
            float[] logProbs = random.uniform(n, -4, -2);
            float[] reference = new float[n];
            float[] shift = random.uniform(n, -2, 2);
            for (int i = 0; i < n; i++) {
                reference[i] = logProbs[i] + shift[i];
            }
            // SHORT, not EXACT: a GPU's double expm1 may differ from Java's in the last bit.
            compare(tests, "k3 n=" + n, SHORT, (backend, out) -> {
                Storage values = backend.fromArray(a);
                Storage slopes = backend.fromArray(b);
                backend.k3(values, slopes, backend.fromArray(logProbs), backend.fromArray(reference), keep, n);
                out.put("values", backend.toArray(values));
                out.put("slopes", backend.toArray(slopes));
            });
        }
        for (int parts : new int[] {1, 3, 17}) {
            Storage[] scalarParts = new Storage[parts];
            int[] sizes = new int[parts];
            float[][] values = new float[parts][];
            for (int i = 0; i < parts; i++) {
                sizes[i] = AWKWARD[i % AWKWARD.length] * (i + 1);
                values[i] = random.uniform(sizes[i] + 3, -2, 2); // 3 floats past each size are not counted
            }
            compareScalar(tests, "sumOfSquares of " + parts + " storages", SUMS, backend -> {
                for (int i = 0; i < parts; i++) {
                    scalarParts[i] = backend.fromArray(values[i]);
                }
                return backend.sumOfSquares(scalarParts, sizes);
            });
        }
        for (int rows : new int[] {1, 7, 65}) {
            for (int n : new int[] {1, 7, 63, 65, 1000}) {
                float[] x = random.uniform(rows * n, -3, 3);
                float[] factors = random.uniform(rows, -2, 2);
                compare(tests, "scaleRows rows=" + rows + " n=" + n, EXACT, (backend, out) -> {
                    Storage o = backend.allocate(rows * n);
                    Storage f = backend.fromArray(factors);
                    backend.scaleRows(o, backend.fromArray(x), f, rows, n);
                    out.put("out", backend.toArray(o));
                    Storage inPlace = backend.fromArray(x);
                    backend.scaleRows(inPlace, inPlace, f, rows, n);
                    out.put("in place", backend.toArray(inPlace));
                });
            }
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------
    // Choosing tokens

    /**
     * SHORT, not EXACT: a GPU sums each row in another order, which may move a log-probability's last bit;
     * the token ids compare as floats under it, and an id off by one still fails.
     */
    @TestFactory
    List<DynamicTest> tokenChoice() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int rows : new int[] {1, 7, 65}) {
            for (int v : new int[] {1, 2, 63, 1000, 50_257}) {
                float[] logits = random.uniform(rows * v, -8, 8);
                // Ties at the maximum: the first index wins.
                for (int r = 0; r < rows; r += 3) {
                    logits[r * v + v - 1] = 9f;
                    logits[r * v + v / 2] = 9f;
                }
                String size = " rows=" + rows + " v=" + v;
                compare(tests, "argmaxRows" + size, SHORT, (backend, out) -> {
                    int[] tokens = new int[rows];
                    float[] logProbs = new float[rows];
                    backend.argmaxRows(tokens, logProbs, backend.fromArray(logits), rows, v);
                    out.put("tokens", asFloats(tokens));
                    out.put("logProbs", logProbs);
                });
                // A softmax with zeros in it (tokens never drawn), and rows whose uniform is NaN are skipped.
                float[] probabilities = random.uniform(rows * v, 0, 1);
                for (int i = 0; i < probabilities.length; i += 4) {
                    probabilities[i] = 0f;
                }
                double[] uniforms = new double[rows];
                for (int r = 0; r < rows; r++) {
                    uniforms[r] = r % 5 == 4 ? Double.NaN : random.nextInt(1 << 20) / (double) (1 << 20);
                }
                uniforms[0] = 0.0;
                compare(tests, "drawRows" + size, SHORT, (backend, out) -> {
                    int[] tokens = new int[rows];
                    Arrays.fill(tokens, -7);
                    float[] logProbs = new float[rows];
                    Arrays.fill(logProbs, 3f);
                    backend.drawRows(tokens, logProbs, backend.fromArray(probabilities), uniforms, rows, v);
                    out.put("tokens", asFloats(tokens));
                    out.put("logProbs", logProbs);
                });
            }
        }
        return tests;
    }

    private static float[] asFloats(int[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return floats;
    }

    // ---------------------------------------------------------------------------------------------
    // Optimizer

    @TestFactory
    List<DynamicTest> adamW() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : ELEMENT_COUNTS) {
            for (int step : new int[] {1, 10}) {
                float[] param = random.uniform(n, -1, 1);
                float[] grad = random.normal(n, 0, 0.1);
                float[] m = random.normal(n, 0, 0.01);
                float[] v = random.uniform(n, 0, 1e-3);
                compare(tests, "adamW n=" + n + " step=" + step, EXACT, (backend, out) -> {
                    Storage sp = backend.fromArray(param);
                    Storage sm = backend.fromArray(m);
                    Storage sv = backend.fromArray(v);
                    backend.adamW(sp, backend.fromArray(grad), sm, sv, n, 3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, step);
                    out.put("param", backend.toArray(sp));
                    out.put("m", backend.toArray(sm));
                    out.put("v", backend.toArray(sv));
                });
            }
        }
        return tests;
    }
}
