package dev.score.cuda;

/**
 * A device buffer that calls reuse, each needing it only until it returns, grown by doubling so that a
 * decoding step's small buffers (chosen tokens, uniforms, index arrays) are allocated a few times per run
 * rather than once per call. Reuse is safe because this backend uses one stream and synchronous copies: a
 * call's copy back waits for the kernels that read the buffer.
 */
final class ScratchBuffer {
    private final DeviceMemory memory;
    private final int minimum;
    private CudaStorage buffer;

    /** Buffers of {@code minimum} floats at least, from {@code memory}. */
    ScratchBuffer(DeviceMemory memory, int minimum) {
        this.memory = memory;
        this.minimum = minimum;
    }

    /** The buffer, of {@code size} floats or more; what it held is not kept when it grows. */
    CudaStorage atLeast(int size) {
        if (buffer == null || buffer.size() < size) {
            long doubled = buffer == null ? 0 : 2L * buffer.size();
            buffer = memory.allocateUninitialized((int) Math.max(minimum, Math.max(size, Math.min(Integer.MAX_VALUE,
                    doubled))));
        }
        return buffer;
    }
}
