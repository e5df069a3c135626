package dev.score.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON naming
 * each tensor's dtype, shape and byte range, then the data buffer those ranges point into.
 */
public final class SafeTensors {

    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensors() {}

    /** Opens and validates {@code file}; close the result to unmap it. */
    public static SafeTensorsFile read(Path file) {
        return SafeTensorsFile.open(file);
    }

    /**
     * Writes the tensors in the order given, F32 or I64 as their {@link TensorData} says, with the
     * metadata strings, atomically: a reader sees the old file or the complete new one.
     */
    public static void write(Path file, SequencedMap<String, TensorData> tensors, Map<String, String> metadata) {
        byte[] header = encodeHeader(file, tensors, metadata);
        AtomicFiles.write(file, channel -> {
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(header.length).flip();
            AtomicFiles.writeFully(channel, chunk);
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(header));
            for (TensorData tensor : tensors.values()) {
                writeValues(channel, chunk, tensor);
            }
        });
    }

    private static byte[] encodeHeader(Path file, SequencedMap<String, TensorData> tensors, Map<String, String> metadata) {
        ObjectNode header = JsonFiles.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(SafeTensorsHeader.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            if (entry.getKey().equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new CheckpointException(file, "a tensor cannot be named \"__metadata__\"");
            }
            TensorData tensor = entry.getValue();
            long end = offset + Shapes.elementCount(tensor.shape()) * tensor.dtype().byteSize();
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", tensor.dtype().name());
            ArrayNode shape = info.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JsonFiles.MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "cannot encode header: " + e.getOriginalMessage(), e);
        }
        // Padding with spaces keeps the data buffer 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        byte[] header8 = Arrays.copyOf(json, padded);
        Arrays.fill(header8, json.length, padded, (byte) ' ');
        return header8;
    }

    private static void writeValues(WritableByteChannel channel, ByteBuffer chunk, TensorData tensor)
            throws IOException {
        switch (tensor) {
            case TensorData.Floats(var _, FloatValues values) -> {
                int perChunk = CHUNK_BYTES / Float.BYTES;
                float[] read = new float[Math.min(perChunk, values.size())];
                for (int from = 0; from < values.size(); from += perChunk) {
                    int n = Math.min(perChunk, values.size() - from);
                    values.read(from, read, n);
                    chunk.clear();
                    chunk.asFloatBuffer().put(read, 0, n);
                    chunk.limit(n * Float.BYTES);
                    AtomicFiles.writeFully(channel, chunk);
                }
            }
            case TensorData.Longs(var _, long[] values) -> {
                int perChunk = CHUNK_BYTES / Long.BYTES;
                for (int from = 0; from < values.length; from += perChunk) {
                    int n = Math.min(perChunk, values.length - from);
                    chunk.clear();
                    chunk.asLongBuffer().put(values, from, n);
                    chunk.limit(n * Long.BYTES);
                    AtomicFiles.writeFully(channel, chunk);
                }
            }
        }
    }
}
