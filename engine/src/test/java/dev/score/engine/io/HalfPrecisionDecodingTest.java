package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAboutTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F16 and BF16 tensors, built bit pattern by bit pattern, widen to exactly the float32 each
 * pattern denotes; expected values are written out independently of the decoder.
 */
class HalfPrecisionDecodingTest {

    @TempDir
    Path dir;

    private float[] decode(String dtype, int... bits) {
        String header = "{\"x\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + bits.length
                + "],\"data_offsets\":[0," + 2 * bits.length + "]}}";
        Path file = RawSafeTensors.write(dir.resolve(dtype + ".safetensors"), header, RawSafeTensors.halves(bits));
        try (SafeTensorsFile tensors = SafeTensors.read(file)) {
            assertEquals(DType.valueOf(dtype), tensors.dtype("x"));
            return tensors.floats("x");
        }
    }

    /** Compares bit patterns, so that -0.0 differs from 0.0 and NaNs are checked too. */
    private static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    "element " + i + ": expected " + expected[i] + ", found " + actual[i]);
        }
    }

    @Test
    void f16NormalNumbers() {
        assertBits(
                new float[] {1.0f, -2.0f, 0.5f, 65504.0f, 0x1p-14f, 0.333251953125f, -1.5f},
                decode("F16", 0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0400, 0x3555, 0xBE00));
    }

    @Test
    void f16SubnormalNumbers() {
        assertBits(
                new float[] {0x1p-24f, 1023 * 0x1p-24f, -0x1p-24f, 512 * 0x1p-24f},
                decode("F16", 0x0001, 0x03FF, 0x8001, 0x0200));
    }

    @Test
    void f16SignedZeros() {
        assertBits(new float[] {0.0f, -0.0f}, decode("F16", 0x0000, 0x8000));
    }

    @Test
    void f16Infinities() {
        assertBits(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, decode("F16", 0x7C00, 0xFC00));
    }

    @Test
    void f16NaNs() {
        float[] values = decode("F16", 0x7E00, 0xFE00, 0x7C01);
        for (float v : values) {
            assertTrue(Float.isNaN(v), "expected NaN, found " + v);
        }
        assertEquals(0, Float.floatToRawIntBits(values[0]) >>> 31, "quiet NaN keeps its sign");
        assertEquals(1, Float.floatToRawIntBits(values[1]) >>> 31, "negative NaN keeps its sign");
    }

    @Test
    void bf16Values() {
        assertBits(
                new float[] {1.0f, -3.0f, 3.140625f, 0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY},
                decode("BF16", 0x3F80, 0xC040, 0x4049, 0x0000, 0x8000, 0x7F80, 0xFF80));
    }

    @Test
    void bf16SubnormalAndNaN() {
        float[] values = decode("BF16", 0x0001, 0x807F, 0x7FC0);
        assertBits(new float[] {Float.intBitsToFloat(0x0001_0000), Float.intBitsToFloat(0x807F_0000)},
                new float[] {values[0], values[1]});
        assertEquals(0x7FC0_0000, Float.floatToRawIntBits(values[2]));
    }

    @Test
    void multiDimensionalTensorKeepsRowMajorOrderAndShape() {
        String header = "{\"m\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]}}";
        Path file = RawSafeTensors.write(dir.resolve("m.safetensors"), header,
                RawSafeTensors.halves(0x3C00, 0x4000, 0x4200, 0x4400, 0x4500, 0x4600));
        try (SafeTensorsFile tensors = SafeTensors.read(file)) {
            assertArrayEquals(new int[] {2, 3}, tensors.shape("m"));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tensors.floats("m"));
        }
    }

    @Test
    void otherDtypesAreNotReadAsFloats() {
        String header = "{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Path file = RawSafeTensors.write(dir.resolve("d.safetensors"), header, new byte[8]);
        try (SafeTensorsFile tensors = SafeTensors.read(file)) {
            assertFailsAboutTensor(file, "d", () -> tensors.floats("d"),
                    "dtype F64 cannot be read as floats (expected F32, F16 or BF16)");
        }
    }
}
