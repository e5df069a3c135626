package dev.score.kernels;

/**
 * A block of float32 memory owned by one {@link Backend}.
 *
 * <p>The engine holds tensors as storages and never reads their floats directly: a CPU backend
 * keeps them in a Java array ({@link HostStorage}), a GPU backend would keep them in device memory.
 * Values cross to the host only through {@link Backend#toArray} and {@link Backend#fromArray}.
 */
public interface Storage {
    /** Number of float32 elements. */
    int size();
}
