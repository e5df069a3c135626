package dev.score.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Builds safetensors files byte by byte, independently of the writer under test, so that tests
 * can pin the format and hand the reader files no correct writer would produce.
 */
final class RawSafeTensors {

    private RawSafeTensors() {}

    /** The length field, then {@code headerJson} as UTF-8 (unpadded), then {@code data}. */
    static Path write(Path file, String headerJson, byte[] data) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return writeBytes(file, concat(u64(header.length), header, data));
    }

    static Path writeBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    /** Each value's low 16 bits, little-endian: F16 or BF16 bit patterns. */
    static byte[] halves(int... bits) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int b : bits) {
            buffer.putShort((short) b);
        }
        return buffer.array();
    }

    static byte[] f32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    static byte[] i32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    /** Entries laid out back to back, for files with dtypes our writer does not produce. */
    static final class Builder {
        private final StringBuilder header = new StringBuilder();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        Builder add(String name, String dtype, int[] shape, byte[] bytes) {
            header.append(header.isEmpty() ? "{" : ",")
                    .append('"').append(name).append("\":{\"dtype\":\"").append(dtype)
                    .append("\",\"shape\":").append(Arrays.toString(shape))
                    .append(",\"data_offsets\":[").append(data.size()).append(',')
                    .append(data.size() + bytes.length).append("]}");
            data.writeBytes(bytes);
            return this;
        }

        Path write(Path file) {
            return RawSafeTensors.write(file, header.isEmpty() ? "{}" : header + "}", data.toByteArray());
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
