package dev.score.cuda;

import dev.score.kernels.Storage;
import jcuda.driver.CUdeviceptr;

/**
 * {@code size} floats in device memory, made by one {@link CudaBackend}'s {@link DeviceMemory}, which frees
 * them once this storage is unreachable, or when the backend closes.
 *
 * @param pointer the allocation, for the driver API (null when {@code size} is 0: nothing is allocated)
 * @param address the same device address as a number, for cuBLAS through java.lang.foreign
 * @param owner   the memory that allocated it, so that a storage of another backend is refused
 */
record CudaStorage(CUdeviceptr pointer, long address, int size, DeviceMemory owner) implements Storage {

    /** The device pointer {@code floats} floats past the start. */
    CUdeviceptr at(long floats) {
        return pointer.withByteOffset(floats * Float.BYTES);
    }

    @Override
    public String toString() {
        return "CudaStorage[" + size + " floats at 0x" + Long.toHexString(address) + "]";
    }
}
