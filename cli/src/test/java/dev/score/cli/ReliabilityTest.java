package dev.score.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18's command-line defects (and issue 14's eval naming), each reproduced in process. */
class ReliabilityTest {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void tinyModelWithTokenizer() throws IOException {
        model = dir.resolve("model");
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "What is 12 + 30? 12 + 30 = 42. The final answer is 42.\n");
        assertEquals(0, run("init", "--out", model.toString(), "--layers", "1", "--dim", "8", "--heads", "2",
                "--vocab", "300", "--ctx", "256", "--threads", "1").exitCode());
        assertEquals(0, run("train-tokenizer", "--corpus", corpus.toString(), "--vocab-size", "270", "--out",
                model.toString()).exitCode());
    }

    private static InProcess.Result run(String... args) {
        return InProcess.run(new byte[0], args);
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

    @Test
    void initRefusesToOverwriteAModelAndForceRemovesItsTokenizer() throws IOException {
        Path out = dir.resolve("init-again");
        String[] init = {"init", "--out", out.toString(), "--layers", "1", "--dim", "8", "--heads", "2", "--vocab",
            "16", "--ctx", "8"};
        assertEquals(0, run(init).exitCode());
        Files.copy(model.resolve("tokenizer.json"), out.resolve("tokenizer.json"));
        byte[] weights = Files.readAllBytes(out.resolve("model.safetensors"));
        oneLineError(run(init), "--out", "holds a model", "--force");
        assertTrue(Files.exists(out.resolve("tokenizer.json")), "nothing touched");
        List<String> forced = new ArrayList<>(List.of(init));
        forced.addAll(List.of("--force", "--seed", "2"));
        assertEquals(0, run(forced.toArray(String[]::new)).exitCode());
        assertFalse(Arrays.equals(weights, Files.readAllBytes(out.resolve("model.safetensors"))), "new weights");
        assertFalse(Files.exists(out.resolve("tokenizer.json")), "the old model's tokenizer is gone");
    }

    @Test
    void initWritesBesideATokenizerTrainedFirst() throws IOException {
        Path out = dir.resolve("tokenizer-first");
        Files.createDirectories(out);
        Files.copy(model.resolve("tokenizer.json"), out.resolve("tokenizer.json"));
        assertEquals(0, run("init", "--out", out.toString(), "--layers", "1", "--dim", "8", "--heads", "2", "--vocab",
                "300", "--ctx", "8").exitCode());
        assertTrue(Files.exists(out.resolve("tokenizer.json")) && Files.exists(out.resolve("model.safetensors")));
    }

    @Test
    void initForceLeavesADirectoryWithOtherFilesAlone() throws IOException {
        Path out = dir.resolve("not-a-model");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        oneLineError(run("init", "--out", out.toString(), "--force", "--layers", "1", "--dim", "8", "--heads", "2",
                "--vocab", "16", "--ctx", "8"), "notes.txt");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void resumeRefusesSettingsItWouldIgnore() {
        oneLineError(run("train", "--resume", dir.toString(), "--set", "alpha=5", "--config", "c.json"), "--resume",
                "--set", "--config", "config.json");
        oneLineError(run("train", "--resume", dir.toString(), "--method", "no_shaping"), "--method");
    }

    @Test
    void resumeOnAModelDirectorySaysSo() {
        oneLineError(run("train", "--resume", model.toString()), "--resume", "a model directory");
    }

    @Test
    void resumeOnARunConfigMissingAKeyNamesTheKey() throws IOException {
        Path run = dir.resolve("half-run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"task\": \"math\"}");
        oneLineError(run("train", "--resume", run.toString()), "config.json", "'methods' is missing");
    }

    @Test
    void configValuesAreCheckedLikeSetValues() throws IOException {
        Path config = dir.resolve("bad.json");
        for (String[] c : new String[][] {{"{\"alpha\": 1e400}", "alpha"}, {"{\"beta1\": null}", "beta1"},
                {"{\"samples_per_problem\": 2.5}", "samples_per_problem"}, {"{\"seed\": \"7\"}", "seed"},
                {"{\"alpha\": ", "not valid JSON"}, {"[1]", "JSON object"}}) {
            Files.writeString(config, c[0]);
            oneLineError(run("train", "--config", config.toString()), "bad.json", c[1]);
        }
        oneLineError(run("train", "--set", "samples_per_problem=2.5"), "--set", "samples_per_problem");
        oneLineError(run("train", "--set", "learning_rate=1e30"), "learning_rate");
        oneLineError(run("train", "--set", "schedule=I:0"), "I:0");
    }

    @Test
    void parseTimeRangesRefuseAbsurdSizesBeforeAnyWork() {
        oneLineError(run("eval", "--model", model.toString(), "--problems", "2147483647"), "--problems", "100000");
        oneLineError(run("eval", "--model", model.toString(), "--max-attempt-tokens", "0"), "--max-attempt-tokens");
        oneLineError(run("generate", "--model", model.toString(), "--prompt-ids", "1", "--max-new-tokens",
                "2147483647"), "--max-new-tokens");
        oneLineError(run("generate", "--model", model.toString(), "--prompt-ids", "1", "--temperature", "NaN"),
                "--temperature");
        oneLineError(run("generate", "--model", model.toString(), "--prompt-ids", "1", "--max-new-tokens", "300"),
                "--max-new-tokens", "n_positions");
    }

    @Test
    void idsAreAsciiDigitsOnly() throws IOException {
        Path ids = dir.resolve("digits.txt");
        for (String id : List.of("٣", "３", "+3", "-3")) {
            Files.writeString(ids, "1 " + id + "\n");
            oneLineError(run("score", "--model", model.toString(), "--ids", ids.toString()), "digits.txt:1",
                    "'" + id + "'");
            InProcess.Result detokenized = InProcess.run(("1 " + id).getBytes(StandardCharsets.UTF_8), "detokenize",
                    "--tokenizer", model.toString());
            oneLineError(detokenized, "stdin", "'" + id + "'");
        }
    }

    @Test
    void badIdsFilesAreNamed() throws IOException {
        oneLineError(run("score", "--model", model.toString(), "--ids", dir.toString()), "--ids", "is a directory");
        Path ids = dir.resolve("latin1.txt");
        Files.write(ids, new byte[] {'1', ' ', (byte) 0xE9, '\n'});
        oneLineError(run("score", "--model", model.toString(), "--ids", ids.toString()), "latin1.txt", "UTF-8");
    }

    @Test
    void aVocabBpeThatIsNotUtf8IsNamed() throws IOException {
        Path gpt2 = dir.resolve("gpt2");
        Files.createDirectories(gpt2);
        Files.writeString(gpt2.resolve("encoder.json"), "{}");
        Files.write(gpt2.resolve("vocab.bpe"), new byte[] {'#', ' ', (byte) 0xFF, '\n'});
        oneLineError(InProcess.run("x".getBytes(StandardCharsets.UTF_8), "tokenize", "--gpt2", gpt2.toString()),
                "vocab.bpe", "UTF-8");
    }

    @Test
    void evalChecksItsOutputBeforeEvaluating() {
        InProcess.Result result = run("eval", "--model", model.toString(), "--problems", "1", "--out",
                dir.resolve("missing/metrics.json").toString());
        oneLineError(result, "--out", "does not exist");
        assertFalse(result.stderr().contains("eval ["), "no evaluation ran: " + result.stderr());
    }

    @Test
    void evalNamesItsRowAfterAnyDirectoryAndCountsTooLongProblems() throws IOException {
        Path best = dir.resolve("run/score/best");
        Files.createDirectories(best);
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(model.resolve(file), best.resolve(file));
        }
        Path out = dir.resolve("best-metrics.json");
        Path data = dir.resolve("long.jsonl");
        String longProblem = "What is " + "1 + ".repeat(200) + "1?";
        Files.writeString(data, "{\"problem\": \"What is 1 + 1?\", \"solution\": \"\\\\boxed{2}\", \"level\": "
                + "\"Level 1\", \"type\": \"Algebra\"}\n{\"problem\": \"" + longProblem + "\", \"solution\": "
                + "\"\\\\boxed{201}\", \"level\": \"Level 1\", \"type\": \"Algebra\"}\n");
        InProcess.Result result = run("eval", "--model", best.toString(), "--data", data.toString(),
                "--max-attempt-tokens", "4", "--out", out.toString(), "--threads", "1");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("| best |"), result.stdout());
        assertTrue(result.stdout().contains("too long: 1 of 2 problems"), result.stdout());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(1, json.get("too_long").asInt());
        assertEquals(2, json.get("problems").asInt());
    }

    @Test
    void sampledEvalRepeatsUnderItsSeedAndRecordsItsTemperature() throws IOException {
        Path first = dir.resolve("sampled-1.json");
        Path second = dir.resolve("sampled-2.json");
        for (Path out : List.of(first, second)) {
            InProcess.Result result = run("eval", "--model", model.toString(), "--problems", "6", "--temperature",
                    "1.5", "--seed", "4", "--max-attempt-tokens", "8", "--out", out.toString(), "--threads", "1");
            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(result.stderr().contains("eval at temperature 1.5"), result.stderr());
        }
        JsonNode json = new ObjectMapper().readTree(first.toFile());
        assertEquals(1.5, json.get("temperature").asDouble());
        assertEquals(json, new ObjectMapper().readTree(second.toFile()));
        oneLineError(run("eval", "--model", model.toString(), "--temperature", "-1"), "--temperature");
    }

    @Test
    void tokenizeHelpListsEachOptionOnce() {
        InProcess.Result help = run("tokenize", "--help");
        assertEquals(0, help.exitCode());
        // An option's row: the option, then its description (the usage line above names it without one).
        assertEquals(1, help.stdout().lines().filter(l -> l.matches("\\s+--gpt2=DIR\\s+Directory.*")).count(),
                help.stdout());
        assertEquals(1, help.stdout().lines().filter(l -> l.matches("\\s+--tokenizer=DIR\\s+Directory.*")).count(),
                help.stdout());
    }
}
