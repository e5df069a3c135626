package dev.score.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the index range of a loop on a dedicated fork/join pool, in contiguous chunks, or inline on
 * the calling thread when the work is too small to pay for waking other threads.
 *
 * <p>Chunk boundaries depend only on the range, the estimated work and the thread count, never on
 * timing, so a kernel that reduces per chunk gives the same answer on every run.
 */
final class ParallelLoops implements AutoCloseable {

    /** The body of a loop over {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** Below this much work (in multiply-adds or comparable element operations) a task runs inline. */
    static final long DEFAULT_MIN_TASK_WORK = 1L << 17;

    /** More chunks than threads, so that a thread the OS preempts does not hold everyone up. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final long minTaskWork;
    private final ForkJoinPool pool;
    private volatile boolean closed;

    ParallelLoops(int threads, long minTaskWork) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.minTaskWork = Math.max(1, minTaskWork);
        int poolId = POOLS.incrementAndGet();
        AtomicInteger workers = new AtomicInteger();
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            worker.setName("vector-backend-" + poolId + "-worker-" + workers.incrementAndGet());
            return worker;
        }, null, false);
    }

    /**
     * Runs {@code body} over {@code [0, count)} where each index costs about {@code workPerItem};
     * chunk boundaries are multiples of {@code grain} (except the last).
     */
    void forRange(int count, long workPerItem, int grain, RangeBody body) {
        if (closed) {
            throw new IllegalStateException("the vector backend is closed");
        }
        int chunks = chunkCount(count, workPerItem, grain);
        if (chunks <= 1) {
            body.run(0, count);
            return;
        }
        pool.invoke(new Chunks(body, count, grain, chunks, 0, chunks));
    }

    /** {@link #forRange(int, long, int, RangeBody)} with chunks of any size. */
    void forRange(int count, long workPerItem, RangeBody body) {
        forRange(count, workPerItem, 1, body);
    }

    /** How many chunks {@link #forRange} splits {@code count} items into. */
    private int chunkCount(int count, long workPerItem, int grain) {
        if (pool == null || count <= grain) {
            return 1;
        }
        long byWork = (long) count * Math.max(1, workPerItem) / minTaskWork;
        long byGrain = (count + grain - 1) / grain;
        return (int) Math.max(1, Math.min(Math.min(byWork, byGrain), (long) threads * CHUNKS_PER_THREAD));
    }

    /** The first index of chunk {@code chunk} of {@code chunks}, rounded down to a multiple of {@code grain}. */
    private static int chunkStart(int count, int grain, int chunks, int chunk) {
        if (chunk >= chunks) {
            return count;
        }
        long start = (long) count * chunk / chunks;
        return (int) (start - start % grain);
    }

    /** Chunks {@code [lo, hi)} of the range, split in halves until one chunk is left. */
    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final int count;
        private final int grain;
        private final int chunks;
        private final int lo;
        private final int hi;

        Chunks(RangeBody body, int count, int grain, int chunks, int lo, int hi) {
            this.body = body;
            this.count = count;
            this.grain = grain;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int from = chunkStart(count, grain, chunks, lo);
                int to = chunkStart(count, grain, chunks, hi);
                if (from < to) {
                    body.run(from, to);
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunks(body, count, grain, chunks, lo, mid), new Chunks(body, count, grain, chunks, mid, hi));
        }
    }

    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdown();
        }
    }
}
