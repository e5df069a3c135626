package dev.score.kernels;

import static dev.score.kernels.CloseAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.kernels.Backend.MatmulForm;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operations checked against values worked out by hand, or against properties the math guarantees,
 * so that the specification itself is checked and not only the agreement of two backends.
 */
class KnownValuesTest {

    private static final Backend SCALAR = new ScalarBackend();
    private static final Backend VECTOR = new VectorBackend(2);

    static Stream<Named<Backend>> backends() {
        return Stream.of(Named.of("scalar", SCALAR), Named.of("vector", VECTOR));
    }

    @AfterAll
    static void closeBackends() {
        SCALAR.close();
        VECTOR.close();
    }

    private static float[] run(Backend backend, float[] initial, Consumer<Storage> op) {
        Storage storage = backend.fromArray(initial);
        op.accept(storage);
        return backend.toArray(storage);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulInAllFormsMatchesAWorkedExample(Backend backend) {
        // A = [[1, 2, 3], [4, 5, 6]] (2×3), B = [[1, 0], [0, 1], [2, -1]] (3×2): A·B = [[7, -1], [16, -1]].
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] aTransposed = {1, 4, 2, 5, 3, 6};
        float[] b = {1, 0, 0, 1, 2, -1};
        float[] bTransposed = {1, 0, 2, 0, 1, -1};
        float[] expected = {7, -1, 16, -1};
        Storage sa = backend.fromArray(a);
        Storage sat = backend.fromArray(aTransposed);
        Storage sb = backend.fromArray(b);
        Storage sbt = backend.fromArray(bTransposed);
        Storage out = backend.allocate(4);
        backend.matmul(out, sa, sb, 2, 3, 2, MatmulForm.A_B, false);
        assertClose(expected, backend.toArray(out), 0, 0, "A_B");
        backend.matmul(out, sa, sbt, 2, 3, 2, MatmulForm.A_BT, false);
        assertClose(expected, backend.toArray(out), 0, 0, "A_BT");
        backend.matmul(out, sat, sb, 2, 3, 2, MatmulForm.AT_B, false);
        assertClose(expected, backend.toArray(out), 0, 0, "AT_B");
        backend.matmul(out, sa, sb, 2, 3, 2, MatmulForm.A_B, true);
        assertClose(new float[] {14, -2, 32, -2}, backend.toArray(out), 0, 0, "A_B accumulated");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void geluMatchesGpt2TanhForm(Backend backend) {
        // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) evaluated in double precision
        float[] out = run(backend, new float[3], o -> backend.geluForward(o, backend.fromArray(new float[] {1f, -2f, 0.5f}), 3));
        assertClose(new float[] {0.8411919906082768f, -0.04540230591222494f, 0.34571400982514394f}, out,
                1e-6, 1e-6, "gelu");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void softmaxOfOneTwoThree(Backend backend) {
        float[] out = run(backend, new float[3], o -> backend.softmax(o, backend.fromArray(new float[] {1, 2, 3}), 1, 3));
        assertClose(new float[] {0.09003057317038046f, 0.24472847105479767f, 0.6652409557748219f}, out,
                1e-7, 1e-6, "softmax");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void crossEntropyOfUniformLogitsIsLogVocabAndIgnoresNegativeTargets(Backend backend) {
        int v = 50;
        Storage logits = backend.fromArray(new float[3 * v]);
        int[] targets = {4, -1, 49};
        float[] losses = run(backend, new float[] {9, 9, 9}, l -> backend.crossEntropyForward(l, logits, targets, 3, v));
        float logV = (float) Math.log(v);
        assertClose(new float[] {logV, 0, logV}, losses, 1e-6, 1e-6, "losses");

        float[] dlogits = run(backend, new float[3 * v],
                d -> backend.crossEntropyBackward(d, logits, targets, backend.fromArray(new float[] {1, 1, 2}), 3, v));
        assertEquals(1f / v - 1f, dlogits[4], 1e-6, "the target's gradient is p − 1");
        assertEquals(1f / v, dlogits[0], 1e-6, "another logit's gradient is p");
        for (int j = 0; j < v; j++) {
            assertEquals(0f, dlogits[v + j], "an ignored row gets no gradient");
        }
        assertEquals(2f * (1f / v - 1f), dlogits[2 * v + 49], 1e-6, "scaled by dlosses");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void layerNormStandardizesEachRow(Backend backend) {
        int rows = 3;
        int c = 65;
        float[] x = new RandomArrays(1).uniform(rows * c, -3, 5);
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        Storage mean = backend.allocate(rows);
        Storage rstd = backend.allocate(rows);
        float[] out = run(backend, new float[rows * c], o -> backend.layerNormForward(o, mean, rstd,
                backend.fromArray(x), backend.fromArray(ones), backend.allocate(c), rows, c, 1e-5f));
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < c; i++) {
                sum += out[r * c + i];
                squares += out[r * c + i] * out[r * c + i];
            }
            assertEquals(0.0, sum / c, 1e-5, "row " + r + " mean");
            assertEquals(1.0, squares / c, 1e-4, "row " + r + " variance");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rmsNormOfThreeFourDividesByTheRootMeanSquare(Backend backend) {
        // Row [3, 4]: mean(x²) = 12.5. Row [1, −1] with weight [2, 0.5]: mean(x²) = 1.
        float eps = 1e-6f;
        Storage rstd = backend.allocate(2);
        float[] out = run(backend, new float[4], o -> backend.rmsNormForward(o, rstd,
                backend.fromArray(new float[] {3, 4, 1, -1}), backend.fromArray(new float[] {1, 1}), 2, 2, eps));
        double s = 1 / Math.sqrt(12.5 + eps);
        assertClose(new float[] {(float) (3 * s), (float) (4 * s), 1, -1}, out, 1e-6, 1e-6, "rmsNorm, weight 1");
        assertClose(new float[] {(float) s, (float) (1 / Math.sqrt(1 + eps))}, backend.toArray(rstd), 1e-7, 1e-6,
                "rstd");
        float[] weighted = run(backend, new float[2], o -> backend.rmsNormForward(o, backend.allocate(1),
                backend.fromArray(new float[] {1, -1}), backend.fromArray(new float[] {2, 0.5f}), 1, 2, eps));
        assertClose(new float[] {2, -0.5f}, weighted, 1e-5, 1e-5, "rmsNorm, weight [2, 0.5]");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rmsNormBackwardIsOrthogonalToTheRowForUnitWeights(Backend backend) {
        // out = x·rstd is scale-invariant in x, so with weight 1 the gradient dx is orthogonal to x for any dout.
        int c = 37;
        RandomArrays random = new RandomArrays(4);
        float[] x = random.uniform(c, -2, 2);
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        Storage rstd = backend.allocate(1);
        backend.rmsNormForward(backend.allocate(c), rstd, backend.fromArray(x), backend.fromArray(ones), 1, c, 0f);
        float[] dx = run(backend, new float[c], d -> backend.rmsNormBackward(d, backend.allocate(c),
                backend.fromArray(random.uniform(c, -1, 1)), backend.fromArray(x), backend.fromArray(ones), rstd, 1, c));
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < c; i++) {
            dot += (double) dx[i] * x[i];
            norm += (double) dx[i] * dx[i];
        }
        assertTrue(norm > 1e-2, "a nonzero gradient");
        assertEquals(0.0, dot, 1e-5, "dx · x");
    }

    /** cos and sin tables {@code [positions, half]} of the angles {@code p·θ_i}. */
    private static float[][] rotaryTables(int positions, double[] theta) {
        int half = theta.length;
        float[] cos = new float[positions * half];
        float[] sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                cos[p * half + i] = (float) Math.cos(p * theta[i]);
                sin[p * half + i] = (float) Math.sin(p * theta[i]);
            }
        }
        return new float[][] {cos, sin};
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rotaryRotatesEachPairOfHalvesByItsAngle(Backend backend) {
        // headDim 4: pairs (0, 2) and (1, 3) turn by p·π/2 and p·π/3. Two heads, rows at positions 1 and 0.
        float[][] tables = rotaryTables(2, new double[] {Math.PI / 2, Math.PI / 3});
        Storage cos = backend.fromArray(tables[0]);
        Storage sin = backend.fromArray(tables[1]);
        float[] x = {1, 2, 3, 4, -1, 0.5f, 2, 1, 5, 6, 7, 8, 9, 10, 11, 12};
        int[] positions = {1, 0};
        float[] out = run(backend, new float[16], o -> backend.rotaryForward(o, backend.fromArray(x), cos, sin,
                positions, 2, 2, 4));
        double c = 0.5;
        double s = Math.sqrt(3) / 2;
        // By π/2: (x0, x2) → (−x2, x0). By π/3: (x1, x3) → (x1·c − x3·s, x3·c + x1·s).
        float[] expected = {-3, (float) (2 * c - 4 * s), 1, (float) (4 * c + 2 * s),
                -2, (float) (0.5 * c - 1 * s), -1, (float) (1 * c + 0.5 * s),
                5, 6, 7, 8, 9, 10, 11, 12};
        assertClose(expected, out, 1e-6, 1e-6, "rotary by π/2 and π/3, and the identity at position 0");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rotaryBackwardUndoesTheRotation(Backend backend) {
        // Rᵀ·R = I: the gradient of a rotation, applied to its output, gives back the input, added.
        int rows = 3;
        int heads = 2;
        int headDim = 10;
        double[] theta = new double[headDim / 2];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = Math.pow(10000, -2.0 * i / headDim);
        }
        float[][] tables = rotaryTables(20, theta);
        Storage cos = backend.fromArray(tables[0]);
        Storage sin = backend.fromArray(tables[1]);
        RandomArrays random = new RandomArrays(5);
        float[] x = random.uniform(rows * heads * headDim, -1, 1);
        float[] initial = random.uniform(x.length, -1, 1);
        int[] positions = {19, 3, 7};
        Storage rotated = backend.allocate(x.length);
        backend.rotaryForward(rotated, backend.fromArray(x), cos, sin, positions, rows, heads, headDim);
        float[] back = run(backend, initial, d -> backend.rotaryBackward(d, rotated, cos, sin, positions, rows, heads,
                headDim));
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = initial[i] + x[i];
        }
        assertClose(expected, back, 1e-6, 1e-5, "dx = initial + Rᵀ·R·x");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void swigluOfKnownValues(Backend backend) {
        // silu(g)·u = g·u / (1 + e^−g): silu(0) = 0; 1·2·σ(1); −2·3·σ(−2).
        float[] gate = {0, 1, -2, 0};
        float[] up = {5, 2, 3, -4};
        float[] out = run(backend, new float[4], o -> backend.swigluForward(o, backend.fromArray(gate),
                backend.fromArray(up), 4));
        assertClose(new float[] {0, 1.4621171572600098f, -0.7152175321327052f, 0}, out, 1e-7, 1e-6, "swiglu");
        // At g = 0: silu'(0) = σ(0) = 1/2, so dgate = dout·u/2, and dup = dout·silu(0) = 0.
        Storage dgate = backend.fromArray(new float[] {1, 1});
        Storage dup = backend.fromArray(new float[] {1, 1});
        backend.swigluBackward(dgate, dup, backend.fromArray(new float[] {3, 1}), backend.fromArray(new float[] {0, 1}),
                backend.fromArray(new float[] {-4, 2}), 2);
        // At g = 1: silu'(1) = σ(1)·(1 + 1 − σ(1)), dup = σ(1).
        double s1 = 1 / (1 + Math.exp(-1));
        assertClose(new float[] {1 + 3 * -4 * 0.5f, (float) (1 + 2 * s1 * (2 - s1))}, backend.toArray(dgate), 1e-6, 1e-6,
                "dgate");
        assertClose(new float[] {1, (float) (1 + s1)}, backend.toArray(dup), 1e-6, 1e-6, "dup");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attentionWithIdenticalKeysAveragesTheVisibleValues(Backend backend) {
        int t = 5;
        int c = 4;
        int heads = 2;
        int hd = c / heads;
        RandomArrays random = new RandomArrays(2);
        float[] qkv = random.uniform(t * 3 * c, -1, 1);
        float[] key = random.uniform(c, -1, 1);
        for (int i = 0; i < t; i++) {
            System.arraycopy(key, 0, qkv, i * 3 * c + c, c);
        }
        Storage lse = backend.allocate(heads * t);
        float[] out = run(backend, new float[t * c],
                o -> backend.attentionForward(o, lse, backend.fromArray(qkv), 1, t, heads, heads, hd));
        float[] expected = new float[t * c];
        for (int i = 0; i < t; i++) {
            for (int d = 0; d < c; d++) {
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    sum += qkv[j * 3 * c + 2 * c + d];
                }
                expected[i * c + d] = (float) (sum / (i + 1));
            }
        }
        assertClose(expected, out, 1e-6, 1e-5, "attention output");
        // lse = score + log(number of visible keys), the score being q·k/√hd, equal for every key
        float[] lseValues = backend.toArray(lse);
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                double score = 0;
                for (int d = 0; d < hd; d++) {
                    score += qkv[i * 3 * c + h * hd + d] * key[h * hd + d];
                }
                assertEquals(score / Math.sqrt(hd) + Math.log(i + 1), lseValues[h * t + i], 1e-5, "lse");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cachedAttentionFedInPiecesMatchesTrainingAttention(Backend backend) {
        // (heads, kvHeads, headDim): GPT-2's layout, and query heads in groups of 3.
        for (int[] shape : new int[][] {{3, 3, 4}, {6, 2, 4}}) {
            int heads = shape[0];
            int kvHeads = shape[1];
            int hd = shape[2];
            int batch = 2;
            int t = 9;
            int maxT = 11;
            int width = (heads + 2 * kvHeads) * hd;
            int c = heads * hd;
            float[] qkv = new RandomArrays(3).uniform(batch * t * width, -1, 1);
            float[] expected = run(backend, new float[batch * t * c], o -> backend.attentionForward(o,
                    backend.allocate(batch * heads * t), backend.fromArray(qkv), batch, t, heads, kvHeads, hd));

            Storage kCache = backend.allocate(batch * maxT * kvHeads * hd);
            Storage vCache = backend.allocate(batch * maxT * kvHeads * hd);
            float[] actual = new float[batch * t * c];
            // Feed 4 tokens, then 1, then the remaining 4, as a prompt followed by decoding would.
            int[] pieces = {4, 1, 4};
            int past = 0;
            for (int piece : pieces) {
                float[] pieceQkv = new float[batch * piece * width];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(qkv, (b * t + past) * width, pieceQkv, b * piece * width, piece * width);
                }
                Storage out = backend.allocate(batch * piece * c);
                backend.attentionCached(out, backend.fromArray(pieceQkv), kCache, vCache, new int[] {past, past},
                        batch, piece, heads, kvHeads, hd, maxT);
                float[] pieceOut = backend.toArray(out);
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(pieceOut, b * piece * c, actual, (b * t + past) * c, piece * c);
                }
                past += piece;
            }
            assertClose(expected, actual, 1e-6, 1e-5, "cached attention, heads " + heads + ", kvHeads " + kvHeads);
        }
    }

    /**
     * {@code qkv[B·T, (heads + 2·kvHeads)·hd]} with every key and value head repeated for each query head of
     * its group, as Hugging Face's {@code repeat_kv} does: the ordinary multi-head layout {@code [B·T, 3·heads·hd]}.
     */
    private static float[] repeatKeysAndValues(float[] qkv, int tokens, int heads, int kvHeads, int hd) {
        int group = heads / kvHeads;
        int width = (heads + 2 * kvHeads) * hd;
        int c = heads * hd;
        float[] repeated = new float[tokens * 3 * c];
        for (int i = 0; i < tokens; i++) {
            System.arraycopy(qkv, i * width, repeated, i * 3 * c, c);
            for (int h = 0; h < heads; h++) {
                int kv = h / group;
                System.arraycopy(qkv, i * width + c + kv * hd, repeated, i * 3 * c + c + h * hd, hd);
                System.arraycopy(qkv, i * width + c + (kvHeads + kv) * hd, repeated, i * 3 * c + 2 * c + h * hd, hd);
            }
        }
        return repeated;
    }

    /** The (heads, kvHeads, headDim) shapes of the grouped-query properties: groups of 3 and of 4. */
    private static final int[][] GROUPED_SHAPES = {{6, 2, 5}, {4, 1, 12}};

    @ParameterizedTest
    @MethodSource("backends")
    void groupedQueryAttentionIsMultiHeadAttentionOnRepeatedKeysAndValues(Backend backend) {
        int batch = 2;
        RandomArrays random = new RandomArrays(6);
        for (int[] shape : GROUPED_SHAPES) {
            int heads = shape[0];
            int kvHeads = shape[1];
            int hd = shape[2];
            int group = heads / kvHeads;
            int width = (heads + 2 * kvHeads) * hd;
            int c = heads * hd;
            // T = 5 takes the vector backend's few-queries path, T = 19 its tiles.
            for (int t : new int[] {5, 19}) {
                String what = String.format("heads %d, kvHeads %d, hd %d, T %d: ", heads, kvHeads, hd, t);
                float[] qkv = random.uniform(batch * t * width, -1, 1);
                float[] repeated = repeatKeysAndValues(qkv, batch * t, heads, kvHeads, hd);
                float[] dout = random.uniform(batch * t * c, -1, 1);

                Storage out = backend.allocate(batch * t * c);
                Storage lse = backend.allocate(batch * heads * t);
                backend.attentionForward(out, lse, backend.fromArray(qkv), batch, t, heads, kvHeads, hd);
                Storage mhaOut = backend.allocate(batch * t * c);
                Storage mhaLse = backend.allocate(batch * heads * t);
                backend.attentionForward(mhaOut, mhaLse, backend.fromArray(repeated), batch, t, heads, heads, hd);
                assertClose(backend.toArray(mhaOut), backend.toArray(out), 1e-6, 1e-5, what + "out");
                assertClose(backend.toArray(mhaLse), backend.toArray(lse), 1e-6, 1e-5, what + "lse");

                float[] dqkv = run(backend, new float[qkv.length], d -> backend.attentionBackward(d,
                        backend.fromArray(dout), backend.fromArray(qkv), out, lse, batch, t, heads, kvHeads, hd));
                float[] mhaDqkv = run(backend, new float[repeated.length], d -> backend.attentionBackward(d,
                        backend.fromArray(dout), backend.fromArray(repeated), mhaOut, mhaLse, batch, t, heads, heads, hd));
                // dq as multi-head attention's; a key or value head's gradient, the sum over its group's copies.
                float[] expected = new float[qkv.length];
                for (int i = 0; i < batch * t; i++) {
                    System.arraycopy(mhaDqkv, i * 3 * c, expected, i * width, c);
                    for (int h = 0; h < heads; h++) {
                        int kv = h / group;
                        for (int d = 0; d < hd; d++) {
                            expected[i * width + c + kv * hd + d] += mhaDqkv[i * 3 * c + c + h * hd + d];
                            expected[i * width + c + (kvHeads + kv) * hd + d] += mhaDqkv[i * 3 * c + 2 * c + h * hd + d];
                        }
                    }
                }
                assertClose(expected, dqkv, 1e-5, 1e-4, what + "dqkv");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cachedGroupedQueryAttentionIsMultiHeadAttentionOnRepeatedKeysAndValues(Backend backend) {
        int maxT = 24;
        int[] past = {3, 0, 12};
        int batch = past.length;
        RandomArrays random = new RandomArrays(7);
        for (int[] shape : GROUPED_SHAPES) {
            int heads = shape[0];
            int kvHeads = shape[1];
            int hd = shape[2];
            int group = heads / kvHeads;
            int c = heads * hd;
            int kvWidth = kvHeads * hd;
            // Each row's past positions: keys and values of a grouped cache, and the same repeated per query head.
            float[] kCache = random.uniform(batch * maxT * kvWidth, -1, 1);
            float[] vCache = random.uniform(batch * maxT * kvWidth, -1, 1);
            float[] kRepeated = new float[batch * maxT * c];
            float[] vRepeated = new float[batch * maxT * c];
            for (int s = 0; s < batch * maxT; s++) {
                for (int h = 0; h < heads; h++) {
                    System.arraycopy(kCache, s * kvWidth + h / group * hd, kRepeated, s * c + h * hd, hd);
                    System.arraycopy(vCache, s * kvWidth + h / group * hd, vRepeated, s * c + h * hd, hd);
                }
            }
            for (int tq : new int[] {2, 9}) {
                String what = String.format("heads %d, kvHeads %d, hd %d, Tq %d: ", heads, kvHeads, hd, tq);
                float[] qkv = random.uniform(batch * tq * (heads + 2 * kvHeads) * hd, -1, 1);
                Storage k = backend.fromArray(kCache);
                Storage v = backend.fromArray(vCache);
                float[] out = run(backend, new float[batch * tq * c], o -> backend.attentionCached(o,
                        backend.fromArray(qkv), k, v, past, batch, tq, heads, kvHeads, hd, maxT));
                Storage mhaK = backend.fromArray(kRepeated);
                Storage mhaV = backend.fromArray(vRepeated);
                float[] mhaOut = run(backend, new float[batch * tq * c], o -> backend.attentionCached(o,
                        backend.fromArray(repeatKeysAndValues(qkv, batch * tq, heads, kvHeads, hd)), mhaK, mhaV, past,
                        batch, tq, heads, heads, hd, maxT));
                assertClose(mhaOut, out, 1e-6, 1e-5, what + "out");
                // The grouped cache now holds at each row's new positions what the repeated one holds in a group's first head.
                float[] kNow = backend.toArray(k);
                float[] vNow = backend.toArray(v);
                float[] mhaKNow = backend.toArray(mhaK);
                float[] mhaVNow = backend.toArray(mhaV);
                for (int s = 0; s < batch * maxT; s++) {
                    for (int kv = 0; kv < kvHeads; kv++) {
                        for (int d = 0; d < hd; d++) {
                            assertEquals(mhaKNow[s * c + kv * group * hd + d], kNow[s * kvWidth + kv * hd + d], what + "kCache");
                            assertEquals(mhaVNow[s * c + kv * group * hd + d], vNow[s * kvWidth + kv * hd + d], what + "vCache");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attentionRefusesQueryHeadsThatDoNotSplitIntoGroupsAndEmptyHeads(Backend backend) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.attentionForward(
                backend.allocate(9), backend.allocate(3), backend.allocate(21), 1, 1, 3, 2, 3));
        assertEquals("3 query heads do not split evenly among 2 key/value heads", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.attentionBackward(backend.allocate(21),
                backend.allocate(9), backend.allocate(21), backend.allocate(9), backend.allocate(3), 1, 1, 3, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> backend.attentionCached(backend.allocate(4),
                backend.allocate(4), backend.allocate(4), backend.allocate(4), new int[] {0}, 1, 1, 1, 1, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> backend.attentionForward(
                backend.allocate(4), backend.allocate(1), backend.allocate(12), 1, 1, 1, 0, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rotaryRefusesAnOddHeadDim(Backend backend) {
        assertThrows(IllegalArgumentException.class, () -> backend.rotaryForward(backend.allocate(3),
                backend.allocate(3), backend.allocate(1), backend.allocate(1), new int[] {0}, 1, 1, 3));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void policyTermsMatchWorkedExamples(Backend backend) {
        Storage out = backend.fromArray(new float[] {9f});
        backend.sumInto(out, backend.fromArray(new float[] {1, 2, 3, 4, 99}), 4, 0.25);
        assertEquals(2.5f, backend.toArray(out)[0]);
        assertEquals(1 + 4 + 9 + 16 + 25, backend.sumOfSquares(new Storage[] {backend.fromArray(new float[] {1, 2, 7}),
            backend.fromArray(new float[] {3, 4, 5})}, new int[] {2, 3}));

        assertArrayEquals(new float[] {1, 0, 3, 0}, run(backend, new float[] {1, 2, 3, 4},
                s -> backend.mask(s, s, new boolean[] {true, false, true, false}, 4)));
        // [[1, 2, 3], [4, 5, 6]] with row factors 2 and −1.
        assertArrayEquals(new float[] {2, 4, 6, -4, -5, -6}, run(backend, new float[] {1, 2, 3, 4, 5, 6},
                s -> backend.scaleRows(s, s, backend.fromArray(new float[] {2, -1}), 2, 3)));

        // δ = ln 2: k3 = 2 − 1 − ln 2, slope = 1 − 2; δ = 0: both 0; an uncounted entry: both 0.
        float logP = -1.5f;
        float logQ = (float) (logP + Math.log(2));
        double delta = logQ - logP;
        Storage values = backend.fromArray(new float[] {5, 5, 5});
        Storage slopes = backend.fromArray(new float[] {5, 5, 5});
        backend.k3(values, slopes, backend.fromArray(new float[] {logP, -2, -3}), backend.fromArray(new float[] {logQ,
            -2, 0}), new boolean[] {true, true, false}, 3);
        assertArrayEquals(new float[] {(float) (Math.exp(delta) - 1 - delta), 0, 0}, backend.toArray(values));
        assertArrayEquals(new float[] {(float) (1 - Math.exp(delta)), -0f, 0}, backend.toArray(slopes)); // −expm1(0)
        assertEquals(1 - Math.log(2), backend.toArray(values)[0], 1e-6);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tokensAreChosenAsWorkedOut(Backend backend) {
        // Row 0: ties at the maximum 2 (indices 1 and 3): the first; log p = 2 − log(e⁰ + 2e² + e¹).
        // Row 1: the largest last.
        float[] logits = {0, 2, 1, 2, -1, -1, -1, 5};
        int[] tokens = new int[2];
        float[] logProbs = new float[2];
        backend.argmaxRows(tokens, logProbs, backend.fromArray(logits), 2, 4);
        assertArrayEquals(new int[] {1, 3}, tokens);
        assertEquals(2 - Math.log(1 + 2 * Math.exp(2) + Math.E), logProbs[0], 1e-6);
        assertEquals(5 - Math.log(3 * Math.exp(-1) + Math.exp(5)), logProbs[1], 1e-6);

        // Probabilities [0.25, 0, 0.5, 0.25] summing to 1: u = 0.3 passes 0.25 and falls in the third token;
        // u = 0.2 stops at the first; a NaN uniform leaves its row alone; row 3 sums to 2, so u = 0.5
        // scales to 1 and stops where the running sum first passes it, at the third token (0.5 + 0.5 + 0.5).
        float[] p = {0.25f, 0, 0.5f, 0.25f, 0.25f, 0, 0.5f, 0.25f, 1, 1, 1, 1, 0.5f, 0, 0.5f, 1};
        int[] drawn = {-1, -1, -1, -1};
        float[] drawnLogProbs = {9, 9, 9, 9};
        backend.drawRows(drawn, drawnLogProbs, backend.fromArray(p), new double[] {0.3, 0.2, Double.NaN, 0.5}, 4, 4);
        assertArrayEquals(new int[] {2, 0, -1, 3}, drawn);
        assertArrayEquals(new float[] {(float) Math.log(0.5), (float) Math.log(0.25), 9, (float) Math.log(0.5)},
                drawnLogProbs);
    }
}
