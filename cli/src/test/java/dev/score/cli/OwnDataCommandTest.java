package dev.score.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.tokenizer.HfReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --model DIR --data FILE} and {@code eval --model DIR --data FILE} on a tiny Qwen3-shaped model
 * that carries the real Qwen3 tokenizer and chat template, in process: the run frames its conversations with
 * the template, trains, validates, keeps its best model with the template beside it, resumes, and
 * evaluates. What a random model learns does not matter here.
 */
class OwnDataCommandTest {
    private static final List<String> TINY = List.of("--set", "schedule=I:1,II:1", "--set", "problems_per_step=1",
            "--set", "samples_per_problem=2", "--set", "train_problems=4", "--set", "validation_problems=2", "--set",
            "test_problems=3", "--set", "max_attempt_tokens=4", "--set", "eval_every=1", "--backend", "scalar",
            "--threads", "1");

    @TempDir
    static Path dir;
    private static Path model;
    private static Path data;

    @BeforeAll
    static void qwenShapedModelAndAFileOfProblems() throws Exception {
        model = dir.resolve("qwen3-tiny");
        Files.createDirectories(model);
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(HfReference.qwen3().resolve(file), model.resolve(file));
        }
        // 151,669 ids: Qwen3's vocabulary and its added tokens.
        assertEquals(0, run("init", "--out", model.toString(), "--family", "qwen3", "--layers", "1", "--dim", "16",
                "--heads", "2", "--kv-heads", "1", "--ffn", "32", "--vocab", "151669", "--ctx", "512", "--threads",
                "1").exitCode());
        data = dir.resolve("problems.jsonl");
        List<String> lines = new ArrayList<>();
        for (int a = 1; a <= 40; a++) {
            lines.add("{\"problem\": \"What is " + a + " + " + (a + 2) + "?\", \"solution\": \"" + a + " + " + (a + 2)
                    + " = " + (2 * a + 2) + ", so the answer is $\\\\boxed{" + (2 * a + 2) + "}$.\"}");
        }
        Files.write(data, lines);
    }

    private static InProcess.Result run(String... args) {
        return InProcess.run(new byte[0], args);
    }

    @Test
    void scoreTrainsOnAFileOfProblemsInTheModelsChatFormat() throws IOException {
        Path out = dir.resolve("run");
        List<String> line = new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString()));
        line.addAll(TINY);
        InProcess.Result result = run(line.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("score"), result.stdout());
        Path best = out.resolve("score").resolve("best");
        assertTrue(Files.isRegularFile(best.resolve("tokenizer_config.json")), "the chat template goes with the model");
        assertTrue(Files.readString(out.resolve("config.json")).contains(data.toAbsolutePath().toString()));

        InProcess.Result resumed = run("train", "--resume", out.toString(), "--backend", "scalar", "--threads", "1");
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertEquals(table(result.stdout()), table(resumed.stdout()), "a finished run resumes to the same table");

        InProcess.Result eval = run("eval", "--model", best.toString(), "--data", data.toString(), "--problems", "2",
                "--max-attempt-tokens", "4", "--backend", "scalar", "--threads", "1");
        assertEquals(0, eval.exitCode(), eval.stderr());
        assertTrue(eval.stdout().contains("Acc@t2") || eval.stdout().contains("t2"), eval.stdout());
    }

    private static String table(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("|")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void everyMethodRunsOnAFileOfProblemsWithATestFile() throws IOException {
        Path test = dir.resolve("test.jsonl");
        Files.writeString(test, "{\"problem\": \"What is 7 + 8?\", \"solution\": \"\\\\boxed{15}\"}\n"
                + "{\"problem\": \"What is 9 + 9?\", \"answer\": \"18\", \"solution\": \"9 + 9 = 18\"}\n");
        List<String> line = new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
                "--eval-data", test.toString(), "--compare", "--out", dir.resolve("compare").toString(), "--set",
                "sft_problems=2", "--set", "star_rounds=1"));
        line.addAll(TINY);
        InProcess.Result result = run(line.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.stderr());
        for (String method : List.of("base", "score", "single_turn", "star_d", "pair_sft", "self_refine")) {
            assertTrue(result.stdout().contains("| " + method + " "), method + " in\n" + result.stdout());
        }
        // The test split is the two problems of the test file, not problems carved from the training file.
        assertTrue(Files.readString(dir.resolve("compare").resolve("samples.json")).contains("What is 9 + 9?"));
    }

    @Test
    void generateFramesATextPromptInTheChatTemplate() {
        InProcess.Result chat = run("generate", "--model", model.toString(), "--prompt", "What is 2 + 2?", "--chat",
                "--temperature", "0", "--max-new-tokens", "3", "--backend", "scalar", "--threads", "1");
        assertEquals(0, chat.exitCode(), chat.stderr());
        InProcess.Result ids = run("generate", "--model", model.toString(), "--prompt-ids", "1 2", "--chat");
        assertEquals(2, ids.exitCode());
        assertTrue(ids.stderr().contains("--chat frames a text prompt"), ids.stderr());
    }

    @Test
    void aMalformedRecordIsNamedByFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"problem\": \"What is 1 + 1?\", \"solution\": \"\\\\boxed{2}\"}\n{\"problem\": 3}\n");
        InProcess.Result result = run("train", "--model", model.toString(), "--data", bad.toString());
        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains(bad + " line 2"), result.stderr());
    }

    @Test
    void dataNeedsAModelAndEvalDataNeedsData() {
        InProcess.Result noModel = run("train", "--data", data.toString());
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.stderr().contains("--data needs --model"), noModel.stderr());
        InProcess.Result setData = run("train", "--set", "data=" + data, "--out", dir.resolve("no-model").toString());
        assertEquals(2, setData.exitCode());
        assertTrue(setData.stderr().contains("needs a base model given with --model"), setData.stderr());
        InProcess.Result noData = run("train", "--model", model.toString(), "--eval-data", data.toString());
        assertEquals(2, noData.exitCode());
        assertTrue(noData.stderr().contains("--eval-data needs --data"), noData.stderr());
    }
}
