package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RlooAdvantageTest {
    @Test
    void eachSampleIsJudgedAgainstTheOthersOfItsProblem() {
        double[] a = RlooAdvantage.of(new double[] {1, 0, 0, 1, /* next problem */ 1, 1, 1, 1}, 4);
        double third = 1.0 / 3;
        assertArrayEquals(new double[] {1 - third, -2 * third, -2 * third, 1 - third, 0, 0, 0, 0}, a, 1e-12);
    }

    @Test
    void needsTwoSamplesAndWholeGroups() {
        assertThrows(IllegalArgumentException.class, () -> RlooAdvantage.of(new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> RlooAdvantage.of(new double[] {1, 0, 1}, 2));
    }
}
