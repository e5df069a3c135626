package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath}'s exp and tanh against {@link Math#exp} and {@link Math#tanh}, over a few million
 * floats across their range and at the edges, and its lane sums against the pairwise tree they
 * promise. (That they give the same bits in every JIT tier is {@link JitTierReproducibilityTest}'s.)
 */
class VectorMathTest {

    /** exp(x) is a normal float from here up, a subnormal below, and rounds to 0 below {@link #EXP_ZERO}. */
    private static final double EXP_NORMAL = Math.log(Float.MIN_NORMAL);
    private static final double EXP_ZERO = Math.log(0x1p-150);
    /** exp(x) rounds to +∞ above this: {@code ln(MAX_VALUE + ulp(MAX_VALUE)/2)}. */
    private static final double EXP_INFINITE = Math.log(Float.MAX_VALUE + (double) Math.ulp(Float.MAX_VALUE) / 2);

    /** Floats are swept by bit pattern, one in this many: a few million from −120 to 95, dense near 0. */
    private static final int STRIDE = 331;

    /** One float in {@link #STRIDE} between {@code lo} and {@code hi}, and both ends. */
    private static float[] sweep(float lo, float hi) {
        int loBits = Float.floatToRawIntBits(lo);
        int hiBits = Float.floatToRawIntBits(hi);
        // Negative floats' bit patterns grow away from zero: walk them from lo up to -0, then 0 up to hi.
        int negatives = lo < 0 ? (loBits & 0x7fff_ffff) / STRIDE + 1 : 0;
        int positives = hi > 0 ? hiBits / STRIDE + 1 : 0;
        float[] values = new float[negatives + positives + 2];
        for (int i = 0; i < negatives; i++) {
            values[i] = -Float.intBitsToFloat((loBits & 0x7fff_ffff) - STRIDE * i);
        }
        for (int i = 0; i < positives; i++) {
            values[negatives + i] = Float.intBitsToFloat(STRIDE * i);
        }
        values[values.length - 2] = lo;
        values[values.length - 1] = hi;
        return values;
    }

    /** {@code function} applied to {@code x}, a vector at a time, the tail padded with zeros. */
    private static float[] lanewise(UnaryOperator<FloatVector> function, float[] x) {
        float[] padded = new float[(x.length + L - 1) / L * L];
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += L) {
            function.apply(FloatVector.fromArray(S, padded, i)).intoArray(out, i);
        }
        return Arrays.copyOf(out, x.length);
    }

    @Test
    void expIsWithinOneUlpOfMathExpAndExactAtTheEdges() {
        float[] x = sweep(-120f, 95f);
        float[] y = lanewise(VectorMath::exp, x);
        double worstUlps = 0;
        float worstAt = 0;
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(x[i]);
            if (x[i] < EXP_ZERO - 1e-4) {
                assertEquals(0f, y[i], "exp(" + x[i] + ")");
            } else if (x[i] > EXP_INFINITE + 1e-4) {
                assertEquals(Float.POSITIVE_INFINITY, y[i], "exp(" + x[i] + ")");
            } else if (x[i] < EXP_NORMAL) {
                assertTrue(Math.abs(y[i] - exact) <= Float.MIN_VALUE,
                        "exp(" + x[i] + ") = " + y[i] + ", more than one subnormal ulp from " + exact);
            } else if (x[i] < EXP_INFINITE - 1e-4) {
                double ulps = Math.abs(y[i] - exact) / Math.ulp((float) exact);
                if (ulps > worstUlps) {
                    worstUlps = ulps;
                    worstAt = x[i];
                }
            }
        }
        // Over every float the worst is 0.94 ulp; the arithmetic is exact IEEE, the same on every machine.
        assertTrue(worstUlps <= 1, "exp(" + worstAt + ") is " + worstUlps + " ulps from Math.exp");

        float[] edges = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1e4f, 0f, -0f, Float.MIN_VALUE,
            1e4f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
        float[] expected = {0f, 0f, 0f, 1f, 1f, 1f,
            Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN};
        float[] actual = lanewise(VectorMath::exp, edges);
        for (int i = 0; i < edges.length; i++) {
            assertEquals(expected[i], actual[i], "exp(" + edges[i] + ")");
        }
    }

    @Test
    void tanhIsWithinTwoTenMillionthsOfMathTanhAndExactAtTheEdges() {
        float[] x = sweep(-30f, 30f);
        float[] y = lanewise(VectorMath::tanh, x);
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.length; i++) {
            double error = Math.abs(y[i] - Math.tanh(x[i]));
            if (error > worst) {
                worst = error;
                worstAt = x[i];
            }
            assertEquals(Math.copySign(1f, x[i]), Math.copySign(1f, y[i]), "the sign of tanh(" + x[i] + ")");
        }
        // Over every float the worst is 1.2e-7, near 0, where 1 − 2/(e^{2|x|} + 1) cancels.
        assertTrue(worst <= 2e-7, "tanh(" + worstAt + ") is " + worst + " from Math.tanh");

        float[] edges = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -10f, -0f, 0f, 10f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NaN};
        float[] expected = {-1f, -1f, -1f, -0f, 0f, 1f, 1f, 1f, Float.NaN};
        float[] actual = lanewise(VectorMath::tanh, edges);
        for (int i = 0; i < edges.length; i++) {
            assertEquals(expected[i], actual[i], "tanh(" + edges[i] + ")");
        }
    }

    @Test
    void laneSumsAddInAFixedPairwiseTree() {
        RandomArrays random = new RandomArrays(11);
        for (int trial = 0; trial < 100; trial++) {
            float[] lanes = random.normal(L, 0, 1e3);
            assertEquals(Float.floatToRawIntBits(pairwiseTree(lanes)),
                    Float.floatToRawIntBits(VectorMath.sum(FloatVector.fromArray(S, lanes, 0))));

            VectorSpecies<Double> species = DoubleVector.SPECIES_PREFERRED;
            double[] doubles = new double[species.length()];
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] = lanes[i % L] * (1 + 1e-9 * i);
            }
            assertEquals(Double.doubleToRawLongBits(pairwiseTree(doubles)),
                    Double.doubleToRawLongBits(VectorMath.sum(DoubleVector.fromArray(species, doubles, 0))));
        }
    }

    /** The sum as {@link VectorMath#sum(FloatVector)} documents it: lane i gets lane i + half, halving. */
    private static float pairwiseTree(float[] lanes) {
        float[] v = lanes.clone();
        for (int half = v.length / 2; half > 0; half /= 2) {
            for (int i = 0; i < half; i++) {
                v[i] += v[i + half];
            }
        }
        return v[0];
    }

    private static double pairwiseTree(double[] lanes) {
        double[] v = lanes.clone();
        for (int half = v.length / 2; half > 0; half /= 2) {
            for (int i = 0; i < half; i++) {
                v[i] += v[i + half];
            }
        }
        return v[0];
    }
}
