package dev.score.kernels;

import java.util.Arrays;

/**
 * The memory half of a CPU backend: storages are Java arrays ({@link HostStorage}), shared by the
 * scalar and the vector backend so that their results compare directly and a tensor made by one can
 * be read by the other.
 */
abstract class HostMemoryBackend implements Backend {

    @Override
    public Storage allocate(int size) {
        return new HostStorage(new float[size]);
    }

    @Override
    public Storage fromArray(float[] values) {
        return new HostStorage(values.clone());
    }

    @Override
    public float[] toArray(Storage storage) {
        return HostStorage.of(storage).clone();
    }

    @Override
    public void copyToHost(Storage storage, float[] dst) {
        float[] values = HostStorage.of(storage);
        if (dst.length < values.length) {
            throw new IllegalArgumentException("cannot copy " + values.length + " floats into an array of "
                    + dst.length);
        }
        System.arraycopy(values, 0, dst, 0, values.length);
    }

    @Override
    public void copyToHost(Storage storage, int from, float[] dst, int count) {
        float[] values = HostStorage.of(storage);
        if (from < 0 || count < 0 || from > values.length - count || count > dst.length) {
            throw new IllegalArgumentException("cannot copy " + count + " floats from index " + from + " of "
                    + values.length + " into an array of " + dst.length);
        }
        System.arraycopy(values, from, dst, 0, count);
    }

    @Override
    public void copy(Storage src, int srcOffset, Storage dst, int dstOffset, int n) {
        System.arraycopy(HostStorage.of(src), srcOffset, HostStorage.of(dst), dstOffset, n);
    }

    @Override
    public void fill(Storage storage, float value) {
        Arrays.fill(HostStorage.of(storage), value);
    }

    /** The sum as this backend's {@link #sum} takes it, written into {@code out[0]}: in host memory, no transfer. */
    @Override
    public void sumInto(Storage out, Storage x, int n, double scale) {
        HostStorage.of(out)[0] = (float) (scale * sum(x, n));
    }

    @Override
    public double sumOfSquares(Storage[] xs, int[] sizes) {
        double total = 0;
        for (int i = 0; i < xs.length; i++) {
            total += sumOfSquares(xs[i], sizes[i]);
        }
        return total;
    }

    /** The values of {@code b} for {@link #pack}, checked to hold the {@code k·n} floats of op(B). */
    static float[] packSource(Storage b, int k, int n) {
        float[] values = HostStorage.of(b);
        if (k < 0 || n < 0 || values.length < (long) k * n) {
            throw new IllegalArgumentException("cannot pack op(B)[" + k + ", " + n + "] from a storage of "
                    + values.length + " floats");
        }
        return values;
    }
}
