package dev.score.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * Device 0 through JCuda's driver API: its primary context, and the kernels' module loaded from the fatbin
 * that nvcc built into this jar ({@value #FATBIN}). JCuda's exceptions are on, so every failing driver call
 * throws a {@link jcuda.CudaException} naming its error.
 */
final class CudaDevice implements AutoCloseable {

    /** The fatbin's resource name, beside this class. */
    static final String FATBIN = "kernels.fatbin";

    private final CUdevice device;
    private final CUcontext context;
    private final CUmodule module;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String name;
    private final int major;
    private final int minor;
    private final int driverVersion;
    /** Whether the context is current on a thread: a driver context is current per thread. */
    private final ThreadLocal<Boolean> currentHere = ThreadLocal.withInitial(() -> false);
    private boolean closed;

    private CudaDevice(byte[] fatbin) {
        initDriver();
        device = new CUdevice();
        cuDeviceGet(device, 0);
        context = new CUcontext();
        cuDevicePrimaryCtxRetain(context, device);
        makeCurrent();
        module = new CUmodule();
        cuModuleLoadData(module, fatbin);
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, device);
        name = new String(nameBytes, StandardCharsets.US_ASCII).trim().replace("\0", "");
        major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int[] version = new int[1];
        cuDriverGetVersion(version);
        driverVersion = version[0];
    }

    /**
     * Opens device 0.
     *
     * @throws IllegalStateException when the jar holds no kernels
     */
    static CudaDevice open() {
        return new CudaDevice(fatbin().orElseThrow(() -> new IllegalStateException(noKernelsReason())));
    }

    /** Loads JCuda's driver library (which links libcuda.so.1) and initializes the driver. */
    static void initDriver() {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
    }

    /** How many devices the driver sees; {@link #initDriver} first. */
    static int deviceCount() {
        int[] count = new int[1];
        cuDeviceGetCount(count);
        return count[0];
    }

    /** The kernels nvcc built into this jar, if it ran when the jar was built. */
    static Optional<byte[]> fatbin() {
        try (InputStream in = CudaDevice.class.getResourceAsStream(FATBIN)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String noKernelsReason() {
        return "the CUDA kernels were not built (nvcc was not on the PATH when this jar was built)";
    }

    /** Makes the context current on the calling thread, if it is not already. */
    void makeCurrent() {
        if (!currentHere.get()) {
            cuCtxSetCurrent(context);
            currentHere.set(true);
        }
    }

    /** The kernel called {@code kernel} (an {@code extern "C"} name in src/main/cuda). */
    synchronized CUfunction function(String kernel) {
        return functions.computeIfAbsent(kernel, k -> {
            CUfunction function = new CUfunction();
            cuModuleGetFunction(function, module, k);
            return function;
        });
    }

    /** Waits for everything launched so far. */
    void synchronize() {
        makeCurrent();
        cuCtxSynchronize();
    }

    /** E.g. {@code "NVIDIA H200 (sm_90), driver 13.0"}. */
    String describe() {
        return name + " (sm_" + major + minor + "), driver " + driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }

    private int attribute(int attribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    /** Unloads the kernels and releases the primary context (freed when no one else retains it). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        makeCurrent();
        cuCtxSynchronize();
        cuModuleUnload(module);
        cuDevicePrimaryCtxRelease(device);
    }
}
