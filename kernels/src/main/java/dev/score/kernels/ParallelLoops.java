package dev.score.kernels;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the index range of a loop in contiguous chunks on a team of threads: the caller and
 * {@code threads − 1} workers, which claim chunks from a shared counter. Or inline on the calling
 * thread, when the work is too small to pay for waking the others.
 *
 * <p>Why not a fork/join pool: decoding runs a few thousand kernels of 50–200 µs each per
 * generation, and handing each to a pool (the caller blocks, parked workers wake up) cost as much
 * as the kernel. Here the caller works too, and a worker that has just finished keeps polling for the
 * next loop for {@link #SPIN_NANOS} before it parks, so back-to-back kernels start in microseconds.
 *
 * <p>Chunk boundaries depend only on the range, the estimated work and the thread count, never on
 * timing or on which thread runs a chunk, so a kernel that reduces per chunk gives the same answer on
 * every run. A loop started from inside another (or while another thread holds the team) runs its
 * chunks in order on the calling thread, with the same boundaries.
 */
final class ParallelLoops implements AutoCloseable {

    /** The body of a loop over {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** Below this much work (in multiply-adds or comparable element operations) a task runs inline. */
    static final long DEFAULT_MIN_TASK_WORK = 1L << 17;

    /**
     * More chunks than threads, so that a thread the OS preempts does not hold everyone up, and so
     * that the thread done first waits for a short last chunk only: with 4 per thread, the caller of
     * a decoding step's loops spent 7.5 % of its time waiting for the worker, 5.9 % with 8.
     */
    private static final int CHUNKS_PER_THREAD = 8;

    /** How long an idle worker polls for the next loop before it parks. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final AtomicInteger TEAMS = new AtomicInteger();

    private final int threads;
    private final long minTaskWork;
    private final Worker[] workers;
    /** The thread whose loop the team is running, or null. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /** The newest loop; workers run it once, identified by its sequence number. */
    private volatile Loop current;
    private volatile boolean closed;

    ParallelLoops(int threads, long minTaskWork) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.minTaskWork = Math.max(1, minTaskWork);
        int teamId = TEAMS.incrementAndGet();
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker("vector-backend-" + teamId + "-worker-" + (w + 1));
            workers[w].start();
        }
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
        Loop loop = new Loop(body, count, grain, chunks);
        if (!owner.compareAndSet(null, Thread.currentThread())) {
            // A loop inside this thread's own loop, or another thread holds the team.
            loop.runChunksInOrder();
            return;
        }
        try {
            Loop previous = current;
            loop.sequence = previous == null ? 1 : previous.sequence + 1;
            current = loop;
            for (Worker worker : workers) {
                worker.wake();
            }
            loop.runChunks();
            loop.awaitChunks();
        } finally {
            owner.set(null);
        }
        loop.rethrowFailure();
    }

    /** {@link #forRange(int, long, int, RangeBody)} with chunks of any size. */
    void forRange(int count, long workPerItem, RangeBody body) {
        forRange(count, workPerItem, 1, body);
    }

    /** How many chunks {@link #forRange} splits {@code count} items into. */
    private int chunkCount(int count, long workPerItem, int grain) {
        if (threads == 1 || count <= grain) {
            return 1;
        }
        long byWork = (long) count * Math.max(1, workPerItem) / minTaskWork;
        long byGrain = (count + grain - 1) / grain;
        return (int) Math.max(1, Math.min(Math.min(byWork, byGrain), (long) threads * CHUNKS_PER_THREAD));
    }

    /** One parallel loop: its chunks are claimed in order from {@code nextChunk} by whoever comes first. */
    private static final class Loop {
        private final RangeBody body;
        private final int count;
        private final int grain;
        private final int chunks;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final AtomicInteger chunksDone = new AtomicInteger();
        private volatile Throwable failure;
        /** Set before the loop is published, read by workers after. */
        private long sequence;

        Loop(RangeBody body, int count, int grain, int chunks) {
            this.body = body;
            this.count = count;
            this.grain = grain;
            this.chunks = chunks;
        }

        /** The first index of chunk {@code chunk}, rounded down to a multiple of {@code grain}. */
        private int chunkStart(int chunk) {
            if (chunk >= chunks) {
                return count;
            }
            long start = (long) count * chunk / chunks;
            return (int) (start - start % grain);
        }

        private void runChunk(int chunk) {
            int from = chunkStart(chunk);
            int to = chunkStart(chunk + 1);
            if (from < to) {
                body.run(from, to);
            }
        }

        /** Claims and runs chunks until none is left; a failure is kept for the caller. */
        void runChunks() {
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
                try {
                    if (failure == null) {
                        runChunk(chunk);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    chunksDone.incrementAndGet();
                }
            }
        }

        void runChunksInOrder() {
            for (int chunk = 0; chunk < chunks; chunk++) {
                runChunk(chunk);
            }
        }

        /** Waits for chunks that workers claimed; they are short, so spin, and yield if one is preempted. */
        void awaitChunks() {
            for (int spins = 0; chunksDone.get() < chunks; spins++) {
                if (spins < 1 << 12) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    /** A thread of the team: runs each new loop's chunks, polling for the next, then parking. */
    private final class Worker extends Thread {
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long done = 0;
            while (!closed) {
                Loop loop = awaitLoopAfter(done);
                if (loop != null) {
                    done = loop.sequence;
                    loop.runChunks();
                }
            }
        }

        /** The current loop once it is newer than {@code done}; null when the team closes. */
        private Loop awaitLoopAfter(long done) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            for (int polls = 0; ; polls++) {
                Loop loop = current;
                if (loop != null && loop.sequence > done) {
                    return loop;
                }
                if (closed) {
                    return null;
                }
                if ((polls & 63) != 0 || System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                // Announce the park, then look again, so a loop published meanwhile is never missed.
                parked = true;
                loop = current;
                if (!closed && (loop == null || loop.sequence <= done)) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
