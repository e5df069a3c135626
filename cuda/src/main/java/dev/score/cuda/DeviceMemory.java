package dev.score.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuPointerGetAttribute;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUpointer_attribute;

/**
 * The device allocations of one backend. Each {@link CudaStorage} is freed by a {@link Cleaner} once it is
 * unreachable; {@link #close} frees whatever is still live. Index arrays from the host (targets, positions,
 * token ids, cached lengths) go through one reused device buffer of ints.
 *
 * <p>Every copy here is a synchronous driver copy on the legacy default stream, the one stream this backend
 * uses: it waits for the kernels launched before it, so reusing the index buffer cannot overwrite indices a
 * kernel still reads.
 */
final class DeviceMemory implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaDevice device;
    private final Set<Cleaner.Cleanable> live = ConcurrentHashMap.newKeySet();
    private final ScratchBuffer indexBuffer = new ScratchBuffer(this, 1024);

    DeviceMemory(CudaDevice device) {
        this.device = device;
    }

    /** {@code size} floats of uninitialized device memory. */
    CudaStorage allocateUninitialized(int size) {
        if (size < 0) {
            throw new NegativeArraySizeException("cannot allocate " + size + " floats");
        }
        if (size == 0) {
            return new CudaStorage(null, 0L, 0, this);
        }
        device.makeCurrent();
        CUdeviceptr pointer = new CUdeviceptr();
        cuMemAlloc(pointer, (long) size * Float.BYTES);
        CudaStorage storage = new CudaStorage(pointer, addressOf(pointer), size, this);
        Cleaner.Cleanable[] self = new Cleaner.Cleanable[1];
        // The action holds the pointer, never the storage, or the storage would stay reachable.
        self[0] = CLEANER.register(storage, () -> free(pointer, self[0]));
        live.add(self[0]);
        return storage;
    }

    /** {@code size} zeros. */
    CudaStorage allocateZeros(int size) {
        CudaStorage storage = allocateUninitialized(size);
        if (size > 0) {
            cuMemsetD32(storage.pointer(), 0, size);
        }
        return storage;
    }

    /** A device copy of {@code values[0 .. count)} as ints (float-sized slots: both are 4 bytes), in the reused index buffer. */
    CudaStorage uploadInts(int[] values, int count) {
        CudaStorage buffer = indexBuffer.atLeast(count);
        if (count > 0) {
            device.makeCurrent();
            cuMemcpyHtoD(buffer.pointer(), Pointer.to(values), (long) count * Integer.BYTES);
        }
        return buffer;
    }

    /** Frees every storage still live; the storages must not be used afterwards. Idempotent. */
    @Override
    public void close() {
        for (Cleaner.Cleanable cleanable : Set.copyOf(live)) {
            cleanable.clean();
        }
    }

    private void free(CUdeviceptr pointer, Cleaner.Cleanable cleanable) {
        live.remove(cleanable);
        // On the cleaner's thread the context must be made current first; cuMemFree waits for the kernels
        // that may still use the memory.
        device.makeCurrent();
        cuMemFree(pointer);
    }

    /**
     * The device address behind a driver-API pointer, asked of the driver itself
     * ({@code CU_POINTER_ATTRIBUTE_DEVICE_POINTER}): JCuda keeps it in a private field and offers no getter,
     * and cuBLAS through java.lang.foreign needs it as a number.
     */
    private static long addressOf(CUdeviceptr pointer) {
        long[] address = new long[1];
        cuPointerGetAttribute(Pointer.to(address), CUpointer_attribute.CU_POINTER_ATTRIBUTE_DEVICE_POINTER, pointer);
        return address[0];
    }
}
