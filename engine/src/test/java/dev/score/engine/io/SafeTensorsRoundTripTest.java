package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static dev.score.engine.io.Failures.assertFailsAboutTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing then reading gives back every value bit for bit, in a layout other readers accept. */
class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    /** Values whose bits a careless conversion would change. */
    static final float[] AWKWARD_FLOATS = {
        0.0f, -0.0f, 1.0f, -1.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7FA0_0001),
        Float.intBitsToFloat(0xFFC0_1234), 0.1f, (float) Math.PI
    };

    static void assertSameBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]);
            int a = Float.floatToRawIntBits(actual[i]);
            if (e != a) {
                throw new AssertionError("element " + i + ": expected bits " + Integer.toHexString(e)
                        + ", found " + Integer.toHexString(a));
            }
        }
    }

    @Test
    void floatsAndLongsComeBackBitForBit() {
        long[] longs = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x0123_4567_89AB_CDEFL};
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("awkward", TensorData.floats(AWKWARD_FLOATS, 3, 5));
        tensors.put("ids", TensorData.longs(longs, 2, 3));
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt", "note", "héllo ✓"));

        try (SafeTensorsFile read = SafeTensors.read(file)) {
            assertEquals(List.of("awkward", "ids"), List.copyOf(read.names()));
            assertEquals(DType.F32, read.dtype("awkward"));
            assertArrayEquals(new int[] {3, 5}, read.shape("awkward"));
            assertSameBits(AWKWARD_FLOATS, read.floats("awkward"));
            assertEquals(DType.I64, read.dtype("ids"));
            assertArrayEquals(new int[] {2, 3}, read.shape("ids"));
            assertArrayEquals(longs, read.longs("ids"));
            assertEquals(Map.of("format", "pt", "note", "héllo ✓"), read.metadata());
        }
    }

    @Test
    void headerOrderIsKept() {
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        for (String name : List.of("z", "a", "m", "b")) {
            tensors.put(name, TensorData.floats(new float[] {1}, 1));
        }
        Path file = dir.resolve("order.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        try (SafeTensorsFile read = SafeTensors.read(file)) {
            assertEquals(List.of("z", "a", "m", "b"), List.copyOf(read.names()));
            assertEquals(Map.of(), read.metadata());
        }
    }

    @Test
    void bytesOnDiskFollowTheFormat() throws IOException {
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("a", TensorData.floats(new float[] {1.0f, -2.0f}, 2));
        Path file = dir.resolve("exact.safetensors");
        SafeTensors.write(file, tensors, Map.of());

        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        byte[] expected = RawSafeTensors.concat(
                RawSafeTensors.u64(padded.length()),
                padded.getBytes(StandardCharsets.UTF_8),
                RawSafeTensors.f32(1.0f, -2.0f));
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOfEight() throws IOException {
        for (int nameLength = 1; nameLength <= 9; nameLength++) {
            LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
            tensors.put("n".repeat(nameLength), TensorData.floats(new float[] {7}, 1));
            Path file = dir.resolve("pad" + nameLength + ".safetensors");
            SafeTensors.write(file, tensors, Map.of());

            byte[] bytes = Files.readAllBytes(file);
            long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLength % 8, "header length " + headerLength);
            String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            assertTrue(header.stripTrailing().endsWith("}"), header);
            assertTrue(header.substring(header.lastIndexOf('}') + 1).chars().allMatch(c -> c == ' '), header);
        }
    }

    @Test
    void largeTensorsSpanManyWriteChunks() {
        float[] values = new float[(1 << 20) + 3];
        Random random = new Random(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("big", TensorData.floats(values, values.length));
        tensors.put("after", TensorData.floats(new float[] {5, 6}, 2));
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        try (SafeTensorsFile read = SafeTensors.read(file)) {
            assertSameBits(values, read.floats("big"));
            assertArrayEquals(new float[] {5, 6}, read.floats("after"));
        }
    }

    @Test
    void emptyAndZeroElementTensorsAreFine() {
        Path none = dir.resolve("none.safetensors");
        SafeTensors.write(none, new LinkedHashMap<>(), Map.of());
        try (SafeTensorsFile read = SafeTensors.read(none)) {
            assertTrue(read.names().isEmpty());
        }
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("empty", TensorData.floats(new float[0], 0, 4));
        tensors.put("scalar", TensorData.floats(new float[] {3}));
        Path file = dir.resolve("zero.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        try (SafeTensorsFile read = SafeTensors.read(file)) {
            assertArrayEquals(new float[0], read.floats("empty"));
            assertArrayEquals(new int[] {0, 4}, read.shape("empty"));
            assertArrayEquals(new float[] {3}, read.floats("scalar"));
            assertArrayEquals(new int[0], read.shape("scalar"));
        }
    }

    @Test
    void unalignedDataIsReadCorrectly() {
        // A 7-byte header and a leading 1-byte tensor leave every later tensor at an odd address.
        String header = "{\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[1,9]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[9,17]}}";
        Path file = RawSafeTensors.write(dir.resolve("odd.safetensors"), header, RawSafeTensors.concat(
                new byte[] {9}, RawSafeTensors.f32(1.25f, -8f), RawSafeTensors.i32(-7, Integer.MAX_VALUE)));
        try (SafeTensorsFile read = SafeTensors.read(file)) {
            assertArrayEquals(new float[] {1.25f, -8f}, read.floats("f"));
            assertArrayEquals(new long[] {-7, Integer.MAX_VALUE}, read.longs("i"));
            assertFailsAboutTensor(file, "f", () -> read.longs("f"), "dtype F32 cannot be read as integers");
        }
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        LinkedHashMap<String, TensorData> first = new LinkedHashMap<>();
        first.put("w", TensorData.floats(new float[] {1, 2, 3}, 3));
        SafeTensors.write(file, first, Map.of());
        LinkedHashMap<String, TensorData> second = new LinkedHashMap<>();
        second.put("w", TensorData.floats(new float[] {4}, 1));
        SafeTensors.write(file, second, Map.of());

        try (SafeTensorsFile read = SafeTensors.read(file)) {
            assertArrayEquals(new float[] {4}, read.floats("w"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        LinkedHashMap<String, TensorData> good = new LinkedHashMap<>();
        good.put("w", TensorData.floats(new float[] {1}, 1));
        SafeTensors.write(file, good, Map.of());
        byte[] before = Files.readAllBytes(file);

        LinkedHashMap<String, TensorData> bad = new LinkedHashMap<>();
        bad.put("__metadata__", TensorData.floats(new float[] {1}, 1));
        assertFailsAbout(file, () -> SafeTensors.write(file, bad, Map.of()), "cannot be named \"__metadata__\"");

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writingIntoAPathUnderARegularFileFails() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
        Path file = blocker.resolve("model.safetensors");
        assertFailsAbout(file, () -> SafeTensors.write(file, new LinkedHashMap<>(), Map.of()), "cannot write");
    }

    @Test
    void tensorDataRejectsAShapeThatDoesNotFitItsValues() {
        assertThrows(IllegalArgumentException.class, () -> TensorData.floats(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> TensorData.longs(new long[0], -1));
        assertArrayEquals(new int[] {2, 2}, TensorData.floats(new float[4], 2, 2).shape());
    }
}
