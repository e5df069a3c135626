package dev.score.kernels;

/**
 * Per-thread scratch arrays for the vector kernels (packed matrix panels, attention tiles), grown on
 * demand and reused by every later call on the same thread, so that hot loops never allocate.
 *
 * <p>Each caller names a distinct slot; a slot's contents are only meaningful until the same thread
 * asks for that slot again.
 */
final class ThreadScratch {

    static final int MATMUL_PACKED_A = 0;
    static final int MATMUL_PACKED_B = 1;
    static final int MATMUL_TILE = 12;
    static final int ATTENTION_KEYS_T = 2;
    static final int ATTENTION_VALUES = 3;
    static final int ATTENTION_ROWS = 4;
    static final int ATTENTION_TILE = 5;
    static final int ATTENTION_GRAD_Q = 6;
    static final int ATTENTION_GRAD_K = 7;
    static final int ATTENTION_GRAD_V = 8;
    static final int ATTENTION_QUERIES = 9;
    static final int ATTENTION_KEYS = 10;
    static final int ATTENTION_DOUT = 11;
    private static final int SLOTS = 13;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private ThreadScratch() {
    }

    /** The calling thread's array for {@code slot}, at least {@code size} long; contents are arbitrary. */
    static float[] get(int slot, int size) {
        float[][] arrays = ARRAYS.get();
        if (arrays[slot].length < size) {
            arrays[slot] = new float[size];
        }
        return arrays[slot];
    }
}
