package dev.score.rl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ticks at round values, each expectation worked out by hand from the 1-2-5 rule. */
class AxisTicksTest {
    private static List<String> labels(AxisTicks ticks) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ticks.count(); i++) {
            out.add(ticks.label(i));
        }
        return out;
    }

    @Test
    void accuraciesGetTenthsCoveringTheData() {
        // range 0.505 over at most 6 intervals needs a step ≥ 0.084: 0.1; from ⌊1.37⌋ = 1 to ⌈6.42⌉ = 7 tenths.
        AxisTicks ticks = AxisTicks.covering(0.137, 0.642, 6, false);
        assertEquals(List.of("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"), labels(ticks));
        assertEquals(0.3, ticks.value(2), 0.0, "exactly the double nearest 0.3");
        assertEquals(0.1, ticks.low(), 0.0);
        assertEquals(0.7, ticks.high(), 0.0);
    }

    @Test
    void trainingStepsGetFifties() {
        // 300 / 6 = 50 exactly: 10 and 20 need 30 and 15 intervals, 50 needs 6.
        assertEquals(List.of("0", "50", "100", "150", "200", "250", "300"),
                labels(AxisTicks.covering(0, 300, 6, true)));
        // The last step of a 300-step run is 299: the same axis.
        assertEquals(List.of("0", "50", "100", "150", "200", "250", "300"),
                labels(AxisTicks.covering(0, 299, 6, true)));
        // 0–299 over at most 8 intervals: 299 / 8 = 37.4, so 50 (6 intervals), not 20 (15).
        assertEquals(7, AxisTicks.covering(0, 299, 8, true).count());
    }

    @Test
    void aStepOfTwoOrFiveWhenOneWouldNeedTooManyIntervals() {
        // 0–0.9 over at most 6: 0.1 needs 9 intervals, 0.2 needs ⌈4.5⌉ = 5.
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(AxisTicks.covering(0, 0.9, 6, false)));
        // 0.01–0.23 over at most 6: 0.02 needs 12 − 0 = 12, 0.05 needs ⌈4.6⌉ − ⌊0.2⌋ = 5.
        assertEquals(List.of("0.00", "0.05", "0.10", "0.15", "0.20", "0.25"),
                labels(AxisTicks.covering(0.01, 0.23, 6, false)));
    }

    @Test
    void negativeValuesAndSmallRanges() {
        // Δ over training, −0.13 to +0.08: 0.21 / 6 = 0.035, so 0.05, from ⌊−2.6⌋ = −3 to ⌈1.6⌉ = 2.
        assertEquals(List.of("-0.15", "-0.10", "-0.05", "0.00", "0.05", "0.10"),
                labels(AxisTicks.covering(-0.13, 0.08, 6, false)));
        // KL per token, 0.0012–0.0047: 0.0035 / 6 = 0.00058, so 0.001 (⌊1.2⌋ = 1 to ⌈4.7⌉ = 5).
        assertEquals(List.of("0.001", "0.002", "0.003", "0.004", "0.005"),
                labels(AxisTicks.covering(0.0012, 0.0047, 6, false)));
    }

    @Test
    void wholeNumberAxesNeverStepBelowOne() {
        // Steps 0–3 would get 0.5 on a real axis; a step axis keeps 1.
        assertEquals(List.of("0", "1", "2", "3"), labels(AxisTicks.covering(0, 3, 8, true)));
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"), labels(AxisTicks.covering(0, 3, 6, false)));
    }

    @Test
    void aSinglePointIsWidenedAroundIt() {
        // 0.5 ± 0.25 → 0.25–0.75: 0.5 / 6 = 0.083, so 0.1, from ⌊2.5⌋ = 2 to ⌈7.5⌉ = 8.
        AxisTicks ticks = AxisTicks.covering(0.5, 0.5, 6, false);
        assertEquals(List.of("0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"), labels(ticks));
        // 0 ± 0.5: 0.1 needs 10 intervals, 0.2 needs ⌈2.5⌉ − ⌊−2.5⌋ = 6.
        assertEquals(List.of("-0.6", "-0.4", "-0.2", "0.0", "0.2", "0.4", "0.6"),
                labels(AxisTicks.covering(0, 0, 6, false)));
    }

    @Test
    void ticksAlwaysCoverTheDataWithinTheIntervalBudget() {
        double[][] ranges = {{0.137, 0.642}, {3, 17}, {-1e-7, 2e-7}, {12345, 98765}, {0.999, 1.001}, {0, 1}};
        for (double[] r : ranges) {
            for (int intervals = 2; intervals <= 10; intervals++) {
                AxisTicks t = AxisTicks.covering(r[0], r[1], intervals, false);
                assertTrue(t.low() <= r[0] && t.high() >= r[1], r[0] + "–" + r[1] + " in " + labels(t));
                assertTrue(t.count() - 1 <= intervals, labels(t) + " for at most " + intervals);
            }
        }
    }

    @Test
    void boundsThatCannotBeDrawnAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AxisTicks.covering(Double.NaN, 1, 6, false));
        assertThrows(IllegalArgumentException.class, () -> AxisTicks.covering(2, 1, 6, false));
        assertThrows(IllegalArgumentException.class, () -> AxisTicks.covering(0, 1, 1, false));
    }
}
