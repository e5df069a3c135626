package dev.score.rl.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.score.rl.metrics.PassAtK.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void matchesHandComputedBinomials() {
        // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10.
        assertEquals(0.7, PassAtK.estimate(5, 2, 2), 1e-12);
        // n=10, c=3, k=1 is the plain fraction correct.
        assertEquals(0.3, PassAtK.estimate(10, 3, 1), 1e-12);
        // n=10, c=1, k=5: 1 - C(9,5)/C(10,5) = 1 - 126/252.
        assertEquals(0.5, PassAtK.estimate(10, 1, 5), 1e-12);
        // n=20, c=4, k=10: 1 - C(16,10)/C(20,10) = 1 - 8008/184756.
        assertEquals(1 - 8008.0 / 184756.0, PassAtK.estimate(20, 4, 10), 1e-12);
    }

    @Test
    void edgeCases() {
        assertEquals(0.0, PassAtK.estimate(10, 0, 1));
        assertEquals(0.0, PassAtK.estimate(10, 0, 10));
        assertEquals(1.0, PassAtK.estimate(10, 10, 1));
        // n - c < k: every k-subset holds a correct sample.
        assertEquals(1.0, PassAtK.estimate(10, 8, 3));
        assertEquals(1.0, PassAtK.estimate(1, 1, 1));
        assertEquals(0.0, PassAtK.estimate(1, 0, 1));
    }

    @Test
    void staysExactWhereBinomialsOverflow() {
        // C(1000, 500) overflows a double; the product form does not. n=1000, c=1: the chance the one
        // correct sample is among k is k/n.
        assertEquals(0.5, PassAtK.estimate(1000, 1, 500), 1e-12);
        assertEquals(0.1, PassAtK.estimate(1000, 1, 100), 1e-12);
    }

    @Test
    void meanAveragesOverProblems() {
        assertEquals((0.7 + 0.0 + 1.0) / 3, PassAtK.mean(List.of(new Samples(5, 2), new Samples(5, 0), new Samples(5, 5)), 2), 1e-12);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.mean(List.of(), 1));
    }
}
