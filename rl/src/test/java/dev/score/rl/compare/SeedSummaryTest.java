package dev.score.rl.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.score.rl.eval.PairedBootstrap;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.RunDirectory;
import dev.score.rl.train.ScoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds combined by hand-computable numbers, and the runs that must not be combined. */
class SeedSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScoreConfig JOB = ConfigTree.with(ScoreConfig.defaults(), "methods",
            JSON.valueToTree(List.of("score", "single_turn")));

    @TempDir
    Path dir;

    /**
     * A finished run of 10 test problems under {@code seed}: each method right at attempt 1 on the first
     * {@code right[m][0]} problems and at attempt 2 on the first {@code right[m][1]}.
     */
    private Path run(String name, ScoreConfig config, int[][] right, ObjectNode scoreSettings) throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve(name));
        Files.createDirectories(run.root());
        Files.write(run.config(), JSON.writeValueAsBytes(config));
        ObjectNode metrics = JSON.createObjectNode();
        ObjectNode methods = metrics.putObject("methods");
        methods.putObject("base");
        methods.putObject("score").set("settings", scoreSettings);
        methods.putObject("single_turn").putObject("settings");
        Files.write(run.finalMetrics(), JSON.writeValueAsBytes(metrics));
        StringBuilder lines = new StringBuilder();
        List<String> names = List.of("base", "score", "single_turn");
        for (int m = 0; m < names.size(); m++) {
            for (int p = 0; p < 10; p++) {
                lines.append(JSON.createObjectNode().put("method", names.get(m)).put("problem", name + "-p" + p)
                        .put("correct1", p < right[m][0]).put("correct2", p < right[m][1])).append('\n');
            }
        }
        Files.writeString(run.outcomes(), lines);
        return run.root();
    }

    private static ScoreConfig seeded(long seed) {
        return ConfigTree.withSeed(JOB, seed);
    }

    @Test
    void meanAndSampleStandardDeviationOverSeedsWithPooledAndPerSeedIntervals() throws IOException {
        // score's Acc@t2 over the seeds: 0.6, 0.8, 0.7 → mean 0.7, sample sd √((0.01 + 0.01 + 0) / 2) = 0.1.
        Path a = run("a", seeded(3), new int[][] {{4, 4}, {5, 6}, {6, 6}}, JSON.createObjectNode());
        Path b = run("b", seeded(1), new int[][] {{4, 4}, {5, 8}, {6, 5}}, JSON.createObjectNode());
        Path c = run("c", seeded(2), new int[][] {{4, 4}, {7, 7}, {6, 6}}, JSON.createObjectNode());
        SeedSummary summary = SeedSummary.of(List.of(a, b, c));

        assertEquals(List.of(1L, 2L, 3L), summary.seeds(), "ordered by seed whatever the order given");
        SeedSummary.Spread t2 = summary.methods().get("score").metrics().get("acc_t2");
        assertEquals(List.of(0.8, 0.7, 0.6), t2.perSeed());
        assertEquals(0.7, t2.mean(), 1e-12);
        assertEquals(0.1, t2.sd(), 1e-12);
        // Δ: +0.3, 0, +0.1 → mean 0.4/3, sd √((0.1667² + 0.1333² + 0.0333²) / 2) = 0.1528.
        SeedSummary.Spread delta = summary.methods().get("score").metrics().get("delta");
        assertEquals(0.4 / 3, delta.mean(), 1e-12);
        assertEquals(Math.sqrt((Math.pow(0.3 - 0.4 / 3, 2) + Math.pow(0.4 / 3, 2) + Math.pow(0.1 - 0.4 / 3, 2)) / 2),
                delta.sd(), 1e-12);
        assertEquals(0.4 / 3, summary.methods().get("score").metrics().get("delta_i2c").mean(), 1e-12,
                "3, 0 and 1 of 10 fixed");

        // Pooled over the 30 (seed, problem) pairs: SCoRe − single_turn at t2 is (8−5 + 7−6 + 6−6) / 30.
        PairedBootstrap.Interval lead = summary.methods().get("single_turn").scoreMinus();
        assertEquals(4 / 30.0, lead.estimate(), 1e-12);
        assertTrue(lead.low() <= lead.estimate() && lead.estimate() <= lead.high());
        assertEquals(summary.methods().get("score").metrics().get("delta").mean(),
                summary.methods().get("score").delta().estimate(), 1e-12, "equal sizes: the pooled mean is the mean");
        // Each seed's interval is the one its own run's table computed (the same bootstrap under its seed).
        boolean[] score2 = new boolean[10];
        boolean[] single2 = new boolean[10];
        for (int p = 0; p < 10; p++) {
            score2[p] = p < 8;
            single2[p] = p < 5;
        }
        assertEquals(PairedBootstrap.meanDifference(score2, single2, PairedBootstrap.RESAMPLES, 1),
                summary.methods().get("single_turn").scoreMinusPerSeed().getFirst());
        assertTrue(summary.methods().get("score").scoreMinusPerSeed().isEmpty(), "no lead over itself");

        String table = summary.table();
        assertTrue(table.startsWith("Seeds 1, 2, 3: mean ± standard deviation over seeds, %; the intervals pool "
                + "the 30 (seed, problem) pairs"), table);
        assertTrue(table.contains("| score | 56.7 ± 11.5 | 70.0 ± 10.0 | +13.3 ± 15.3 | 13.3 ± 15.3 | 0.0 ± 0.0 | ["), table);
        assertTrue(table.contains("| single_turn | 60.0 ± 0.0 | 56.7 ± 5.8 | -3.3 ± 5.8 | 0.0 ± 0.0 | 3.3 ± 5.8 | ["),
                table);
        assertTrue(table.contains("| method | seed 1 | seed 2 | seed 3 |"), table);

        JsonNode json = summary.json();
        assertEquals(0.7, json.at("/methods/score/acc_t2/mean").asDouble(), 1e-12);
        assertEquals(0.1, json.at("/methods/score/acc_t2/sd").asDouble(), 1e-12);
        assertEquals(3, json.at("/methods/single_turn/per_seed").size());
        assertTrue(json.at("/methods/single_turn/per_seed/0").has("score_minus_acc_t2_ci95"));
        assertEquals(4 / 30.0, json.at("/methods/single_turn/score_minus_acc_t2").asDouble(), 1e-12);
    }

    @Test
    void oneSeedHasNoStandardDeviation() throws IOException {
        SeedSummary summary = SeedSummary.of(List.of(run("one", seeded(5), new int[][] {{4, 4}, {5, 6}, {6, 6}},
                JSON.createObjectNode())));
        assertTrue(Double.isNaN(summary.methods().get("score").metrics().get("acc_t2").sd()));
        assertTrue(summary.json().at("/methods/score/acc_t2/sd").isNull());
        assertTrue(summary.table().contains("| score | 50.0 | 60.0 | +10.0 | 10.0 | 0.0 |"), summary.table());
    }

    @Test
    void runsThatDifferInMoreThanTheSeedAreRefused() throws IOException {
        int[][] right = {{4, 4}, {5, 6}, {6, 6}};
        Path first = run("first", seeded(1), right, JSON.createObjectNode());

        Path again = run("again", seeded(1), right, JSON.createObjectNode());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(first, again)));
        assertTrue(duplicate.getMessage().contains("seed 1 again") && duplicate.getMessage().contains(first.toString()),
                duplicate.getMessage());

        Path code = run("code", ConfigTree.with(seeded(2), "task", TextNode.valueOf("code")), right,
                JSON.createObjectNode());
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(first, code)));
        assertTrue(task.getMessage().contains("task code") && task.getMessage().contains("only runs of one task"),
                task.getMessage());

        Path alpha = run("alpha", ConfigTree.with(seeded(3), "alpha", DoubleNode.valueOf(5)), right,
                JSON.createObjectNode());
        IllegalArgumentException config = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(first, alpha)));
        assertTrue(config.getMessage().startsWith(alpha + ": its config differs from " + first + "'s in alpha (5.0 "
                + "against 10.0)"), config.getMessage());

        Path swept = run("swept", seeded(4), right, JSON.createObjectNode().put("learning_rate", 3e-4));
        IllegalArgumentException settings = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(first, swept)));
        assertTrue(settings.getMessage().contains("score trained with other settings")
                && settings.getMessage().contains("learning_rate"), settings.getMessage());

        Path unfinished = dir.resolve("unfinished");
        Files.createDirectories(unfinished);
        Files.write(unfinished.resolve("config.json"), JSON.writeValueAsBytes(seeded(5)));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(first, unfinished)));
        assertTrue(missing.getMessage().contains("no metrics.json"), missing.getMessage());
    }

    @Test
    void equalSettingsWrittenDifferentlyStillCombine() throws IOException {
        int[][] right = {{4, 4}, {5, 6}, {6, 6}};
        Path a = run("a", seeded(1), right, (ObjectNode) JSON.readTree("{\"learning_rate\": 1e-4}"));
        Path b = run("b", seeded(2), right, (ObjectNode) JSON.readTree("{\"learning_rate\": 0.0001}"));
        SeedSummary summary = SeedSummary.of(List.of(a, b));
        assertTrue(summary.table().contains("Trained with: score learning_rate=0.0001"), summary.table());
    }

    /**
     * A finished run of one method under {@code seed} on the 10 problems {@code problems-p0…p9}: the base model
     * right at both attempts on the first 4, the method at attempt 1 on the first {@code right[0]} and at
     * attempt 2 on the first {@code right[1]}.
     */
    private Path oneMethod(String name, String problems, long seed, String method, int[] right) throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve(name));
        Files.createDirectories(run.root());
        Files.write(run.config(), JSON.writeValueAsBytes(ConfigTree.with(seeded(seed), "methods",
                JSON.valueToTree(List.of(method)))));
        ObjectNode metrics = JSON.createObjectNode();
        metrics.putObject("methods").putObject("base");
        metrics.with("methods").putObject(method).putObject("settings");
        Files.write(run.finalMetrics(), JSON.writeValueAsBytes(metrics));
        StringBuilder lines = new StringBuilder();
        for (int p = 0; p < 10; p++) {
            lines.append(JSON.createObjectNode().put("method", "base").put("problem", problems + "-p" + p)
                    .put("correct1", p < 4).put("correct2", p < 4)).append('\n');
        }
        for (int p = 0; p < 10; p++) {
            lines.append(JSON.createObjectNode().put("method", method).put("problem", problems + "-p" + p)
                    .put("correct1", p < right[0]).put("correct2", p < right[1])).append('\n');
        }
        Files.writeString(run.outcomes(), lines);
        return run.root();
    }

    @Test
    void runsOfOtherMethodsAtOneSeedJoinIntoOneComparison() throws IOException {
        Path score1 = oneMethod("score-1", "s1", 1, "score", new int[] {5, 8});
        Path single1 = oneMethod("single-1", "s1", 1, "single_turn", new int[] {6, 5});
        Path score2 = oneMethod("score-2", "s2", 2, "score", new int[] {7, 7});
        Path single2 = oneMethod("single-2", "s2", 2, "single_turn", new int[] {6, 6});
        SeedSummary summary = SeedSummary.of(List.of(single2, score1, single1, score2));

        assertEquals(List.of(1L, 2L), summary.seeds());
        assertEquals(List.of("base", "score", "single_turn"), List.copyOf(summary.methods().keySet()),
                "the methods in the order the runs of the lowest seed were given");
        assertEquals(List.of(0.8, 0.7), summary.methods().get("score").metrics().get("acc_t2").perSeed());
        // SCoRe − single_turn at t2, pooled: (8 − 5 + 7 − 6) / 20, paired on each seed's problems.
        assertEquals(4 / 20.0, summary.methods().get("single_turn").scoreMinus().estimate(), 1e-12);
        assertEquals(4, summary.runs().size());

        IllegalArgumentException unequal = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(score1, single1, score2)));
        assertTrue(unequal.getMessage().contains("every seed needs the same methods"), unequal.getMessage());

        Path otherBase = oneMethod("other-base", "elsewhere", 1, "single_turn", new int[] {6, 5});
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(score1, otherBase)));
        assertTrue(base.getMessage().contains("base model's test outcomes differ"), base.getMessage());

        Path scoreAgain = oneMethod("score-again", "s1", 1, "score", new int[] {5, 8});
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(List.of(score1, single1, scoreAgain)));
        assertTrue(twice.getMessage().contains("seed 1 again for score"), twice.getMessage());
    }
}
