package dev.score.engine.io;

import java.nio.file.Path;

/**
 * Points in the writing of a run's files where a test can stop the process and kill it, as a crash at that
 * very moment would. Each point is named {@code PATH#EVENT}: a file {@code #written} to its temporary name
 * but not yet renamed over PATH, then {@code #renamed}; a checkpoint directory written under its partial
 * name, renamed into place, the older ones removed; a line appended to the metrics.
 *
 * <p>Off unless the JVM runs with {@code -Dscore.crash-points=list} (each point's name is printed to
 * stderr as it passes) or {@code -Dscore.crash-points=pause:SUFFIX} (at the first point whose name ends
 * with SUFFIX the writing thread prints {@code crash point reached: NAME} and waits forever, for the test's
 * {@code kill -9}).
 */
public final class CrashPoints {
    private static final String MODE = System.getProperty("score.crash-points", "");
    private static final String PAUSE = "pause:";

    private CrashPoints() {
    }

    /** Marks the point where {@code event} has just happened to {@code path}. */
    public static void pass(Path path, String event) {
        if (MODE.isEmpty()) {
            return;
        }
        String name = path.toAbsolutePath() + "#" + event;
        if (MODE.equals("list")) {
            System.err.println("crash point: " + name);
        } else if (MODE.startsWith(PAUSE) && name.endsWith(MODE.substring(PAUSE.length()))) {
            System.err.println("crash point reached: " + name);
            System.err.flush();
            waitForever();
        }
    }

    private static void waitForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // Only the kill this point waits for may end it.
            }
        }
    }
}
