package dev.score.cli.launcher;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The worker JVM's heap limit: {@code $SCORE_HEAP} when the user sets it (a JVM size such as {@code 6g} or
 * {@code 4096m}), else {@value #DEFAULT_RAM_PERCENT} % of the machine's memory.
 *
 * <p>Why not the 75 % we used to give: the collector (parallel, with a bounded young generation) grows
 * the old generation only as far as objects survive into it, so the limit is not what a run takes but
 * how far garbage may push it. Sampling and training reuse their memory (workspaces, one KV cache per
 * sampler, decoding buffers kept by the model's decoder), so a run's resident set stays near what its model and
 * batch need, and at 40 % two engine processes still fit on one machine beside each other with room for
 * the system: at 75 % two of them could claim 150 % between them and meet the OOM killer.
 */
final class WorkerHeap {
    static final int DEFAULT_RAM_PERCENT = 40;
    /** The environment variable that sets the worker's heap limit. */
    static final String VARIABLE = "SCORE_HEAP";
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,12}[kKmMgGtT]?");

    private WorkerHeap() {
    }

    /** The JVM options for {@code $SCORE_HEAP}'s value ({@code null} or blank: not set). */
    static List<String> options(String scoreHeap) {
        if (scoreHeap == null || scoreHeap.isBlank()) {
            return List.of("-XX:MaxRAMPercentage=" + DEFAULT_RAM_PERCENT);
        }
        String size = scoreHeap.trim();
        if (!SIZE.matcher(size).matches()) {
            throw new IllegalArgumentException(VARIABLE + "=" + scoreHeap + " is not a heap size: give a number of bytes"
                    + " with an optional unit k, m, g or t, e.g. " + VARIABLE + "=6g");
        }
        return List.of("-Xmx" + size.toLowerCase(Locale.ROOT));
    }
}
