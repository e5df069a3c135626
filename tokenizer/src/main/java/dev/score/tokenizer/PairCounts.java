package dev.score.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The trainer's running counts of adjacent pairs (a pair is {@code left << 32 | right}), kept up to date word by
 * word as merges change them, so that a training step touches only the words that hold the merged pair instead
 * of recounting the corpus. The most frequent pair comes from a heap whose stale entries are skipped on the way
 * out; ties go to the smallest pair.
 */
final class PairCounts {
    private final Map<Long, Long> counts = new HashMap<>();
    private final Map<Long, Set<Integer>> words = new HashMap<>();
    private final PriorityQueue<long[]> heap = new PriorityQueue<>(
            (a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));

    /** Counts the pairs of {@code word} (index {@code w}) {@code count} more times; a negative count removes them. */
    void add(int[] word, int w, long count) {
        for (int i = 0; i + 1 < word.length; i++) {
            long pair = ((long) word[i] << 32) | word[i + 1];
            long updated = counts.merge(pair, count, Long::sum);
            if (count > 0) {
                words.computeIfAbsent(pair, p -> new HashSet<>()).add(w);
            }
            if (updated > 0) {
                heap.add(new long[] {updated, pair});
            }
        }
    }

    /** The pair with the highest count, smallest first among equals; −1 if no pair is left. */
    long mostFrequent() {
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            Long current = counts.get(top[1]);
            if (current != null && current == top[0]) {
                return top[1];
            }
        }
        return -1;
    }

    /** The indices of the words that held {@code pair} at some point (some may no longer), in ascending order. */
    List<Integer> wordsWith(long pair) {
        List<Integer> found = new ArrayList<>(words.getOrDefault(pair, Set.of()));
        found.sort(null);
        words.remove(pair);
        return found;
    }
}
