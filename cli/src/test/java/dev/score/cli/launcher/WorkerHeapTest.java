package dev.score.cli.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerHeapTest {

    @Test
    void withoutScoreHeapTheWorkerTakesAtMostFortyPercentOfTheMachine() {
        assertEquals(List.of("-XX:MaxRAMPercentage=40"), WorkerHeap.options(null));
        assertEquals(List.of("-XX:MaxRAMPercentage=40"), WorkerHeap.options("  "));
    }

    @Test
    void scoreHeapBecomesTheWorkersMaximumHeap() {
        assertEquals(List.of("-Xmx6g"), WorkerHeap.options("6g"));
        assertEquals(List.of("-Xmx4096m"), WorkerHeap.options(" 4096M "));
        assertEquals(List.of("-Xmx2147483648"), WorkerHeap.options("2147483648"));
    }

    @Test
    void aValueThatIsNoHeapSizeIsRefusedWithAnExample() {
        for (String bad : List.of("6 g", "6gb", "-1g", "0", "lots", "6g -XX:+UseZGC", "1.5g")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerHeap.options(bad), bad);
            assertTrue(e.getMessage().contains("SCORE_HEAP=" + bad) && e.getMessage().contains("e.g. SCORE_HEAP=6g"),
                    e.getMessage());
        }
    }
}
