package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.task.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every method runs from one base model through the same job and lands in metrics.json and the report. */
class TrainJobTest {
    @Test
    void compareRunsEveryMethodAndWritesTheRunDirectory(@TempDir Path dir) throws Exception {
        ScoreConfig config = TinyRun.config("math", Method.ids(), List.of("I:1", "II:1"));
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        JobResults results;
        try (Backend backend = Backends.create("vector", 2)) {
            results = new TrainJob(config, run, new BaseModelCache(dir.resolve("cache")), TinyRun.BASE).run(backend);
        }
        List<String> expected = new ArrayList<>(List.of("base"));
        expected.addAll(Method.ids());
        assertEquals(expected, List.copyOf(results.metrics().keySet()));

        JsonNode metrics = new ObjectMapper().readTree(run.finalMetrics().toFile());
        assertEquals("math", metrics.get("task").asText());
        for (String method : expected) {
            JsonNode m = metrics.get("methods").get(method);
            for (String key : List.of("acc_t1", "acc_t2", "delta", "delta_i2c", "delta_c2i")) {
                double value = m.get(key).asDouble();
                assertTrue(value >= -1 && value <= 1, method + " " + key + " = " + value);
            }
            JsonNode delta = m.get("delta_ci95");
            assertTrue(delta.get(0).asDouble() <= m.get("delta").asDouble()
                    && m.get("delta").asDouble() <= delta.get(1).asDouble(), method + " Δ in its interval");
            assertEquals(!method.equals("score"), m.has("score_minus_acc_t2_ci95"), method);
        }
        assertTrue(Files.exists(run.config()) && Files.exists(run.report()) && Files.exists(run.samples()));
        Map<String, List<OutcomesFile.Outcome>> outcomes = OutcomesFile.read(run.outcomes());
        assertEquals(expected, List.copyOf(outcomes.keySet()), "every method's outcomes, in order");
        for (String method : expected) {
            List<OutcomesFile.Outcome> rows = outcomes.get(method);
            assertEquals(config.testProblems(), rows.size(), method);
            assertEquals(outcomes.get("base").stream().map(OutcomesFile.Outcome::problem).toList(),
                    rows.stream().map(OutcomesFile.Outcome::problem).toList(), "the same test problems, in order");
            double right2 = rows.stream().filter(OutcomesFile.Outcome::correct2).count() / (double) rows.size();
            assertEquals(metrics.get("methods").get(method).get("acc_t2").asDouble(), right2, 1e-12, method);
        }
        assertEquals("score", metrics.get("methods").get("score").get("trained_in").asText());
        assertEquals(0, metrics.get("methods").get("score").get("settings").size(), "trained with the job's config");
        assertTrue(!metrics.get("methods").get("self_refine").has("trained_in"), "a prompt is not trained");
        assertTrue(Files.exists(run.method("score").stepMetrics()), "RL methods log every step");
        String report = Files.readString(run.report());
        assertTrue(report.contains("<td>pair_sft</td>"));
        assertTrue(report.contains("<th>Δ 95% CI</th>"), "the report shows the intervals");
        assertTrue(report.contains("Baselines (the paper's Table 3)") && report.contains("Ablations (the paper's Table 5)"));
        String tables = results.table();
        int ablations = tables.indexOf("Ablations (the paper's Table 5)");
        assertTrue(tables.startsWith("Baselines (the paper's Table 3)\n") && ablations > 0, tables);
        assertTrue(tables.indexOf("| pair_sft |") < ablations && tables.indexOf("| no_shaping |") > ablations, tables);
        assertEquals(2, tables.split("\\| score \\|", -1).length - 1, "SCoRe heads both tables");
    }

    @Test
    void aPlanTrainsAMethodElsewhereWithItsOwnSettings(@TempDir Path dir) throws Exception {
        ScoreConfig config = TinyRun.config("math", List.of("score", "no_shaping"), List.of("I:1", "II:1"));
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        RunDirectory elsewhere = new RunDirectory(dir.resolve("sweep/learning_rate=3e-3/score"));
        try (Backend backend = Backends.create("vector", 2)) {
            new TrainJob(config, run, new BaseModelCache(dir.resolve("cache")), TinyRun.BASE)
                    .withMethodPlans(Map.of("score", new MethodPlan(new ObjectMapper().createObjectNode().put("learning_rate", 3e-3), elsewhere))).run(backend);
        }
        JsonNode score = new ObjectMapper().readTree(run.finalMetrics().toFile()).get("methods").get("score");
        assertEquals("../sweep/learning_rate=3e-3/score", score.get("trained_in").asText());
        assertEquals(3e-3, score.get("settings").get("learning_rate").asDouble(), 0.0);
        assertEquals(1, score.get("settings").size(), "only the planned key");
        assertTrue(Files.exists(elsewhere.trained()) && Files.exists(elsewhere.stepMetrics()), "trained there");
        assertTrue(!Files.exists(run.method("score").root()) && Files.exists(run.method("no_shaping").trained()),
                "the other method trains in the run as before");
    }

    @Test
    void theSampledConversationsShowCorrectionsFirst() {
        List<AttemptPair> pairs = new ArrayList<>();
        boolean[][] outcomes = {{true, true}, {false, false}, {true, false}, {false, true}, {false, true},
                {true, false}, {true, true}, {false, true}};
        for (int i = 0; i < outcomes.length; i++) {
            pairs.add(new AttemptPair(new Problem("p" + i, 1, "q" + i, "s", "1"), "a", "b", outcomes[i][0],
                    outcomes[i][1]));
        }
        List<String> picked = TrainJob.sampleOf(pairs, 4).stream().map(p -> p.problem().id()).toList();
        assertEquals(List.of("p3", "p4", "p2", "p0"), picked, "two fixes, one break, then the first other");
        assertEquals(8, TrainJob.sampleOf(pairs, 20).size());
    }

    @Test
    void theCodeTaskRunsThroughTheSameJob(@TempDir Path dir) throws Exception {
        ScoreConfig config = TinyRun.config("code", List.of("score"), List.of("I:1", "II:1"));
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        try (Backend backend = Backends.create("vector", 2)) {
            new TrainJob(config, run, new BaseModelCache(dir.resolve("cache")), TinyRun.BASE).run(backend);
        }
        JsonNode metrics = new ObjectMapper().readTree(run.finalMetrics().toFile());
        assertEquals("code", metrics.get("task").asText());
        assertTrue(metrics.get("methods").has("score"));
    }
}
