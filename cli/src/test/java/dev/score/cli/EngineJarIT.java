package dev.score.cli;

import static dev.score.cli.EngineJar.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.cli.EngineJar.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the packaged {@code engine.jar} with the {@code java} on the PATH (on this machine kind, JDK 17:
 * the launcher must find JDK 25 itself) against the checkpoint that PyTorch wrote in Hugging Face
 * layout, and checks the answers against PyTorch's.
 */
class EngineJarIT {
    private static final Path ROOT = EngineJar.ROOT;
    private static final Path JAR = EngineJar.JAR;
    private static final Path FIXTURES = ROOT.resolve("parity/fixtures");
    private static final Path MODEL = FIXTURES.resolve("gpt2-tiny");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Run engine(String... args) throws IOException, InterruptedException {
        return EngineJar.run(new byte[0], args);
    }

    static Stream<String> backends() {
        return Stream.of("vector", "scalar");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void scoreGivesPyTorchsLoss(String backend) throws Exception {
        Run run = engine("score", "--model", MODEL.toString(), "--ids", FIXTURES.resolve("score-ids.txt").toString(),
                "--backend", backend);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("backend: " + backend), run.stderr());
        JsonNode expected = JSON.readTree(FIXTURES.resolve("gpt2-tiny-score.json").toFile());
        JsonNode actual = JSON.readTree(run.lastStdoutLine());
        assertEquals(expected.get("positions").asInt(), actual.get("tokens").asInt());
        assertEquals(expected.get("mean_nll").asDouble(), actual.get("loss").asDouble(), 1e-5);
    }

    @Test
    void theDefaultBackendIsVectorAndSaysSo() throws Exception {
        Run run = engine("score", "--model", MODEL.toString(), "--ids", FIXTURES.resolve("score-ids.txt").toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().lines().anyMatch(l -> l.matches("backend: vector, \\d+-bit, \\d+ threads?")),
                run.stderr());
    }

    @Test
    void greedyGenerationGivesPyTorchsTokens() throws Exception {
        JsonNode cases = JSON.readTree(FIXTURES.resolve("gpt2-tiny-generate.json").toFile()).get("cases");
        for (JsonNode c : cases) {
            String prompt = joined(c.get("prompt"));
            Run run = engine("generate", "--model", MODEL.toString(), "--prompt-ids", prompt, "--max-new-tokens",
                    String.valueOf(c.get("new_ids").size()), "--temperature", "0");
            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(joined(c.get("new_ids")), run.lastStdoutLine(), "prompt " + prompt);
        }
    }

    static Stream<String> llamaFamily() {
        return Stream.of("llama3-tiny", "qwen2-tiny", "qwen3-tiny");
    }

    /** Checkpoints PyTorch wrote in Hugging Face layout (sharded BF16, F32, F16; see parity/LLAMA.md). */
    @ParameterizedTest
    @MethodSource("llamaFamily")
    void aLlamaFamilyCheckpointScoresAndDecodesAsPyTorch(String name) throws Exception {
        Path model = FIXTURES.resolve(name);
        Run score = engine("score", "--model", model.toString(), "--ids", FIXTURES.resolve("score-ids.txt").toString());
        assertEquals(0, score.exitCode(), score.stderr());
        JsonNode expected = JSON.readTree(FIXTURES.resolve(name + "-score.json").toFile());
        JsonNode actual = JSON.readTree(score.lastStdoutLine());
        assertEquals(expected.get("positions").asInt(), actual.get("tokens").asInt());
        assertEquals(expected.get("mean_nll").asDouble(), actual.get("loss").asDouble(), 1e-5);
        for (JsonNode c : JSON.readTree(FIXTURES.resolve(name + "-generate.json").toFile()).get("cases")) {
            String prompt = joined(c.get("prompt"));
            Run run = engine("generate", "--model", model.toString(), "--prompt-ids", prompt, "--max-new-tokens",
                    String.valueOf(c.get("new_ids").size()), "--temperature", "0");
            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(joined(c.get("new_ids")), run.lastStdoutLine(), name + ", prompt " + prompt);
        }
    }

