package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PassesTest {
    @Test
    void aPassTakesTheMostSequencesThatFitAndDivideTheBatch() {
        // 2^25 logits at 128 tokens of a 151 936-token vocabulary: 1.7 sequences fit, so one per pass.
        assertEquals(1, Passes.perPass(32, 128, 151_936, Passes.LOGITS_PER_PASS));
        // The default run's vocabulary of 361: the whole batch in one pass.
        assertEquals(32, Passes.perPass(32, 128, 361, Passes.LOGITS_PER_PASS));
        // 5 fit (100 / 20 logits each) but do not divide 12: 4 per pass, three passes of one shape.
        assertEquals(4, Passes.perPass(12, 10, 2, 100));
        // A prime batch whose whole does not fit: one per pass.
        assertEquals(1, Passes.perPass(7, 10, 2, 60));
        // Not even one fits: still one.
        assertEquals(1, Passes.perPass(3, 10, 2, 1));
    }
}
