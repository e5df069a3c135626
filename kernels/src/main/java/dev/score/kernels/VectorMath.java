package dev.score.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over a contiguous run of floats on SIMD lanes, and the lane functions (exp, tanh, the
 * sum of a vector's lanes) that every vector kernel uses. Tails are read with masks, so every element
 * goes through the same arithmetic whatever its position.
 *
 * <p>Bit-reproducible across JIT tiers. A JVM runs the Vector API's Java fallbacks until C2 compiles
 * a kernel, and two Vector API operations give different last bits there and in C2: the
 * {@code EXP} and {@code TANH} lanewise operators (a native vector math library in C2,
 * {@code Math.exp} and {@code Math.tanh} in the fallback) and floating-point {@code ADD} reductions
 * (C2 may add the lanes in a tree, the fallback adds them in order). The functions here are built
 * only from operations that IEEE 754 defines exactly (add, multiply, divide, fma, min, max, integer
 * and bit operations, lane permutations), so they give the same bits interpreted and compiled, and a
 * run repeats bit for bit however far the JIT has got with it.
 */
final class VectorMath {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Doubles in a full-width register, and floats of the same count in a half-width one, for exact widening. */
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DS.vectorBitSize() / 2));

    /** Ints in a register of {@link #S}'s width, for the bits of floats. */
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);

    // C2 stops inlining into a method once it has parsed about 18,000 nodes, each Vector API call is
    // some 400, and a call to a method here that it does not inline boxes every vector passed: the lane
    // functions are written to parse into few nodes (constants are vectors, not broadcasts per call,
    // but for exp's polynomial, a loop), and the kernels that reach the budget sum lanes in place.

    /**
     * Below EXP_ZERO_BELOW e^x rounds to +0 (e^−103.98 is half the smallest subnormal float), and exp
     * gives +0 without computing it; above EXP_HIGHEST it rounds to +∞ (e^88.73 is past the largest
     * float), and exp's argument is clamped to it.
     */
    private static final FloatVector EXP_ZERO_BELOW = FloatVector.broadcast(S, -104f);
    private static final FloatVector EXP_HIGHEST = FloatVector.broadcast(S, 89f);
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 0x1.715476p0f);
    /** {@code ln 2 = LN2_HI + LN2_LO}: the float nearest it, and the float nearest the rest; negated. */
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0x1.62e430p-1f);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, 0x1.05c610p-29f);
    /**
     * {@code 1/k!} for k = 7 down to 0, the Taylor coefficients of {@code e^r} in the order Horner's
     * scheme takes them, in a loop that C2 unrolls (seven fmas written out parse into 2,000 nodes more).
     * The loop's vector starts as an fma's result: started as a constant vector, C2 keeps it boxed, and
     * exp runs ten times slower.
     */
    private static final float[] TAYLOR = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 1f / 2, 1f, 1f};
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    /**
     * {@code 1.5·2^23}: {@code y + ROUNDER}, for {@code |y| < 2^22}, rounds {@code y} to the nearest
     * integer {@code n}, and its bit pattern is {@code n} plus ROUNDER's.
     */
    private static final float ROUNDER_VALUE = 0x1.8p23f;
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, ROUNDER_VALUE);
    /** Subtracted from the bits of {@code n + ROUNDER}, leaves {@code n + 2·127}: n plus twice the float exponent bias. */
    private static final IntVector ROUNDER_BITS_LESS_TWO_BIASES =
            IntVector.broadcast(IS, Float.floatToRawIntBits(ROUNDER_VALUE) - 2 * 127);
    private static final int FLOAT_MANTISSA_BITS = 23;
    private static final IntVector FLOAT_SIGN = IntVector.broadcast(IS, 0x8000_0000);

    /**
     * The lane permutations of {@link #sum(FloatVector)}: rotations by half the lanes, a quarter, …, one
     * (lane i takes lane i + h, mod the lane count).
     */
    private static final VectorShuffle<Float>[] HALVINGS = halvings(S);
    private static final VectorShuffle<Double>[] DOUBLE_HALVINGS = halvings(DS);

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
        return sum(acc0.add(acc1).add(acc2.add(acc3)));
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
        return sum(acc0.add(acc1));
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
        // One loop, every vector through a mask (all lanes but at the end): exp is inlined once, not twice.
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            acc = acc.add(exp(FloatVector.fromArray(S, x, xo + i, mask).sub(shift)), mask);
        }
        return sum(acc);
    }

    /**
     * {@code out[oo + i] = exp(x[xo + i] − shift)} for {@code i < n} ({@code x} and {@code out} may be one
     * array, {@code xo = oo}); returns their sum, added in float lanes, every vector through a mask.
     */
    static float exponentiate(float[] out, int oo, float[] x, int xo, int n, float shift) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector e = exp(FloatVector.fromArray(S, x, xo + i, mask).sub(shift));
            e.intoArray(out, oo + i, mask);
            acc = acc.add(e, mask);
        }
        // sum(acc), written out: the kernels that call this are large enough that C2 may have spent its
        // inlining budget by here, and a call it does not inline boxes the vector passed to it.
        for (VectorShuffle<Float> halving : HALVINGS) {
            acc = acc.add(acc.rearrange(halving));
        }
        return acc.lane(0);
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
        return sum(acc);
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
        return sum(acc);
    }

    /**
     * {@code e^x} in every lane of a vector of {@link #S}, within 0.94 ulp of the exact value (0.46% of
     * floats not correctly rounded); exactly 0 below −103.98 (−∞ included, which masked scores rely
     * on), +∞ above 88.73, NaN for NaN.
     *
     * <p>Cody–Waite: {@code x = n·ln 2 + r} with {@code n} the integer nearest {@code x·log2(e)} and
     * {@code |r| ≤ ln(2)/2}; {@code e^r} by its Taylor polynomial of degree 7 (truncation error
     * under 1e-8 relative); then {@code e^x = e^r·2^n}, the power of two built in the exponent bits
     * and applied in two halves, so that both are normal floats and a subnormal result is rounded once.
     */
    static FloatVector exp(FloatVector x) {
        // Lanes that round to 0 are worked out from 0 instead and zeroed at the end: on x86 a multiplication
        // whose result underflows takes a microcode assist of some hundred cycles, and attention exponentiates
        // masked scores of −∞ in nearly every block of keys.
        VectorMask<Float> zero = x.lt(EXP_ZERO_BELOW);
        return expFromZeroBound(x.blend(ZERO, zero)).blend(ZERO, zero);
    }

    /** {@link #exp} for lanes that are NaN or at least {@link #EXP_ZERO_BELOW}. */
    private static FloatVector expFromZeroBound(FloatVector x) {
        // A blend, not min, which x86 has no one instruction for (none with Java's rules for NaN and
        // signed zeros); NaN fails the comparison and stays itself.
        FloatVector clamped = x.blend(EXP_HIGHEST, x.compare(VectorOperators.GT, EXP_HIGHEST));
        FloatVector t = clamped.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        // x − n·LN2_HI is a multiple of 2^-25 under 0.35 in magnitude, a float: the first fma is exact.
        FloatVector r = n.fma(MINUS_LN2_HI, clamped);
        r = n.fma(MINUS_LN2_LO, r);
        FloatVector p = FloatVector.broadcast(S, TAYLOR[0]).fma(r, FloatVector.broadcast(S, TAYLOR[1]));
        for (int k = 2; k < TAYLOR.length; k++) {
            p = p.fma(r, FloatVector.broadcast(S, TAYLOR[k]));
        }
        // n in [-150, 128] split in halves n1 = floor(n/2) and n2 = n − n1, each a normal float's
        // exponent: with m = n + 2·127, the biased exponents are m >> 1 and m − (m >> 1).
        IntVector m = t.reinterpretAsInts().sub(ROUNDER_BITS_LESS_TWO_BIASES);
        IntVector biased1 = m.lanewise(VectorOperators.ASHR, 1);
        IntVector biased2 = m.sub(biased1);
        FloatVector scale1 = biased1.lanewise(VectorOperators.LSHL, FLOAT_MANTISSA_BITS).reinterpretAsFloats();
        FloatVector scale2 = biased2.lanewise(VectorOperators.LSHL, FLOAT_MANTISSA_BITS).reinterpretAsFloats();
        return p.mul(scale1).mul(scale2);
    }

    /**
     * {@code tanh(x)} in every lane of a vector of {@link #S}, as {@code sign(x)·(1 − 2/(e^{2|x|} + 1))}
     * with {@link #exp}: within 1.2e-7 absolute (the relative error grows near 0, where the
     * subtraction cancels). For {@code |x|} past 9 the quotient falls under half an ulp of 1, and past
     * 44 exp overflows to +∞, so the result saturates to exactly ±1; ±0 stays ±0 and NaN stays NaN.
     */
    static FloatVector tanh(FloatVector x) {
        // 2|x| is NaN or at least 0: no lane of exp would round to 0.
        FloatVector quotient = TWO.div(expFromZeroBound(x.abs().mul(TWO)).add(ONE));
        IntVector magnitude = ONE.sub(quotient).reinterpretAsInts();
        return magnitude.or(x.reinterpretAsInts().and(FLOAT_SIGN)).reinterpretAsFloats();
    }

    /**
     * The sum of the lanes of a vector of {@link #S} in one fixed order, a pairwise tree: each step
     * adds to every lane the lane half the remaining width away, so that of 16 lanes lane 0 ends up
     * with {@code (((v0 + v8) + (v4 + v12)) + ((v2 + v10) + (v6 + v14))) + (…)}.
     */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> halving : HALVINGS) {
            v = v.add(v.rearrange(halving));
        }
        return v.lane(0);
    }

    /** {@link #sum(FloatVector)} for a vector of doubles of {@link #DS}. */
    static double sum(DoubleVector v) {
        for (VectorShuffle<Double> halving : DOUBLE_HALVINGS) {
            v = v.add(v.rearrange(halving));
        }
        return v.lane(0);
    }

    /** Rotations of the species' lanes by half their count, a quarter, …, one. */
    private static <E> VectorShuffle<E>[] halvings(VectorSpecies<E> species) {
        int steps = Integer.numberOfTrailingZeros(species.length());
        @SuppressWarnings("unchecked")
        VectorShuffle<E>[] halvings = (VectorShuffle<E>[]) new VectorShuffle<?>[steps];
        for (int k = 0; k < steps; k++) {
            halvings[k] = VectorShuffle.iota(species, species.length() >> (k + 1), 1, true);
        }
        return halvings;
    }
}
