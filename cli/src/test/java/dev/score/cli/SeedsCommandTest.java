package dev.score.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --seeds/--sweep}, {@code train --resume} of such a run, and {@code summarize}, in process on
 * a tiny untrained model (what it learns does not matter here, only what the commands write and refuse).
 */
class SeedsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A run of a few seconds: one step, a handful of problems, four tokens an attempt, the scalar kernels. */
    private static final List<String> TINY = List.of("--set", "schedule=I:1", "--set", "problems_per_step=1", "--set",
            "samples_per_problem=2", "--set", "train_problems=4", "--set", "validation_problems=2", "--set",
            "test_problems=3", "--set", "max_attempt_tokens=4", "--set", "sft_problems=1", "--backend", "scalar",
            "--threads", "1");

    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void tinyModelWithTokenizer() throws IOException {
        model = dir.resolve("model");
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "What is 12 + 30? 12 + 30 = 42. The final answer is 42.\n");
        assertEquals(0, run("train-tokenizer", "--corpus", corpus.toString(), "--vocab-size", "270", "--out",
                model.toString()).exitCode());
        // The model's vocabulary is the tokenizer's, so that every id it samples can be decoded.
        String vocab = Integer.toString(Tokenizers.load(model).vocabSize());
        assertEquals(0, run("init", "--out", model.toString(), "--layers", "1", "--dim", "8", "--heads", "2",
                "--vocab", vocab, "--ctx", "1024", "--threads", "1").exitCode());
    }

    private static InProcess.Result run(String... args) {
        return InProcess.run(new byte[0], args);
    }

    private static InProcess.Result train(String... args) {
        List<String> line = new ArrayList<>(List.of("train", "--model", model.toString()));
        line.addAll(List.of(args));
        line.addAll(TINY);
        return run(line.toArray(String[]::new));
    }

    private static void ok(InProcess.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
    }

    /** Exit code 2 and one {@code error:} line holding every one of {@code mentioned}. */
    private static void oneLineError(InProcess.Result result, String... mentioned) {
        assertEquals(2, result.exitCode(), result.stderr());
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), result.stderr());
        for (String text : mentioned) {
            assertTrue(errors.getFirst().contains(text), text + " in " + errors.getFirst());
        }
        assertFalse(result.stderr().contains("Exception") || result.stderr().contains("\tat "), result.stderr());
    }

    /** The combined table: from its first line to the line before {@code run directory:} or {@code summary:}, if any. */
    private static String summaryTable(String stdout) {
        String table = stdout.substring(stdout.indexOf("Seeds "));
        for (String after : List.of("run directory:", "summary:")) {
            if (table.contains(after)) {
                return table.substring(0, table.indexOf(after));
            }
        }
        return table;
    }

    @Test
    void seedsAfterASweepCombineResumeAndSummarizeToTheSameTable() throws IOException {
        Path out = dir.resolve("seeds");
        InProcess.Result trained = train("--out", out.toString(), "--method", "star_d", "--seeds", "2", "--sweep",
                "learning_rate=1e-3,3e-3");
        ok(trained);
        assertTrue(trained.stdout().contains("Sweep of learning_rate on seed 1"), trained.stdout());
        assertTrue(trained.stdout().contains("Seeds 1, 2: mean ± standard deviation over seeds"), trained.stdout());
        assertTrue(trained.stdout().strip().endsWith("run directory: " + out), trained.stdout());
        for (String file : List.of("plan.json", "sweep.json", "summary.json", "report.html", "seed-1/metrics.json",
                "seed-2/outcomes.jsonl", "seed-2/star_d/trained.json")) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
        String table = summaryTable(trained.stdout());

        Path summary = dir.resolve("summary");
        InProcess.Result combined = run("summarize", out.resolve("seed-2").toString(), out.resolve("seed-1").toString(),
                "--out", summary.toString());
        ok(combined);
        assertEquals(table, summaryTable(combined.stdout()), "the seeds combined afterwards, in any order");
        assertEquals(JSON.readTree(out.resolve("summary.json").toFile()).get("methods"),
                JSON.readTree(summary.resolve("summary.json").toFile()).get("methods"));
        assertTrue(Files.readString(summary.resolve("report.html")).contains("SCoRe over seeds"));
        InProcess.Result whole = run("summarize", out.toString());
        ok(whole);
        assertEquals(table, summaryTable(whole.stdout()), "a --seeds run stands for its seeds");

        InProcess.Result resumed = run("train", "--resume", out.toString(), "--backend", "scalar", "--threads", "1");
        ok(resumed);
        assertEquals(table, summaryTable(resumed.stdout()), "a finished run resumes to the same table");
        oneLineError(run("train", "--resume", out.resolve("seed-2").toString()), "one seed of the run",
                "--resume " + out.toAbsolutePath());
        oneLineError(run("train", "--resume", out.toString(), "--seeds", "3"), "--seeds");
        oneLineError(run("train", "--resume", out.toString(), "--sweep", "alpha=1,2"), "--sweep");

        oneLineError(run("summarize", out.resolve("seed-1").toString(), out.resolve("seed-1").toString()),
                "seed 1 again");
        Path other = dir.resolve("other");
        ok(train("--out", other.toString(), "--method", "star_d", "--set", "seed=3", "--set", "alpha=5"));
        oneLineError(run("summarize", out.resolve("seed-1").toString(), other.toString()), other.toString(),
                "differs", "alpha", "the seed alone");
    }

    @Test
    void badSweepsAndSeedsAreRefusedBeforeAnyWork() {
        oneLineError(train("--sweep", "learning_rate"), "--sweep learning_rate", "KEY=V1,V2");
        oneLineError(train("--sweep", "seed=1,2"), "--sweep", "--seeds varies");
        oneLineError(train("--sweep", "test_problems=10,20"), "--sweep", "measured");
        oneLineError(train("--sweep", "attempt2_baseline=rloo,same_first_reward"), "--sweep", "numeric hyperparameter");
        oneLineError(train("--sweep", "learning_rate=1e-4"), "--sweep", "at least two values");
        oneLineError(train("--sweep", "learning_rate=1e-4,0.0001"), "--sweep", "given twice");
        oneLineError(train("--sweep", "learning_rate=1e-4,abc"), "--sweep", "'abc' is not a number");
        oneLineError(train("--sweep", "learning_rate=1e-4,2"), "--sweep", "learning_rate must be > 0");
        oneLineError(train("--sweep", "samples_per_problem=2,2.5"), "--sweep", "samples_per_problem", "whole number");
        oneLineError(train("--method", "self_refine", "--sweep", "learning_rate=1e-4,3e-4"), "--sweep",
                "nothing to tune");
        oneLineError(train("--seeds", "0"), "--seeds");
        oneLineError(run("summarize", dir.toString()), dir.toString(), "no config.json");
        oneLineError(run("summarize", dir.resolve("missing").toString()), "RUN_DIR", "no such directory");
    }
}
