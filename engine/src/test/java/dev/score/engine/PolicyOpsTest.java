package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values against direct double-precision formulas, gradients against central differences of them. */
class PolicyOpsTest {
    private static final int ROWS = 5;
    private static final int V = 7;
    private static final int[] TARGETS = {3, -1, 0, 6, 2};
    private static final boolean[] COUNTED = {true, false, true, true, true};
    private static final float[] WEIGHTS = {0.7f, -1.3f, 0.2f, 1.1f, -0.4f};
    private static Backend scalar;
    private static Backend vector;

    @BeforeAll
    static void open() {
        scalar = Backends.create("scalar", 1);
        vector = Backends.create("vector", 2);
    }

    @AfterAll
    static void close() {
        scalar.close();
        vector.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void tokenLogProbsMatchTheFormulaAndItsGradient(String name) {
        float[] logits = random(ROWS * V, 1);
        checkAgainstFormula(name, logits, x -> PolicyOps.weightedSum(PolicyOps.tokenLogProbs(x, TARGETS), WEIGHTS),
                z -> {
                    double total = 0;
                    for (int r = 0; r < ROWS; r++) {
                        total += TARGETS[r] < 0 ? 0 : WEIGHTS[r] * logSoftmax(z, r)[TARGETS[r]];
                    }
                    return total;
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void exactKlMatchesTheFormulaAndItsGradient(String name) {
        float[] logits = random(ROWS * V, 2);
        float[] reference = random(ROWS * V, 3);
        Backend be = backend(name);
        Tensor ref = Tensor.of(be, reference, false, ROWS, V);
        checkAgainstFormula(name, logits, x -> PolicyOps.weightedSum(PolicyOps.exactKl(x, ref, COUNTED), WEIGHTS),
                z -> {
                    double total = 0;
                    for (int r = 0; r < ROWS; r++) {
                        if (!COUNTED[r]) {
                            continue;
                        }
                        double[] lp = logSoftmax(z, r);
                        double[] lq = logSoftmax(toDouble(reference), r);
                        double kl = 0;
                        for (int j = 0; j < V; j++) {
                            kl += Math.exp(lp[j]) * (lp[j] - lq[j]);
                        }
                        total += WEIGHTS[r] * kl;
                    }
                    return total;
                });
        Tensor same = PolicyOps.exactKl(Tensor.of(be, reference, false, ROWS, V), ref, COUNTED);
        assertArrayEquals(new float[ROWS], same.toArray(), 1e-6f, "KL of a distribution to itself is 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void k3MatchesTheFormulaAndItsGradient(String name) {
        float[] logProbs = {-0.5f, -2f, -0.1f, -3f, -1.2f};
        float[] reference = {-0.7f, -1f, -0.1f, -2f, -2.5f};
        Tensor referenceTensor = Tensor.of(backend(name), reference, false, ROWS);
        checkAgainstFormula(name, logProbs,
                x -> PolicyOps.weightedSum(PolicyOps.k3(x, referenceTensor, COUNTED), WEIGHTS),
                lp -> {
                    double total = 0;
                    for (int i = 0; i < ROWS; i++) {
                        double delta = reference[i] - lp[i];
                        total += COUNTED[i] ? WEIGHTS[i] * (Math.exp(delta) - 1 - delta) : 0;
                    }
                    return total;
                });
        float[] values = PolicyOps.k3(Tensor.of(backend(name), logProbs, false, ROWS), referenceTensor, COUNTED)
                .toArray();
        for (float value : values) {
            assertTrue(value >= 0, "k3 is never negative");
        }
    }

    private static void checkAgainstFormula(String name, float[] input, Function<Tensor, Tensor> op,
            Function<double[], Double> formula) {
        Backend be = backend(name);
        int[] shape = input.length == ROWS ? new int[] {ROWS} : new int[] {ROWS, V};
        Tensor x = Tensor.of(be, input, true, shape);
        Tensor loss = op.apply(x);
        double[] z = toDouble(input);
        assertEquals(formula.apply(z), loss.item(), 1e-5);
        loss.backward();
        float[] grad = x.gradToArray();
        double h = 1e-4;
        for (int i = 0; i < z.length; i++) {
            double saved = z[i];
            z[i] = saved + h;
            double up = formula.apply(z);
            z[i] = saved - h;
            double down = formula.apply(z);
            z[i] = saved;
            assertEquals((up - down) / (2 * h), grad[i], 1e-4, "gradient " + i);
        }
    }

    private static double[] logSoftmax(double[] z, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < V; j++) {
            max = Math.max(max, z[row * V + j]);
        }
        double sum = 0;
        for (int j = 0; j < V; j++) {
            sum += Math.exp(z[row * V + j] - max);
        }
        double[] out = new double[V];
        for (int j = 0; j < V; j++) {
            out[j] = z[row * V + j] - max - Math.log(sum);
        }
        return out;
    }

    private static Backend backend(String name) {
        return name.equals("scalar") ? scalar : vector;
    }

    private static float[] random(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (rng.nextGaussian() * 1.5);
        }
        return values;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
