package dev.score.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar engine.jar train --spark local[2]} as a user runs it, with the {@code java} on the PATH: the
 * launcher must add {@code engine-spark/} and Spark's JVM options, and the run must end like one without Spark.
 */
class SparkTrainJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("..").toAbsolutePath().normalize().resolve("engine.jar");
    private static final List<String> RUN = List.of("--backend", "scalar", "--set", "schedule=I:2,II:2", "--set",
            "problems_per_step=3", "--set", "samples_per_problem=2", "--set", "max_attempt_tokens=16", "--set",
            "validation_problems=4", "--set", "test_problems=4", "--set", "eval_every=2");

    @TempDir
    static Path dir;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void pretrain() throws Exception {
        Run run = engine("pretrain", "--steps", "20", "--out", dir.resolve("base").toString());
        assertEquals(0, run.exitCode(), run.stderr());
    }

    @Test
    void trainOnLocalSparkEndsLikeTrainInOneProcess() throws Exception {
        Run here = train("one-process");
        Run there = train("spark", "--spark", "local[2]", "--spark-conf", "spark.ui.enabled=false", "--spark-shards",
                "2");
        assertEquals(0, here.exitCode(), here.stderr());
        assertEquals(0, there.exitCode(), there.stderr());
        assertTrue(there.stderr().contains("spark: Spark 4.2.0 at local[2]"), there.stderr());
        assertTrue(there.stdout().contains("| score |"), there.stdout());
        for (String file : List.of("metrics.json", "report.html", "outcomes.jsonl")) {
            assertTrue(Files.isRegularFile(dir.resolve("spark").resolve(file)), file);
        }
        List<JsonNode> a = steps(dir.resolve("one-process"));
        List<JsonNode> b = steps(dir.resolve("spark"));
        assertEquals(4, b.size());
        for (int s = 0; s < a.size(); s++) {
            assertEquals(a.get(s).get("reward_t1").asDouble(), b.get(s).get("reward_t1").asDouble(), 0, "step " + s);
            assertEquals(a.get(s).get("reward_t2").asDouble(), b.get(s).get("reward_t2").asDouble(), 0, "step " + s);
            assertEquals(a.get(s).get("loss").asDouble(), b.get(s).get("loss").asDouble(), 1e-4, "step " + s);
        }
    }

    @Test
    void sparkSettingsWithoutAMasterOrMalformedAreOneLineErrors() throws Exception {
        assertOneLineError(engine("train", "--spark-shards", "2"), "--spark MASTER");
        assertOneLineError(engine("train", "--spark", "local[2]", "--spark-conf", "nokey"), "nokey");
    }

    private static void assertOneLineError(Run run, String mentioned) {
        assertEquals(2, run.exitCode(), run.stderr());
        List<String> errors = run.stderr().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.stderr());
        assertTrue(errors.get(0).contains(mentioned), errors.get(0));
        assertTrue(!run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
    }

    private static Run train(String out, String... spark) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--model", dir.resolve("base").toString(), "--out",
                dir.resolve(out).toString()));
        args.addAll(RUN);
        args.addAll(List.of(spark));
        return engine(args.toArray(String[]::new));
    }

    private static List<JsonNode> steps(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("score").resolve("metrics.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** {@code java -jar engine.jar ARGS} with the PATH's java, in the temporary directory. */
    private static Run engine(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
        String out = read(process, false);
        return new Run(process.waitFor(), out, err.join());
    }

    private static String read(Process process, boolean stderr) {
        try {
            return new String((stderr ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
