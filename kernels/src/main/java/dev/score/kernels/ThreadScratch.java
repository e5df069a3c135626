package dev.score.kernels;

/**
 * Per-thread scratch arrays for the vector kernels (packed matrix panels, attention tiles), grown on
 * demand and reused by every later call on the same thread, so that hot loops never allocate.
 *
 * <p>Each caller names a distinct slot; a slot's contents are only meaningful until the same thread
 * asks for that slot again.
 */
final class ThreadScratch {

    /** What a scratch array holds; each kernel uses its own slots. */
    enum Slot {
        MATMUL_PACKED_A,
        MATMUL_PACKED_B,
        MATMUL_TILE,
        ATTENTION_KEYS_T,
        ATTENTION_VALUES,
        ATTENTION_QUERIES,
        ATTENTION_KEYS,
        ATTENTION_DOUT,
        ATTENTION_ROWS,
        ATTENTION_TILE,
        ATTENTION_GRAD_Q,
        ATTENTION_GRAD_K,
        ATTENTION_GRAD_V
    }

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[Slot.values().length][0]);
    /** The one int slot: the gather pattern of {@link VectorTranspose}. */
    private static final ThreadLocal<int[]> GATHER_OFFSETS = ThreadLocal.withInitial(() -> new int[0]);

    private ThreadScratch() {
    }

    /** The calling thread's array for {@code slot}, at least {@code size} long; contents are arbitrary. */
    static float[] get(Slot slot, int size) {
        float[][] arrays = ARRAYS.get();
        int i = slot.ordinal();
        if (arrays[i].length < size) {
            arrays[i] = new float[size];
        }
        return arrays[i];
    }

    /** The calling thread's gather-offset array, at least {@code size} long; contents are arbitrary. */
    static int[] gatherOffsets(int size) {
        int[] offsets = GATHER_OFFSETS.get();
        if (offsets.length < size) {
            offsets = new int[size];
            GATHER_OFFSETS.set(offsets);
        }
        return offsets;
    }
}
