package dev.score.distributed;

import java.util.ArrayList;
import java.util.List;

/**
 * How a step's batch of problems is cut for the workers: into {@code shards} contiguous runs of problems, the
 * first ones a problem longer when they do not divide evenly. The cut depends only on the two counts, so a run
 * with the same shards repeats itself; a shard never splits one problem's {@code k} rollouts.
 */
final class Shards {
    /** Problems {@code [from, to)} of the batch. */
    record Range(int from, int to) {
        int size() {
            return to - from;
        }
    }

    private Shards() {
    }

    /** The non-empty ranges of {@code problems} cut into at most {@code shards}, in batch order. */
    static List<Range> of(int problems, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be positive, got " + shards);
        }
        List<Range> ranges = new ArrayList<>();
        int base = problems / shards;
        int longer = problems % shards;
        int from = 0;
        for (int s = 0; s < shards && from < problems; s++) {
            int to = from + base + (s < longer ? 1 : 0);
            ranges.add(new Range(from, to));
            from = to;
        }
        return ranges;
    }
}
