package dev.score.distributed;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A driver listener ({@code spark.extraListeners}) that kills, with SIGKILL, the executor JVM running the
 * {@link #AT_TASK}-th task of the application a moment after it starts, so that the task dies mid-step. The test
 * reads what it did from the static fields (the listener runs in the test's own JVM, the driver).
 */
public final class KillOneExecutor extends SparkListener {
    /** Every step runs two jobs of two tasks; the 10th task is the second of step 2's sampling. */
    static final int AT_TASK = 10;
    static final long DELAY_MS = 150;

    static final AtomicInteger STARTED = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();
    static final AtomicBoolean KILLED = new AtomicBoolean();
    private static final AtomicReference<String> APPLICATION = new AtomicReference<>();

    static void reset() {
        STARTED.set(0);
        FAILED.set(0);
        KILLED.set(false);
        APPLICATION.set(null);
    }

    @Override
    public void onApplicationStart(SparkListenerApplicationStart start) {
        APPLICATION.set(start.appId().getOrElse(() -> null));
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        if (STARTED.incrementAndGet() != AT_TASK) {
            return;
        }
        String executor = start.taskInfo().executorId();
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ProcessHandle.allProcesses().filter(p -> isExecutor(p, executor)).forEach(p -> {
                p.destroyForcibly();
                KILLED.set(true);
            });
        }, "kill-executor-" + executor);
        killer.setDaemon(true);
        killer.start();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!(end.reason() instanceof Success$)) {
            FAILED.incrementAndGet();
        }
    }

    private static boolean isExecutor(ProcessHandle process, String executor) {
        String line = process.info().commandLine().orElse("");
        return line.contains("CoarseGrainedExecutorBackend") && line.contains("--executor-id " + executor + " ")
                && line.contains("--app-id " + APPLICATION.get());
    }
}
