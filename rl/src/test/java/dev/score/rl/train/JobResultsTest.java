package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.math.MathTask;
import dev.score.rl.task.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's table carries each method's Δ interval and SCoRe's paired lead over every other method. */
class JobResultsTest {
    /** 100 problems: right at attempt 1 on the first {@code right1}, at attempt 2 on the first {@code right2}. */
    private static List<AttemptPair> outcomes(int right1, int right2) {
        List<AttemptPair> pairs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pairs.add(new AttemptPair(new Problem("p" + i, 1, "q" + i, "s", "1"), "a", "b", i < right1, i < right2));
        }
        return pairs;
    }

    @Test
    void rowsCarryTheDeltaIntervalAndScoresLead() {
        Map<String, List<AttemptPair>> outcomes = new LinkedHashMap<>();
        outcomes.put("base", outcomes(40, 40));
        outcomes.put("score", outcomes(50, 60));
        outcomes.put("single_turn", outcomes(55, 55));
        Map<String, SelfCorrectionMetrics> metrics = new LinkedHashMap<>();
        outcomes.forEach((name, pairs) -> metrics.put(name, SelfCorrectionMetrics.of(pairs, new MathTask())));
        JobResults results = JobResults.of(metrics, outcomes, 1);

        assertEquals(0.10, results.deltaIntervals().get("score").estimate(), 1e-12);
        assertEquals(0.05, results.scoreMinus("single_turn").orElseThrow().estimate(), 1e-12);
        assertTrue(results.scoreMinus("score").isEmpty(), "no lead over itself");
        // Only the 10 problems SCoRe fixes differ between its attempts: every resample's Δ is ≥ 0, and 0 only
        // when none of them is drawn, which 4000 resamples of 100 draws all but never do at the 2.5th percentile.
        assertTrue(results.deltaIntervals().get("score").low() > 0);
        String table = results.table();
        assertTrue(table.contains("| base | 40.0 | 40.0 | +0.0 | 0.0 | 0.0 | [+0.0, +0.0] | +20.0 ["), table);
        assertTrue(table.contains("| single_turn | 55.0 | 55.0 | +0.0 | 0.0 | 0.0 | [+0.0, +0.0] | +5.0 ["), table);
        assertTrue(table.lines().filter(l -> l.startsWith("| score |")).allMatch(l -> l.endsWith("| |")), table);
    }
}
