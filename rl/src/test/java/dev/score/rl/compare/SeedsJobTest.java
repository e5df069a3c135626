package dev.score.rl.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.RunDirectory;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.TinyRun;
import dev.score.rl.train.TrainJob;
import dev.score.rl.util.DirectoryLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several seeds from one base model, each a complete deterministic run, a sweep chosen on validation and
 * reused for the first seed, and the seeds combined. The scalar backend repeats its bits in every run.
 */
class SeedsJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.create("scalar", 2);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static SeedsJob job(ScoreConfig config, SeedsPlan plan, Path out, ByteArrayOutputStream progress) {
        return new SeedsJob(config, plan, new SeedsDirectory(out), new BaseModelCache(dir.resolve("cache")),
                TinyRun.BASE, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    @Test
    void eachSeedIsTheRunThatSeedGivesAlone() throws Exception {
        ScoreConfig config = TinyRun.config("math", List.of("score"), List.of("I:1", "II:1"));
        Path out = dir.resolve("seeds");
        SeedsJob.Result result = job(config, new SeedsPlan(2, Optional.empty()), out, new ByteArrayOutputStream())
                .run(backend);
        assertEquals(List.of(7L, 8L), result.summary().seeds());
        assertTrue(Files.exists(out.resolve("seed-7/score/trained.json")) && Files.exists(out.resolve("seed-8/score")));
        assertEquals(8, JSON.readTree(out.resolve("seed-8/config.json").toFile()).get("seed").asInt());

        // The second seed run on its own, from the same base model, writes the same metrics to the bit: seeds
        // run in separate invocations combine into the same table.
        RunDirectory alone = new RunDirectory(dir.resolve("seed-8-alone"));
        Path base = Path.of(JSON.readTree(out.resolve("base_model.json").toFile()).get("path").asText());
        new TrainJob(ConfigTree.withSeed(config, 8), alone, new BaseModelCache(dir.resolve("cache")), TinyRun.BASE)
                .withBaseModel(base).run(backend);
        assertEquals(JSON.readTree(out.resolve("seed-8/metrics.json").toFile()),
                JSON.readTree(alone.finalMetrics().toFile()));
        assertEquals(Files.readString(out.resolve("seed-8/outcomes.jsonl")), Files.readString(alone.outcomes()));

        Path combined = dir.resolve("combined.json");
        SeedSummary.of(List.of(alone.root(), out.resolve("seed-7"))).write(combined);
        assertEquals(JSON.readTree(out.resolve("summary.json").toFile()).get("methods"),
                JSON.readTree(combined.toFile()).get("methods"), "combining afterwards gives the job's own summary");
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("SCoRe over seeds") && report.contains(" ± ") && report.contains("seed-8/report.html"),
                report);
    }

    @Test
    void theSweepChoosesOnValidationAndTheFirstSeedReusesItsTraining() throws Exception {
        ScoreConfig config = TinyRun.config("math", List.of("score", "pair_sft", "self_refine"), List.of("I:1", "II:1"));
        SweepSpec sweep = new SweepSpec("learning_rate", List.of("1e-3", "3e-3"));
        Path out = dir.resolve("sweep");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SeedsJob.Result result = job(config, new SeedsPlan(2, Optional.of(sweep)), out, progress).run(backend);

        JsonNode swept = JSON.readTree(out.resolve("sweep.json").toFile());
        assertEquals(List.of("score", "pair_sft"), names(swept.get("methods")));
        assertTrue(swept.get("not_swept").has("self_refine"));
        for (String method : List.of("score", "pair_sft")) {
            JsonNode entry = swept.get("methods").get(method);
            JsonNode candidates = entry.get("candidates");
            assertEquals(2, candidates.size());
            // The first value listed wins a tie; a later one only by a higher validation score.
            double first = candidates.get(0).get("validation_acc_t2").asDouble();
            double second = candidates.get(1).get("validation_acc_t2").asDouble();
            String chosen = second > first ? "3e-3" : "1e-3";
            assertEquals(chosen, entry.get("chosen").asText(), method);
            assertFalse(Files.exists(out.resolve("sweep/learning_rate=" + chosen + "/" + method + "/outcomes.jsonl")),
                    "a candidate is never evaluated on the test split");

            JsonNode seed7 = JSON.readTree(out.resolve("seed-7/metrics.json").toFile()).get("methods").get(method);
            assertEquals("../sweep/learning_rate=" + chosen + "/" + method, seed7.get("trained_in").asText(),
                    "the first seed evaluates the sweep's training of the chosen value");
            assertFalse(Files.exists(out.resolve("seed-7/" + method)), method + " not trained again for seed 7");
            JsonNode seed8 = JSON.readTree(out.resolve("seed-8/metrics.json").toFile()).get("methods").get(method);
            assertEquals(method, seed8.get("trained_in").asText());
            assertEquals(Double.parseDouble(chosen), seed8.get("settings").get("learning_rate").asDouble(), 0.0);
        }
        assertTrue(result.sweepTable().orElseThrow().contains("self_refine is not swept"), result.sweepTable().get());
        assertTrue(result.summary().table().contains("Trained with: score learning_rate="), result.summary().table());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Sweep of learning_rate on seed 7") && report.contains("self_refine is not swept"));

        // Run again, as --resume does: every training is found finished and nothing is trained again.
        Path trainedLog = out.resolve("seed-8/pair_sft/metrics.jsonl");
        FileTime written = Files.getLastModifiedTime(trainedLog);
        String summary = Files.readString(out.resolve("summary.json"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        job(config, new SeedsPlan(2, Optional.of(sweep)), out, again).run(backend);
        assertEquals(written, Files.getLastModifiedTime(trainedLog));
        assertEquals(summary, Files.readString(out.resolve("summary.json")));
    }

    @Test
    void theWholeJobHoldsTheRunDirectoryLock() throws Exception {
        Path out = dir.resolve("locked");
        SeedsDirectory seeds = new SeedsDirectory(out);
        try (DirectoryLock held = seeds.run().lock()) {
            SeedsJob job = job(TinyRun.config(List.of("I:1")), new SeedsPlan(2, Optional.empty()), out,
                    new ByteArrayOutputStream());
            assertThrows(IllegalStateException.class, () -> job.run(backend));
        }
        assertFalse(Files.exists(seeds.plan()), "nothing written before the lock is taken");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
