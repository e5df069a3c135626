package dev.score.kernels;

import static dev.score.kernels.CloseAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void attentionWithIdenticalKeysAveragesTheVisibleValues(Backend backend) {
        int t = 5;
        int c = 4;
        int heads = 2;
        RandomArrays random = new RandomArrays(2);
        float[] qkv = random.uniform(t * 3 * c, -1, 1);
        float[] key = random.uniform(c, -1, 1);
        for (int i = 0; i < t; i++) {
            System.arraycopy(key, 0, qkv, i * 3 * c + c, c);
        }
        Storage lse = backend.allocate(heads * t);
        float[] out = run(backend, new float[t * c], o -> backend.attentionForward(o, lse, backend.fromArray(qkv), 1, t, c, heads));
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
        int hd = c / heads;
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
        int batch = 2;
        int t = 9;
        int c = 12;
        int heads = 3;
        int maxT = 11;
        float[] qkv = new RandomArrays(3).uniform(batch * t * 3 * c, -1, 1);
        float[] expected = run(backend, new float[batch * t * c],
                o -> backend.attentionForward(o, backend.allocate(batch * heads * t), backend.fromArray(qkv), batch, t, c, heads));

        Storage kCache = backend.allocate(batch * maxT * c);
        Storage vCache = backend.allocate(batch * maxT * c);
        float[] actual = new float[batch * t * c];
        // Feed 4 tokens, then 1, then the remaining 4, as a prompt followed by decoding would.
        int[] pieces = {4, 1, 4};
        int past = 0;
        for (int piece : pieces) {
            float[] pieceQkv = new float[batch * piece * 3 * c];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(qkv, (b * t + past) * 3 * c, pieceQkv, b * piece * 3 * c, piece * 3 * c);
            }
            Storage out = backend.allocate(batch * piece * c);
            backend.attentionCached(out, backend.fromArray(pieceQkv), kCache, vCache, new int[] {past, past},
                    batch, piece, c, heads, maxT);
            float[] pieceOut = backend.toArray(out);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(pieceOut, b * piece * c, actual, (b * t + past) * c, piece * c);
            }
            past += piece;
        }
        assertClose(expected, actual, 1e-6, 1e-5, "cached attention");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attentionRefusesWidthsThatDoNotSplitIntoHeads(Backend backend) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.attentionForward(
                backend.allocate(10), backend.allocate(3), backend.allocate(30), 1, 1, 10, 3));
        assertEquals("C = 10 does not split into 3 heads", e.getMessage());
    }
}
