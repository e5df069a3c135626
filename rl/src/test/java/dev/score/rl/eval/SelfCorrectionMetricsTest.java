package dev.score.rl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.rl.math.MathTask;
import dev.score.rl.task.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfCorrectionMetricsTest {
    private static final Problem P = new Problem("p", 1, "What is 1+1?", "1+1=2\nThe final answer is 2.", "2");

    @Test
    void theRowFollowsFromTheFourKindsOfOutcome() {
        String right = "1+1=2\nThe final answer is 2.";
        String wrong = "1+1=3\nThe final answer is 3.";
        List<AttemptPair> pairs = List.of(
                new AttemptPair(P, right, right, true, true),
                new AttemptPair(P, right, wrong, true, false),
                new AttemptPair(P, wrong, right, false, true),
                new AttemptPair(P, wrong, right, false, true),
                new AttemptPair(P, wrong, "no answer", false, false));
        SelfCorrectionMetrics m = SelfCorrectionMetrics.of(pairs, new MathTask());
        assertEquals(0.4, m.accT1(), 1e-12);
        assertEquals(0.6, m.accT2(), 1e-12);
        assertEquals(0.4, m.deltaI2C(), 1e-12);
        assertEquals(0.2, m.deltaC2I(), 1e-12);
        assertEquals(m.deltaI2C() - m.deltaC2I(), m.delta(), 1e-12);
        assertEquals(0.8, m.changedAnswerRate(), 1e-12);
        assertEquals(0.9, m.parseableRate(), 1e-12);
        assertEquals(5, java.util.Arrays.stream(m.editRatioHistogram()).sum());
        assertEquals("| base | 40.0 | 60.0 | +20.0 | 40.0 | 20.0 |", m.row("base"));
    }

    @Test
    void editRatioIsDistanceOverTotalLength() {
        assertEquals(0, EditDistance.between("kitten", "kitten"));
        assertEquals(3, EditDistance.between("kitten", "sitting"));
        assertEquals(3.0 / 13, EditDistance.ratio("kitten", "sitting"), 1e-12);
        assertEquals(1.0, EditDistance.ratio("abc", "xyz") * 2, 1e-12);
        assertEquals(0, EditDistance.ratio("", ""));
        int[] h = SelfCorrectionMetrics.of(List.of(new AttemptPair(P, "a", "a", true, true)), new MathTask())
                .editRatioHistogram();
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, h);
    }
}
