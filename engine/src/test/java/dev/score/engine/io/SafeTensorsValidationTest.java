package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static dev.score.engine.io.Failures.assertFailsAboutTensor;
import static dev.score.engine.io.RawSafeTensors.concat;
import static dev.score.engine.io.RawSafeTensors.f32;
import static dev.score.engine.io.RawSafeTensors.u64;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a safetensors file can be malformed fails with a message naming the file and tensor. */
class SafeTensorsValidationTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("bad.safetensors");
    }

    private static void open(Path file) {
        // Opening validates the whole header.
        SafeTensors.read(file).close();
    }

    /** A file with one header entry for tensor "t" and {@code data}. */
    private Path withEntry(String entryJson, byte[] data) {
        return RawSafeTensors.write(file(), "{\"t\":" + entryJson + "}", data);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("absent.safetensors");
        assertFailsAbout(missing, () -> open(missing), "no such file");
    }

    @Test
    void directoryInsteadOfFile() {
        assertFailsAbout(dir, () -> open(dir), "is a directory");
    }

    @Test
    void emptyFile() {
        Path file = RawSafeTensors.writeBytes(file(), new byte[0]);
        assertFailsAbout(file, () -> open(file), "0 bytes", "too short");
    }

    @Test
    void fileShorterThanTheLengthField() {
        Path file = RawSafeTensors.writeBytes(file(), new byte[] {2, 0, 0, 0, 0});
        assertFailsAbout(file, () -> open(file), "5 bytes", "too short");
    }

    @Test
    void headerLengthLargerThanTheFile() {
        Path file = RawSafeTensors.writeBytes(file(), concat(u64(100), "{}".getBytes()));
        assertFailsAbout(file, () -> open(file), "header length 100", "past the end of the file");
    }

    @Test
    void headerLengthAboveTwoToTheSixtyThreeIsPrintedUnsigned() {
        Path file = RawSafeTensors.writeBytes(file(), concat(u64(-1), "{}".getBytes()));
        assertFailsAbout(file, () -> open(file), "header length 18446744073709551615", "past the end");
    }

    @Test
    void headerLengthAboveTheFormatLimit() throws IOException {
        long tooLong = SafeTensorsFile.MAX_HEADER_BYTES + 1;
        Path file = RawSafeTensors.writeBytes(file(), u64(tooLong));
        // A sparse file: long enough to hold the header, without writing 100 MB.
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(8 + tooLong);
        }
        assertFailsAbout(file, () -> open(file), "exceeds the format's limit");
    }

    @Test
    void emptyHeader() {
        Path file = RawSafeTensors.write(file(), "", new byte[0]);
        assertFailsAbout(file, () -> open(file), "header: empty, expected a JSON object");
    }

    @Test
    void headerNotJson() {
        Path file = RawSafeTensors.write(file(), "{\"t\": {dtype: F32}}", new byte[0]);
        assertFailsAbout(file, () -> open(file), "header: not valid JSON", "line 1");
    }

    @Test
    void headerNotUtf8() {
        byte[] header = {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '};
        Path file = RawSafeTensors.writeBytes(file(), concat(u64(header.length), header));
        assertFailsAbout(file, () -> open(file), "header: not valid JSON", "UTF-8");
    }

    @Test
    void headerNotAnObject() {
        Path file = RawSafeTensors.write(file(), "[1, 2]", new byte[0]);
        assertFailsAbout(file, () -> open(file), "header: expected a JSON object, found an array");
    }

    @Test
    void headerWithTrailingContent() {
        Path file = RawSafeTensors.write(file(), "{} {}", new byte[0]);
        assertFailsAbout(file, () -> open(file), "header: not valid JSON");
    }

    @Test
    void duplicateTensorName() {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        Path file = RawSafeTensors.write(file(), "{\"t\":" + entry + ",\"t\":" + entry + "}", f32(1));
        assertFailsAbout(file, () -> open(file), "header: not valid JSON", "Duplicate field 't'");
    }

    @Test
    void entryNotAnObject() {
        Path file = withEntry("[\"F32\", [1], [0, 4]]", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "must be an object", "found an array");
    }

    @Test
    void entryWithoutDtype() {
        Path file = withEntry("{\"shape\":[1],\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "no \"dtype\"");
    }

    @Test
    void entryWithoutShape() {
        Path file = withEntry("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "no \"shape\"");
    }

    @Test
    void entryWithoutDataOffsets() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "no \"data_offsets\"");
    }

    @Test
    void dtypeNotAString() {
        Path file = withEntry("{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "\"dtype\" must be a string, found number 4");
    }

    @Test
    void unknownDtype() {
        Path file = withEntry("{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "unknown dtype 'F31'");
    }

    @Test
    void shapeNotAnArray() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":\"[1]\",\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "\"shape\" must be an array", "found string");
    }

    @Test
    void shapeWithNonIntegerDimension() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "must hold integers, found number 1.5");
    }

    @Test
    void negativeDimension() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "negative dimension -1");
    }

    @Test
    void dimensionBeyondAnInt() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[4294967296, 0],\"data_offsets\":[0,0]}", new byte[0]);
        assertFailsAboutTensor(file, "t", () -> open(file), "4294967296 is larger than 2^31-1");
    }

    @Test
    void dataOffsetsNotAPair() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "\"data_offsets\" must be [begin, end]");
    }

    @Test
    void negativeDataOffset() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "non-negative integers, found number -4");
    }

    @Test
    void dataOffsetBeyondALong() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551616]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "past the end of the data buffer");
    }

    @Test
    void endBeforeBegin() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file), "data_offsets [4, 0]: end is before begin");
    }

    @Test
    void offsetsOutsideTheBuffer() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", f32(1));
        assertFailsAboutTensor(file, "t", () -> open(file),
                "data_offsets [0, 8] run past the end of the data buffer (4 bytes)");
    }

    @Test
    void byteLengthDisagreesWithShape() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}", f32(1, 2, 3));
        assertFailsAboutTensor(file, "t", () -> open(file),
                "hold 12 bytes, but shape [2, 2] of F32 needs 16");
    }

    @Test
    void byteLengthOverflowingTheShapeProduct() {
        Path file = withEntry(
                "{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}", f32(1, 2));
        assertFailsAboutTensor(file, "t", () -> open(file), "needs more than 2^63");
    }

    @Test
    void overlappingTensors() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Path file = RawSafeTensors.write(file(), header, f32(1, 2, 3));
        assertFailsAboutTensor(file, "b", () -> open(file), "bytes [4, 12) overlap tensor 'a' at bytes [0, 8)");
    }

    @Test
    void holeBetweenTensors() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Path file = RawSafeTensors.write(file(), header, f32(1, 2, 3));
        assertFailsAbout(file, () -> open(file), "bytes [4, 8) of the data buffer belong to no tensor");
    }

    @Test
    void trailingBytesAfterTheLastTensor() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", f32(1, 2));
        assertFailsAbout(file, () -> open(file), "bytes [4, 8) at the end of the data buffer belong to no tensor");
    }

    @Test
    void metadataNotAnObject() {
        Path file = RawSafeTensors.write(file(), "{\"__metadata__\":[\"pt\"]}", new byte[0]);
        assertFailsAbout(file, () -> open(file), "\"__metadata__\" must be an object of strings, found an array");
    }

    @Test
    void metadataValueNotAString() {
        Path file = RawSafeTensors.write(file(), "{\"__metadata__\":{\"step\":7}}", new byte[0]);
        assertFailsAbout(file, () -> open(file), "value of \"step\" must be a string, found number 7");
    }

    @Test
    void unknownTensorName() {
        Path file = withEntry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", f32(1));
        try (SafeTensorsFile tensors = SafeTensors.read(file)) {
            assertFailsAboutTensor(file, "u", () -> tensors.floats("u"), "no such tensor");
        }
    }
}