    @Test
    void generationStopsAtTheConfigsEosIdsUnlessTold(@TempDir Path dir) throws Exception {
        // llama3-tiny continues prompt 78 greedily with 41 95 52 74 22 95 …; name 95 (and an id it never
        // draws) its end-of-sequence ids, as a list, the way Llama 3's instruct configs do.
        Path model = dir.resolve("llama3-eos");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(FIXTURES.resolve("llama3-tiny"))) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName()));
            }
        }
        Path config = model.resolve("config.json");
        ObjectNode json = (ObjectNode) JSON.readTree(config.toFile());
        json.putArray("eos_token_id").add(95).add(99);
        JSON.writeValue(config.toFile(), json);
        String[] greedy = {"generate", "--model", model.toString(), "--prompt-ids", "78", "--max-new-tokens", "12",
            "--temperature", "0"};
        Run stopped = engine(greedy);
        assertEquals(0, stopped.exitCode(), stopped.stderr());
        assertEquals("41 95", stopped.lastStdoutLine(), "the first eos id ends it, and is kept");
        Run ignored = engine(concat(greedy, "--ignore-eos"));
        assertEquals("41 95 52 74 22 95 52 74 22 95 52 74", ignored.lastStdoutLine());
        Run earlier = engine(concat(greedy, "--ignore-eos", "--stop-ids", "74"));
        assertEquals("41 95 52 74", earlier.lastStdoutLine(), "--stop-ids still stop");
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void samplingIsRepeatableUnderASeed() throws Exception {
        String[] args = {"generate", "--model", MODEL.toString(), "--prompt-ids", "1 2 3", "--max-new-tokens", "16",
            "--temperature", "0.9", "--top-k", "20", "--top-p", "0.95", "--seed", "7"};
        Run first = engine(args);
        Run second = engine(args);
        assertEquals(0, first.exitCode(), first.stderr());
        assertEquals(16, first.lastStdoutLine().split(" ").length);
        assertEquals(first.lastStdoutLine(), second.lastStdoutLine());
    }

    @Test
    void aFreshModelCanBeWrittenAndUsed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("demo");
        Run init = engine("init", "--out", model.toString(), "--layers", "1", "--dim", "32", "--heads", "2",
                "--vocab", "50", "--ctx", "16");
        assertEquals(0, init.exitCode(), init.stderr());
        Run gen = engine("generate", "--model", model.toString(), "--prompt-ids", "1", "--max-new-tokens", "5");
        assertEquals(0, gen.exitCode(), gen.stderr());
        assertEquals(5, gen.lastStdoutLine().split(" ").length);
    }

    static Stream<Object[]> badInputs() {
        return Stream.of(
                new Object[] {"missing model", new String[] {"score", "--model", "/no/such/dir", "--ids", "x"},
                    "/no/such/dir"},
                new Object[] {"malformed id", new String[] {"generate", "--model", MODEL.toString(), "--prompt-ids",
                    "1 two 3"}, "'two'"},
                new Object[] {"id beyond vocab", new String[] {"generate", "--model", MODEL.toString(),
                    "--prompt-ids", "1 97"}, "97"},
                new Object[] {"too long", new String[] {"generate", "--model", MODEL.toString(), "--prompt-ids",
                    "1 2 3", "--max-new-tokens", "40"}, "n_positions"},
                new Object[] {"unknown option", new String[] {"score", "--model", MODEL.toString(), "--ids",
                    FIXTURES.resolve("score-ids.txt").toString(), "--frobnicate"}, "--frobnicate"},
                new Object[] {"missing option", new String[] {"score", "--ids", "x"}, "--model"},
                new Object[] {"unknown backend", new String[] {"score", "--model", MODEL.toString(), "--ids",
                    FIXTURES.resolve("score-ids.txt").toString(), "--backend", "quantum"}, "quantum"},
                new Object[] {"cuda without a device", new String[] {"score", "--model", MODEL.toString(), "--ids",
                    FIXTURES.resolve("score-ids.txt").toString(), "--backend", "cuda"},
                    "--backend cuda: the cuda backend cannot run here"},
                new Object[] {"unknown hyperparameter", new String[] {"train", "--set", "alpah=5"}, "alpah"},
                new Object[] {"bad schedule", new String[] {"train", "--set", "schedule=I:10,III:5"}, "III:5"},
                new Object[] {"non-numeric value", new String[] {"train", "--set", "alpha=ten"}, "ten"},
                new Object[] {"unknown method", new String[] {"train", "--method", "magic"}, "magic"},
                new Object[] {"unknown task", new String[] {"train", "--task", "poetry"}, "poetry"},
                new Object[] {"resume nothing", new String[] {"train", "--resume", "/no/such/run"}, "/no/such/run"},
                new Object[] {"eval unknown split", new String[] {"eval", "--model", MODEL.toString(), "--split",
                    "dev"}, "dev"},
                new Object[] {"absurd problem count", new String[] {"eval", "--model", MODEL.toString(), "--problems",
                    "2147483647"}, "--problems"},
                new Object[] {"overflowing max new tokens", new String[] {"generate", "--model", MODEL.toString(),
                    "--prompt-ids", "1", "--max-new-tokens", "2147483647"}, "--max-new-tokens"},
                new Object[] {"infinite alpha", new String[] {"train", "--set", "alpha=1e400"}, "alpha"},
                new Object[] {"zero-step schedule", new String[] {"train", "--set", "schedule=I:0"}, "I:0"},
                new Object[] {"resume a model directory", new String[] {"train", "--resume", MODEL.toString()},
                    "a model directory"},
                new Object[] {"resume with settings", new String[] {"train", "--resume", MODEL.toString(), "--set",
                    "alpha=5"}, "--set"},
                new Object[] {"init over a model", new String[] {"init", "--out", MODEL.toString()}, "--force"},
                new Object[] {"fullwidth digit id", new String[] {"generate", "--model", MODEL.toString(),
                    "--prompt-ids", "1 \uFF13"}, "--prompt-ids"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsOneLineAndExitCode2(String what, String[] args, String mentioned) throws Exception {
        assertOneLineError(engine(args), mentioned);
    }

    @Test
    void trainRefusesToOverwriteARun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{}");
        assertOneLineError(engine("train", "--out", dir.toString()), "--resume " + dir);
    }

    @Test
    void badIdsFilesNameTheLine(@TempDir Path dir) throws Exception {
        Path ids = dir.resolve("ids.txt");
        Files.writeString(ids, "1 2 3\n4 5 x6\n");
        assertOneLineError(engine("score", "--model", MODEL.toString(), "--ids", ids.toString()), "ids.txt:2");
        StringBuilder tooLong = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            tooLong.append(i % 90).append(' ');
        }
        Files.writeString(ids, "1 2\n" + tooLong + "\n");
        assertOneLineError(engine("score", "--model", MODEL.toString(), "--ids", ids.toString()), "ids.txt:2");
    }

    @Test
    void aCorruptedCheckpointIsNamed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("broken");
        Files.createDirectories(model);
        Files.copy(MODEL.resolve("config.json"), model.resolve("config.json"));
        byte[] weights = Files.readAllBytes(MODEL.resolve("model.safetensors"));
        Files.write(model.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length / 2));
        assertOneLineError(engine("score", "--model", model.toString(), "--ids",
                FIXTURES.resolve("score-ids.txt").toString()), "model.safetensors");
    }


    private static String joined(JsonNode ids) {
        List<String> parts = new ArrayList<>();
        ids.forEach(id -> parts.add(id.asText()));
        return String.join(" ", parts);
    }

    @Test
    void jarExists() {
        assertTrue(Files.isRegularFile(JAR), "the build leaves engine.jar at the repository root");
        assertArrayEquals(new byte[] {'P', 'K'}, readTwoBytes(JAR));
    }

    private static byte[] readTwoBytes(Path file) {
        try {
            return Arrays.copyOf(Files.readAllBytes(file), 2);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
