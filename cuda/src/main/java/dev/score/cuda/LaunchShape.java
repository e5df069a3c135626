package dev.score.cuda;

/**
 * The grid and block sizes of the kernels, as plain arithmetic (tested without a device). Every block
 * size is a multiple of 32, which the kernels' block reductions rely on (see common.cuh).
 */
final class LaunchShape {

    /** Threads per block of the elementwise kernels. */
    static final int ELEMENTWISE_THREADS = 256;

    /** The most blocks an elementwise kernel gets; its grid-stride loop covers the rest. */
    static final int MAX_ELEMENTWISE_BLOCKS = 1 << 16;

    /** Threads per block of a kernel that reduces a row, at most. */
    static final int MAX_ROW_THREADS = 256;

    /** The blocks of the first pass of {@code sum}, and so the partial sums the backend keeps room for. */
    static final int MAX_SUM_BLOCKS = 1024;

    /** The largest head the attention kernels take: thread d of a block owns dimension d. */
    static final int MAX_HEAD_DIM = 1024;

    /** The largest grid y and z extent (heads, batch rows), CUDA's limit. */
    static final int MAX_GRID_YZ = 65_535;

    private LaunchShape() {
    }

    /** Blocks of {@link #ELEMENTWISE_THREADS} covering {@code n} elements, capped; 0 when there are none. */
    static int elementwiseBlocks(long n) {
        long blocks = (n + ELEMENTWISE_THREADS - 1) / ELEMENTWISE_THREADS;
        return (int) Math.min(blocks, MAX_ELEMENTWISE_BLOCKS);
    }

    /** Threads for one block per row of {@code n} elements: {@code n} rounded up to a warp, in [32, 256]. */
    static int rowThreads(int n) {
        return Math.clamp(roundUpToWarp(n), 32, MAX_ROW_THREADS);
    }

    /** Blocks of the first pass of {@code sum} over {@code n} elements. */
    static int sumBlocks(long n) {
        return (int) Math.min(Math.max(1, elementwiseBlocks(n)), MAX_SUM_BLOCKS);
    }

    /**
     * Threads of an attention block: one per dimension of the head, and at least 128 so that a tile of keys
     * is wide enough to keep the block busy.
     */
    static int attentionThreads(int headDim) {
        if (headDim > MAX_HEAD_DIM) {
            throw new IllegalArgumentException("the cuda attention kernels take heads of at most " + MAX_HEAD_DIM
                    + " dimensions, got " + headDim);
        }
        return Math.max(128, roundUpToWarp(headDim));
    }

    /** Dynamic shared memory in bytes for {@code floats} floats. */
    static int sharedFloats(int floats) {
        return floats * Float.BYTES;
    }

    /** Fails unless {@code extent} fits a grid's y or z dimension. */
    static void checkGridExtent(String what, int extent) {
        if (extent > MAX_GRID_YZ) {
            throw new IllegalArgumentException("the cuda backend launches one block column per " + what + ", at most "
                    + MAX_GRID_YZ + ", got " + extent);
        }
    }

    private static int roundUpToWarp(int n) {
        return (int) Math.min(Integer.MAX_VALUE & ~31, ((long) n + 31) & ~31L);
    }
}
