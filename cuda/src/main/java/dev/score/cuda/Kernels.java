package dev.score.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import jcuda.Pointer;

/**
 * Launches the fatbin's kernels by name on the legacy default stream. Arguments are passed in the kernel's
 * parameter order: a {@link CudaStorage} as its device pointer, an {@code Integer} as {@code int}, a
 * {@code Float} as {@code float}, a {@code Long} as {@code long long}, a {@code Double} as {@code double}.
 */
final class Kernels {

    private final CudaDevice device;

    Kernels(CudaDevice device) {
        this.device = device;
    }

    /** A one-dimensional grid of {@code blocks} blocks of {@code threads} threads. */
    void launch(String kernel, int blocks, int threads, Object... args) {
        launchGrid(kernel, blocks, 1, 1, threads, 0, args);
    }

    /** A grid of {@code x × y × z} blocks of {@code threads} threads with {@code sharedBytes} of dynamic shared memory. */
    void launchGrid(String kernel, int x, int y, int z, int threads, int sharedBytes, Object... args) {
        if ((long) x * y * z == 0) {
            return;
        }
        Pointer[] parameters = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            parameters[i] = switch (args[i]) {
                case CudaStorage storage -> Pointer.to(new long[] {storage.address()});
                case Integer value -> Pointer.to(new int[] {value});
                case Float value -> Pointer.to(new float[] {value});
                case Long value -> Pointer.to(new long[] {value});
                case Double value -> Pointer.to(new double[] {value});
                default -> throw new IllegalArgumentException("no kernel parameter of type " + args[i].getClass());
            };
        }
        device.makeCurrent();
        cuLaunchKernel(device.function(kernel), x, y, z, threads, 1, 1, sharedBytes, null, Pointer.to(parameters), null);
    }
}
