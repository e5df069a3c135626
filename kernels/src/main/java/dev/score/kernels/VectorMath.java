package dev.score.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over a contiguous run of floats on SIMD lanes, shared by the vector kernels. Tails are
 * read with masks, so every element goes through the same arithmetic whatever its position.
 */
final class VectorMath {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Doubles in a full-width register, and floats of the same count in a half-width one, for exact widening. */
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DS.vectorBitSize() / 2));

    private VectorMath() {
    }

    /** The register width, e.g. 512 on AVX-512. */
    static int bitSize() {
        return S.vectorBitSize();
    }

    /** {@code Σ a[ao + i]·b[bo + i]} for {@code i < n}, with four independent accumulators. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), acc1);
            acc2 = FloatVector.fromArray(S, a, ao + i + 2 * L).fma(FloatVector.fromArray(S, b, bo + i + 2 * L), acc2);
            acc3 = FloatVector.fromArray(S, a, ao + i + 3 * L).fma(FloatVector.fromArray(S, b, bo + i + 3 * L), acc3);
        }
        for (; i < n; i += L) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            acc0 = FloatVector.fromArray(S, a, ao + i, mask).fma(FloatVector.fromArray(S, b, bo + i, mask), acc0);
        }
        return acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }

    /** {@code Σ x[xo + i]} for {@code i < n}, in float lanes. */
    static float sum(float[] x, int xo, int n) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, xo + i));
            acc1 = acc1.add(FloatVector.fromArray(S, x, xo + i + L));
        }
        for (; i < n; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, xo + i, S.indexInRange(i, n)));
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** {@code max x[xo + i]} for {@code i < n}; {@code n ≥ 1}. */
    static float max(float[] x, int xo, int n) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = acc.max(FloatVector.fromArray(S, x, xo + i));
        }
        if (i < n) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            acc = acc.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, xo + i, mask), mask);
        }
        return acc.reduceLanes(VectorOperators.MAX);
    }

    /** {@code Σ exp(x[xo + i] − shift)} for {@code i < n}, in float lanes. */
    static float sumExp(float[] x, int xo, int n, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, xo + i).sub(shift).lanewise(VectorOperators.EXP));
        }
        if (i < n) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector e = FloatVector.fromArray(S, x, xo + i, mask).sub(shift).lanewise(VectorOperators.EXP);
            acc = acc.add(e, mask);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** {@code log Σ exp(x[xo + i])} for {@code i < n}, shifted by the maximum so that exp cannot overflow. */
    static float logSumExp(float[] x, int xo, int n) {
        float max = max(x, xo, n);
        return max + (float) Math.log(sumExp(x, xo, n, max));
    }

    /** {@code Σ x[i]} for {@code from ≤ i < to}, each element widened to double before it is added. */
    static double sumInDouble(float[] x, int from, int to) {
        DoubleVector acc = DoubleVector.zero(DS);
        int step = HALF.length();
        int i = from;
        for (; i + step <= to; i += step) {
            acc = acc.add(FloatVector.fromArray(HALF, x, i).convertShape(VectorOperators.F2D, DS, 0));
        }
        if (i < to) {
            acc = acc.add(FloatVector.fromArray(HALF, x, i, HALF.indexInRange(i, to)).convertShape(VectorOperators.F2D, DS, 0));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** {@code Σ x[i]²} for {@code from ≤ i < to}, each element widened to double before it is squared. */
    static double sumOfSquaresInDouble(float[] x, int from, int to) {
        DoubleVector acc = DoubleVector.zero(DS);
        int step = HALF.length();
        int i = from;
        for (; i + step <= to; i += step) {
            DoubleVector wide = (DoubleVector) FloatVector.fromArray(HALF, x, i).convertShape(VectorOperators.F2D, DS, 0);
            acc = wide.fma(wide, acc);
        }
        if (i < to) {
            DoubleVector wide = (DoubleVector) FloatVector.fromArray(HALF, x, i, HALF.indexInRange(i, to))
                    .convertShape(VectorOperators.F2D, DS, 0);
            acc = wide.fma(wide, acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
