package dev.score.engine.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SequencedSet;

/**
 * An open safetensors file: its validated header and its data, memory-mapped so that a file of
 * any size opens at once and only the tensors asked for are read.
 *
 * <p>Closing unmaps the file; arrays already returned stay valid.
 */
public final class SafeTensorsFile implements AutoCloseable {

    // The reference implementation refuses headers over 100 MB; so do we, rather than allocate
    // whatever a corrupt length field asks for.
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ValueLayout.OfLong U64_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment buffer;
    private final SafeTensorsHeader header;

    private SafeTensorsFile(Path path, Arena arena, MemorySegment buffer, SafeTensorsHeader header) {
        this.path = path;
        this.arena = arena;
        this.buffer = buffer;
        this.header = header;
    }

    static SafeTensorsFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw new CheckpointException(path, "is a directory, not a safetensors file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Long.BYTES) {
                throw new CheckpointException(path,
                        "file is " + size + " bytes, too short for the 8-byte header length");
            }
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = whole.get(U64_LE, 0);
            long available = size - Long.BYTES;
            // An unsigned u64 above 2^63 reads as negative: it runs past the end all the same.
            if (headerLength < 0 || headerLength > available) {
                throw new CheckpointException(path, "header length " + Long.toUnsignedString(headerLength)
                        + " runs past the end of the file (" + available + " bytes after the length field)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointException(path, "header length " + headerLength
                        + " exceeds the format's limit of " + MAX_HEADER_BYTES + " bytes");
            }
            byte[] json = whole.asSlice(Long.BYTES, headerLength).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment buffer = whole.asSlice(Long.BYTES + headerLength);
            SafeTensorsHeader header = SafeTensorsHeader.parse(path, json, buffer.byteSize());
            return new SafeTensorsFile(path, arena, buffer, header);
        } catch (IOException e) {
            arena.close();
            throw new CheckpointException(path, "cannot read: " + IoErrors.describe(e), e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The tensor names in header order. */
    public SequencedSet<String> names() {
        return header.tensors().sequencedKeySet();
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw CheckpointException.inTensor(path, name, "no such tensor in the file");
        }
        return info;
    }

    public DType dtype(String name) {
        return info(name).dtype();
    }

    public int[] shape(String name) {
        return info(name).shape();
    }

    /** The {@code __metadata__} strings; empty when the header has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** The tensor's values as float32: F32 as stored, F16 and BF16 widened exactly. */
    public float[] floats(String name) {
        TensorInfo info = info(name);
        int count = arrayLength(info);
        MemorySegment data = buffer.asSlice(info.begin(), info.byteLength());
        float[] values = new float[count];
        switch (info.dtype()) {
            case F32 -> MemorySegment.copy(data, F32_LE, 0, values, 0, count);
            case F16 -> {
                short[] bits = halves(data, count);
                for (int i = 0; i < count; i++) {
                    values[i] = Float.float16ToFloat(bits[i]);
                }
            }
            case BF16 -> {
                // bfloat16 is the upper half of a float32, so widening is a shift.
                short[] bits = halves(data, count);
                for (int i = 0; i < count; i++) {
                    values[i] = Float.intBitsToFloat(bits[i] << 16);
                }
            }
            default -> throw CheckpointException.inTensor(path, name,
                    "dtype " + info.dtype() + " cannot be read as floats (expected F32, F16 or BF16)");
        }
        return values;
    }

    /** The tensor's values as int64: I64 as stored, I32 widened. */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        int count = arrayLength(info);
        MemorySegment data = buffer.asSlice(info.begin(), info.byteLength());
        long[] values = new long[count];
        switch (info.dtype()) {
            case I64 -> MemorySegment.copy(data, U64_LE, 0, values, 0, count);
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.getAtIndex(I32_LE, i);
                }
            }
            default -> throw CheckpointException.inTensor(path, name,
                    "dtype " + info.dtype() + " cannot be read as integers (expected I64 or I32)");
        }
        return values;
    }

    @Override
    public void close() {
        arena.close();
    }

    private static short[] halves(MemorySegment data, int count) {
        short[] bits = new short[count];
        MemorySegment.copy(data, U16_LE, 0, bits, 0, count);
        return bits;
    }

    private int arrayLength(TensorInfo info) {
        long count = info.elementCount();
        // The JVM's largest array is a few elements short of Integer.MAX_VALUE.
        if (count > Integer.MAX_VALUE - 8) {
            throw CheckpointException.inTensor(path, info.name(),
                    count + " elements are more than one Java array can hold");
        }
        return (int) count;
    }
}
