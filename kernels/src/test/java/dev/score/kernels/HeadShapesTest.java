package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The attention and rotary size checks every backend shares. */
class HeadShapesTest {

    @Test
    void attentionAndRotarySizesAreCheckedAndRefusedByName() {
        assertEquals(3, HeadShapes.groupSize(6, 2, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadShapes.groupSize(6, 4, 8));
        assertEquals("6 query heads do not split evenly among 4 key/value heads", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeadShapes.groupSize(0, 1, 8));
        assertEquals(4, HeadShapes.rotaryHalf(2, 8));
        assertThrows(IllegalArgumentException.class, () -> HeadShapes.rotaryHalf(2, 7));
        assertThrows(IllegalArgumentException.class, () -> HeadShapes.rotaryHalf(0, 8));
    }
}
