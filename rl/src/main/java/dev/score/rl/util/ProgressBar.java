package dev.score.rl.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr for long loops: {@code label [#####.....] 120/400 3.1 it/s ETA 1:30 · extra}.
 * On a terminal it redraws in place; otherwise (CI logs, pipes) it prints a line every tenth of the way.
 *
 * <p>The rate counts only work timed in this process: the first {@link #advance} is its baseline, not
 * timed work, because a resumed loop reports there the steps an earlier process did (and a fresh loop its
 * first step, which carries the warm-up). Until a second advance there is no rate and no ETA, so a resumed
 * run with nothing left to do shows none rather than millions of it/s.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean inPlace;
    private final long startNanos = System.nanoTime();
    private long done;
    /** {@code done} after the first advance, and when it came: the rate's baseline; -1 before it. */
    private long baselineDone = -1;
    private long baselineNanos;
    private long lastDrawNanos;
    private int lastTenth = -1;
    private long lastDrawnDone = -1;
    private String lastDrawnExtra = "";
    private String extra = "";

    public ProgressBar(String label, long total) {
        this(System.err, label, total, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, long total, boolean inPlace) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        this.inPlace = inPlace;
    }

    /** Advances by {@code n} units. */
    public void advance(long n) {
        done = Math.min(total, done + n);
        if (baselineDone < 0) {
            baselineDone = done;
            baselineNanos = System.nanoTime();
        }
        draw(false);
    }

    /** A short status shown after the bar (a loss, an accuracy). */
    public void status(String text) {
        extra = text;
    }

    @Override
    public void close() {
        draw(true);
        if (inPlace) {
            out.println();
        }
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        int tenth = (int) (10 * done / total);
        boolean due = inPlace ? now - lastDrawNanos > 200_000_000L : tenth > lastTenth;
        if ((!force && !due) || (force && lastDrawnDone == done && lastDrawnExtra.equals(extra) && !inPlace)) {
            return;
        }
        lastDrawnDone = done;
        lastDrawnExtra = extra;
        lastDrawNanos = now;
        lastTenth = tenth;
        String line = render((now - startNanos) / 1e9, (now - baselineNanos) / 1e9);
        if (inPlace) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * The line after {@code elapsedSeconds} since the bar was made and {@code timedSeconds} since the
     * first advance.
     */
    String render(double elapsedSeconds, double timedSeconds) {
        int filled = (int) (WIDTH * done / total);
        long timedWork = baselineDone < 0 ? 0 : done - baselineDone;
        double rate = timedWork > 0 && timedSeconds > 0 ? timedWork / timedSeconds : 0;
        String eta = rate > 0 ? clock((total - done) / rate) : "?";
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        return String.format(Locale.ROOT, "%s [%s] %d/%d%s %s %s%s", label, bar, done, total,
                rate > 0 ? String.format(Locale.ROOT, " %.2f it/s", rate) : "", done == total ? "took" : "ETA",
                done == total ? clock(elapsedSeconds) : eta, extra.isEmpty() ? "" : " · " + extra);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
