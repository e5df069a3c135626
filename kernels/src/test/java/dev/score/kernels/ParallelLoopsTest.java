package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The thread team behind every vector kernel: coverage, chunking, nesting, failures and sharing. */
class ParallelLoopsTest {

    /** Runs a loop and returns how many times each index was visited. */
    private static int[] visits(ParallelLoops loops, int count, long work, int grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray(count);
        loops.forRange(count, work, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            result[i] = seen.get(i);
        }
        return result;
    }

    /** The (from, to) chunks one loop ran, sorted. */
    private static List<String> chunks(ParallelLoops loops, int count, long work, int grain) {
        List<String> ranges = Collections.synchronizedList(new ArrayList<>());
        loops.forRange(count, work, grain, (from, to) -> ranges.add(from + ".." + to));
        List<String> sorted = new ArrayList<>(ranges);
        Collections.sort(sorted);
        return sorted;
    }

    @Test
    void everyIndexRunsExactlyOnceWhateverTheSplit() {
        try (ParallelLoops loops = new ParallelLoops(3, 1)) {
            for (int count : new int[] {1, 2, 7, 64, 1000}) {
                for (int grain : new int[] {1, 3, 16}) {
                    int[] expected = new int[count];
                    Arrays.fill(expected, 1);
                    assertArrayEquals(expected, visits(loops, count, 1000, grain), "count " + count + " grain " + grain);
                }
            }
        }
    }

    @Test
    void chunkBoundariesAreMultiplesOfTheGrainAndTheSameOnEveryRun() {
        try (ParallelLoops loops = new ParallelLoops(2, 1)) {
            List<String> first = chunks(loops, 200, 1000, 8);
            assertEquals(16, first.size(), "2 threads × 8 chunks each");
            for (String range : first) {
                int from = Integer.parseInt(range.substring(0, range.indexOf('.')));
                assertEquals(0, from % 8, range);
            }
            for (int run = 0; run < 50; run++) {
                assertEquals(first, chunks(loops, 200, 1000, 8));
            }
        }
    }

    @Test
    void smallWorkRunsInlineAsOneChunk() {
        try (ParallelLoops loops = new ParallelLoops(2, 1 << 20)) {
            List<Thread> runners = Collections.synchronizedList(new ArrayList<>());
            List<String> ranges = Collections.synchronizedList(new ArrayList<>());
            loops.forRange(10, 1, (from, to) -> {
                runners.add(Thread.currentThread());
                ranges.add(from + ".." + to);
            });
            assertEquals(List.of("0..10"), ranges);
            assertSame(Thread.currentThread(), runners.get(0));
        }
    }

    @Test
    void aLoopInsideALoopKeepsItsChunksAndCompletes() {
        try (ParallelLoops loops = new ParallelLoops(2, 1)) {
            List<String> outer = chunks(loops, 40, 1000, 1);
            AtomicIntegerArray seen = new AtomicIntegerArray(40 * 40);
            List<List<String>> innerChunks = Collections.synchronizedList(new ArrayList<>());
            loops.forRange(40, 1000, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int row = i;
                    innerChunks.add(chunks(loops, 40, 1000, 1));
                    loops.forRange(40, 1000, (f, t) -> {
                        for (int j = f; j < t; j++) {
                            seen.incrementAndGet(row * 40 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 40 * 40; i++) {
                assertEquals(1, seen.get(i), "index " + i);
            }
            for (List<String> inner : innerChunks) {
                assertEquals(outer, inner, "a nested loop splits like a top-level one");
            }
        }
    }

    @Test
    void aFailingChunkReachesTheCallerAndTheTeamKeepsWorking() {
        try (ParallelLoops loops = new ParallelLoops(2, 1)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                    loops.forRange(64, 1000, (from, to) -> {
                        if (from <= 40 && 40 < to) {
                            throw new IllegalStateException("chunk with 40");
                        }
                    }));
            assertEquals("chunk with 40", thrown.getMessage());
            int[] expected = new int[500];
            Arrays.fill(expected, 1);
            assertArrayEquals(expected, visits(loops, 500, 1000, 1));
        }
    }

    @Test
    void callersOnSeveralThreadsShareTheTeam() throws Exception {
        try (ParallelLoops loops = new ParallelLoops(2, 1);
                ExecutorService callers = Executors.newFixedThreadPool(4)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(callers.submit(() -> {
                    start.await();
                    for (int run = 0; run < 300; run++) {
                        for (int v : visits(loops, 257, 1000, 1)) {
                            if (v != 1) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        }
    }

    @Test
    void aClosedTeamRefusesWork() {
        ParallelLoops loops = new ParallelLoops(2, 1);
        loops.close();
        assertThrows(IllegalStateException.class, () -> loops.forRange(10, 1000, (from, to) -> { }));
    }
}
