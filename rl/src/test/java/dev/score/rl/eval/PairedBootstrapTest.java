package dev.score.rl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.eval.PairedBootstrap.Interval;
import dev.score.rl.task.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired bootstrap's interval against what sampling theory says it must be. */
class PairedBootstrapTest {

    @Test
    void identicalOutcomesDifferByExactlyZero() {
        boolean[] a = {true, false, true, true, false};
        Interval i = PairedBootstrap.meanDifference(a, a.clone(), 1000, 1);
        assertEquals(new Interval(0, 0, 0), i);
        assertFalse(i.excludesZero());
    }

    @Test
    void theEstimateIsTheMeanDifferenceAndTheIntervalHoldsIt() {
        boolean[] a = {true, true, true, false, true, false, true, true};
        boolean[] b = {false, true, false, false, true, false, false, true};
        Interval i = PairedBootstrap.meanDifference(a, b, 2000, 7);
        assertEquals(3.0 / 8, i.estimate(), 1e-12);
        assertTrue(i.low() <= i.estimate() && i.estimate() <= i.high(), i.toString());
        assertEquals(i, PairedBootstrap.meanDifference(a, b, 2000, 7), "the same seed, the same interval");
    }

    @Test
    void theIntervalMatchesTheNormalApproximationOfAPairedDifference() {
        // 2000 problems; on 300 only a is right, on 100 only b: the per-problem difference d has mean 0.1 and
        // variance E[d²] − 0.1² = 0.2 − 0.01, so the mean's standard error is sqrt(0.19 / 2000).
        int n = 2000;
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < 300 || i >= 1000;
            b[i] = (i >= 300 && i < 400) || i >= 1000;
        }
        Interval interval = PairedBootstrap.meanDifference(a, b, 4000, 3);
        double se = Math.sqrt(0.19 / n);
        assertEquals(0.1, interval.estimate(), 1e-12);
        assertEquals(0.1 - 1.96 * se, interval.low(), 0.15 * 1.96 * se);
        assertEquals(0.1 + 1.96 * se, interval.high(), 0.15 * 1.96 * se);
        assertTrue(interval.excludesZero());
        // Unpaired, the same two accuracies (0.8 and 0.6) would have a standard error of
        // sqrt(0.8·0.2/n + 0.6·0.4/n), larger: pairing removes the 600 problems both get right.
        assertTrue(interval.high() - interval.low() < 2 * 1.96 * Math.sqrt((0.16 + 0.24) / n));
    }

    @Test
    void deltaAndMethodDifferencesReadTheRightAttempts() {
        Rng rng = new Rng(5);
        List<AttemptPair> first = new ArrayList<>();
        List<AttemptPair> second = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Problem p = new Problem("p" + i, 1, "q" + i, "s", "o");
            boolean fixed = i % 4 == 0;
            first.add(new AttemptPair(p, "", "", i % 2 == 0 && !fixed, i % 2 == 0 || fixed));
            second.add(new AttemptPair(p, "", "", rng.nextInt(2) == 0, i % 2 == 0));
        }
        // first: right at attempt 1 on the even problems not divisible by 4 (100), at attempt 2 on every even one (200).
        assertEquals(0.25, PairedBootstrap.delta(first, 1).estimate(), 1e-12);
        assertEquals(0.0, PairedBootstrap.accT2Difference(first, second, 1).estimate(), 1e-12);
        List<AttemptPair> shuffled = new ArrayList<>(second);
        shuffled.add(0, shuffled.remove(shuffled.size() - 1));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.accT2Difference(first, shuffled, 1));
    }
}
