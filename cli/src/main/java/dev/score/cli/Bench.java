package dev.score.cli;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What the {@code bench} commands share: timing, the median, peak memory, GC time and number formatting. */
final class Bench {
    private Bench() {
    }

    /** Something timed once per call. */
    @FunctionalInterface
    interface Body {
        void run();
    }

    /** Floats a benchmark may allocate for its data (4 GB), so that absurd sizes are refused, not attempted. */
    static final long MAX_FLOATS = 1L << 30;

    /**
     * Runs {@code body} {@code warmup} times untimed (JIT compilation, buffer growth), then at least
     * {@code runs} times and for at least {@code minSeconds}, and returns the median time in seconds:
     * the median rather than the mean because other tenants of a shared machine add outliers upward.
     */
    static double medianSeconds(Body body, int warmup, int runs, double minSeconds) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] times = new double[Math.max(1, runs)];
        int count = 0;
        long start = System.nanoTime();
        while (count < runs || (System.nanoTime() - start) * 1e-9 < minSeconds) {
            long t0 = System.nanoTime();
            body.run();
            if (count == times.length) {
                times = Arrays.copyOf(times, 2 * times.length);
            }
            times[count++] = (System.nanoTime() - t0) * 1e-9;
        }
        double[] sorted = Arrays.copyOf(times, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
    }

    /**
     * The process's peak resident set in MiB ({@code VmHWM} in {@code /proc/self/status}), or -1 where
     * there is no such file (not Linux).
     */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The JSON fields every benchmark line ends with: the process's peak resident set ({@link #peakRssMb}),
     * the milliseconds its collectors spent since the JVM started ({@code GarbageCollectorMXBean}s; with
     * the stop-the-world collector the launcher picks, pause time) and that time's share of the JVM's
     * uptime so far.
     */
    static String memoryFields() {
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        long uptime = Math.max(1, ManagementFactory.getRuntimeMXBean().getUptime());
        return "\"peak_rss_mb\": " + number(peakRssMb(), 0) + ", \"gc_ms\": " + gcMillis + ", \"gc_share\": "
                + number((double) gcMillis / uptime, 4);
    }

    /** A number for a JSON line, with a fixed number of decimals and a dot whatever the locale. */
    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
