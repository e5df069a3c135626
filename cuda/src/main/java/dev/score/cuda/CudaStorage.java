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

    /**
     * The floats from {@code floats} on, as a storage that owns nothing: a kernel parameter for the second
     * half of a buffer. The caller keeps this storage reachable while the view is in use.
     */
    CudaStorage offsetBy(int floats) {
        return new CudaStorage(at(floats), address + (long) floats * Float.BYTES, size - floats, owner);
    }

    @Override
    public String toString() {
        return "CudaStorage[" + size + " floats at 0x" + Long.toHexString(address) + "]";
    }
}
