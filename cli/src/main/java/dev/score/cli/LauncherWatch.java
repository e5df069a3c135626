package dev.score.cli;

import dev.score.cli.launcher.Launcher;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The worker JVM's side of the launcher's promise that it never outlives the launcher: when the launcher
 * passed its PID ({@link Launcher#LAUNCHER_PID_PROPERTY}), a daemon thread checks
 * every {@value #PERIOD_MS} ms that it is still this process's parent, and ends this process when it is
 * not (the launcher was killed with a signal it cannot catch, and this process was handed to init). Files
 * are written atomically and checkpoints as one unit, so stopping at any moment loses only unsaved steps.
 */
final class LauncherWatch {
    static final int ORPHANED_EXIT_CODE = 143;
    private static final long PERIOD_MS = 250;

    private LauncherWatch() {
    }

    /** Starts watching if this process was started by the launcher; a no-op otherwise. */
    static void start() {
        String value = System.getProperty(Launcher.LAUNCHER_PID_PROPERTY);
        if (value == null) {
            return;
        }
        long launcher = Long.parseLong(value);
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "launcher-watch");
            thread.setDaemon(true);
            return thread;
        });
        watch.scheduleWithFixedDelay(() -> {
            Optional<Long> parent = ProcessHandle.current().parent().map(ProcessHandle::pid);
            if (parent.isEmpty() || parent.get() != launcher) {
                System.err.println("error: the launcher (PID " + launcher + ") is gone; stopping");
                Runtime.getRuntime().halt(ORPHANED_EXIT_CODE);
            }
        }, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }
}
