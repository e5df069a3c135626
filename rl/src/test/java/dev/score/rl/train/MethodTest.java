package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodTest {
    @Test
    void compareSplitsIntoThePapersBaselineAndAblationTablesWithScoreInBoth() {
        List<String> names = new ArrayList<>(List.of("base"));
        names.addAll(Method.ids());
        Map<String, List<String>> tables = Method.comparisonTables(names);
        assertEquals(List.of("Baselines (the paper's Table 3)", "Ablations (the paper's Table 5)"),
                List.copyOf(tables.keySet()));
        assertEquals(List.of("base", "score", "self_refine", "star_d", "star_d_plus", "pair_sft"),
                tables.get("Baselines (the paper's Table 3)"));
        assertEquals(List.of("score", "naive_multi_turn", "no_stage_one", "no_shaping", "single_turn",
                "star_stage_two"), tables.get("Ablations (the paper's Table 5)"));
    }

    @Test
    void oneKindOfMethodMakesOneTable() {
        assertEquals(Map.of("Results", List.of("base", "score")), Method.comparisonTables(List.of("base", "score")));
        assertEquals(Map.of("Results", List.of("base", "no_shaping")),
                Method.comparisonTables(List.of("base", "no_shaping")));
    }

    @Test
    void aLabelThatIsNoMethodIsABaselineRowNotAnError() {
        // eval labels its row with the model directory's name, e.g. a run's best/ checkpoint (issue 14).
        assertEquals(Map.of("Results", List.of("best")), Method.comparisonTables(List.of("best")));
        Map<String, List<String>> tables = Method.comparisonTables(List.of("best", "score", "no_shaping"));
        assertEquals(List.of("best", "score"), tables.get("Baselines (the paper's Table 3)"));
        assertEquals(List.of("score", "no_shaping"), tables.get("Ablations (the paper's Table 5)"));
    }
}
