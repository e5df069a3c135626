package dev.score.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The launch arithmetic: enough threads for every element, block sizes the kernels' reductions accept. */
class LaunchShapeTest {

    @Test
    void elementwiseBlocksCoverEveryElementUpToTheCap() {
        assertEquals(0, LaunchShape.elementwiseBlocks(0));
        assertEquals(1, LaunchShape.elementwiseBlocks(1));
        assertEquals(1, LaunchShape.elementwiseBlocks(256));
        assertEquals(2, LaunchShape.elementwiseBlocks(257));
        assertEquals(LaunchShape.MAX_ELEMENTWISE_BLOCKS, LaunchShape.elementwiseBlocks(Integer.MAX_VALUE));
        assertEquals(LaunchShape.MAX_ELEMENTWISE_BLOCKS, LaunchShape.elementwiseBlocks(65_536L * 50_257));
    }

    @Test
    void rowBlocksAreWholeWarpsBetweenOneWarpAndTheCap() {
        for (int n : new int[] {0, 1, 7, 31, 32, 33, 63, 65, 255, 256, 257, 50_257, Integer.MAX_VALUE}) {
            int threads = LaunchShape.rowThreads(n);
            assertEquals(0, threads % 32, "n=" + n);
            assertTrue(threads >= 32 && threads <= LaunchShape.MAX_ROW_THREADS, "n=" + n);
            assertTrue(threads >= Math.min(n, LaunchShape.MAX_ROW_THREADS), "n=" + n);
        }
    }

    @Test
    void sumNeverHasMoreBlocksThanPartialSlots() {
        assertEquals(1, LaunchShape.sumBlocks(1));
        assertEquals(4, LaunchShape.sumBlocks(1000));
        assertEquals(LaunchShape.MAX_SUM_BLOCKS, LaunchShape.sumBlocks(Integer.MAX_VALUE));
    }

    @Test
    void attentionGivesEveryHeadDimensionAThreadAndRefusesHugeHeads() {
        assertEquals(128, LaunchShape.attentionThreads(1));
        assertEquals(128, LaunchShape.attentionThreads(128));
        assertEquals(160, LaunchShape.attentionThreads(130));
        assertEquals(1024, LaunchShape.attentionThreads(1024));
        assertThrows(IllegalArgumentException.class, () -> LaunchShape.attentionThreads(1025));
        LaunchShape.checkGridExtent("head", 65_535);
        assertThrows(IllegalArgumentException.class, () -> LaunchShape.checkGridExtent("head", 65_536));
    }
}
