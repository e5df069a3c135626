package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath}'s exp and tanh give exactly the bits they gave when they were introduced, and
 * the kernels' fused exponentiate-and-sum gives exactly the bits of exp and {@link VectorMath#sum(FloatVector)}
 * one after the other. Changes made only for speed (how exp is written, where a sum is inlined) must not
 * move a single bit: a run repeats under a seed only while every kernel does.
 */
class VectorMathBitsTest {

    /**
     * CRC-32 of the bits of exp and tanh over {@link #arguments()}, as the first versions gave them
     * (commit 684c2cf). Every lane is computed on its own, so they do not depend on the vector width.
     */
    private static final long EXP_BITS = 0xfced53ccL;
    private static final long TANH_BITS = 0x082edd1aL;

    @Test
    void expGivesTheBitsItAlwaysGave() {
        assertEquals(EXP_BITS, crcOfLanes(VectorMath::exp, arguments()));
    }

    @Test
    void tanhGivesTheBitsItAlwaysGave() {
        assertEquals(TANH_BITS, crcOfLanes(VectorMath::tanh, arguments()));
    }

    @Test
    void exponentiateAndSumExpGiveTheBitsOfExpThenSum() {
        RandomArrays random = new RandomArrays(5);
        float[] x = random.normal(600, 0, 20);
        x[7] = Float.NEGATIVE_INFINITY;
        x[90] = -200f;
        for (int n : new int[] {1, 5, L - 1, L, L + 1, 37, 4 * L, 100, 513}) {
            for (int offset : new int[] {0, 3, 64}) {
                float shift = x[offset] / 2;
                float[] out = new float[offset + n];
                float sum = VectorMath.exponentiate(out, offset, x, offset, n, shift);

                FloatVector acc = FloatVector.zero(S);
                float[] expected = new float[offset + n];
                for (int i = 0; i < n; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, n);
                    FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, offset + i, mask).sub(shift));
                    e.intoArray(expected, offset + i, mask);
                    acc = acc.add(e, mask);
                }
                String where = "n = " + n + ", offset = " + offset;
                assertEquals(Float.floatToRawIntBits(VectorMath.sum(acc)), Float.floatToRawIntBits(sum), where);
                assertArrayEquals(bits(expected), bits(out), where);
                assertEquals(Float.floatToRawIntBits(VectorMath.sum(acc)),
                        Float.floatToRawIntBits(VectorMath.sumExp(x, offset, n, shift)), "sumExp, " + where);
            }
        }
    }

    /**
     * Two million arguments: special values and the edges of exp's range, one float bit pattern in
     * 4,099 over all of them (NaNs, infinities and subnormals included), and a million evenly spaced
     * from −110 to 90.
     */
    private static float[] arguments() {
        float[] specials = {0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0xffa00001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
            -Float.MAX_VALUE, -110f, -104f, Math.nextDown(-104f), -0x1.9fe368p6f, Math.nextDown(-0x1.9fe368p6f),
            88.72283f, 88.72284f, 89f, Math.nextUp(89f), 9f, 44f, -44f};
        int stride = 4099;
        int dense = 1 << 20;
        float[] x = new float[specials.length + (int) ((1L << 32) / stride) + 1 + dense];
        System.arraycopy(specials, 0, x, 0, specials.length);
        int at = specials.length;
        for (long bits = 0; bits < (1L << 32); bits += stride) {
            x[at++] = Float.intBitsToFloat((int) bits);
        }
        for (int i = 0; i < dense; i++) {
            x[at++] = -110f + 200f * i / dense;
        }
        return Arrays.copyOf(x, at);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** CRC-32 of the bits of {@code function} applied to {@code x} (big-endian), a vector at a time. */
    private static long crcOfLanes(UnaryOperator<FloatVector> function, float[] x) {
        float[] lanes = new float[L];
        byte[] bytes = new byte[4 * L];
        CRC32 crc = new CRC32();
        for (int i = 0; i < x.length; i += L) {
            int count = Math.min(L, x.length - i);
            Arrays.fill(lanes, 1f);
            System.arraycopy(x, i, lanes, 0, count);
            function.apply(FloatVector.fromArray(S, lanes, 0)).intoArray(lanes, 0);
            for (int j = 0; j < count; j++) {
                int bits = Float.floatToRawIntBits(lanes[j]);
                bytes[4 * j] = (byte) (bits >>> 24);
                bytes[4 * j + 1] = (byte) (bits >>> 16);
                bytes[4 * j + 2] = (byte) (bits >>> 8);
                bytes[4 * j + 3] = (byte) bits;
            }
            crc.update(bytes, 0, 4 * count);
        }
        return crc.getValue();
    }
}
