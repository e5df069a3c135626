package dev.score.cli;

import static dev.score.cli.EngineJar.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.cli.EngineJar.Run;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code bench} in the packaged jar: each subcommand's JSON line at tiny sizes, and its bad input. */
class BenchJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TINY = {"--layers", "1", "--dim", "16", "--heads", "2", "--vocab", "30", "--ctx", "12"};

    private static JsonNode lastLine(String... args) throws Exception {
        Run run = EngineJar.run(new byte[0], args);
        assertEquals(0, run.exitCode(), run.stderr());
        return JSON.readTree(run.lastStdoutLine());
    }

    @Test
    void matmulPrintsGflops() throws Exception {
        JsonNode line = lastLine("bench", "matmul", "--m", "13", "--k", "7", "--n", "40", "--form", "AT_B",
                "--seconds", "0.05");
        assertEquals("matmul", line.get("bench").asText());
        assertEquals("AT_B", line.get("form").asText());
        assertTrue(line.get("gflops").asDouble() > 0, line.toString());
    }

    @Test
    void trainPrintsThroughputAndMemory() throws Exception {
        String[] args = concat(new String[] {"bench", "train", "--batch", "2", "--steps", "2", "--warmup", "0"}, TINY);
        JsonNode line = lastLine(args);
        assertTrue(line.get("tokens_per_s").asDouble() > 0, line.toString());
        assertTrue(line.get("ms_per_step").asDouble() > 0, line.toString());
        assertMemoryReported(line);
    }

    @Test
    void samplePrintsThroughputAndMemory() throws Exception {
        String[] args = concat(new String[] {"bench", "sample", "--batch", "3", "--prompt-len", "2", "--new-tokens", "4",
            "--repeats", "1", "--warmup", "0", "--backend", "scalar"}, TINY);
        JsonNode line = lastLine(args);
        assertEquals(3, line.get("batch").asInt());
        assertTrue(line.get("tokens_per_s").asDouble() > 0, line.toString());
        assertMemoryReported(line);
    }

    /** A resident set, and a GC time that is a share of the run: at least 0 ms and at most the whole run. */
    private static void assertMemoryReported(JsonNode line) {
        assertTrue(line.get("peak_rss_mb").asDouble() > 0, line.toString());
        assertTrue(line.get("gc_ms").asLong() >= 0, line.toString());
        double share = line.get("gc_share").asDouble();
        assertTrue(share >= 0 && share <= 1, line.toString());
    }

    static Stream<Object[]> badInputs() {
        return Stream.of(
                new Object[] {new String[] {"bench", "matmul", "--m", "0", "--k", "2", "--n", "2"}, "--m"},
                new Object[] {new String[] {"bench", "matmul", "--m", "2", "--k", "x", "--n", "2"}, "--k"},
                new Object[] {new String[] {"bench", "matmul", "--m", "2", "--k", "2"}, "--n"},
                new Object[] {new String[] {"bench", "matmul", "--m", "2", "--k", "2", "--n", "2", "--form", "AB"}, "AB"},
                new Object[] {new String[] {"bench", "train", "--dim", "30", "--heads", "4"}, "--heads"},
                new Object[] {new String[] {"bench", "train", "--steps", "0"}, "--steps"},
                new Object[] {new String[] {"bench", "train", "--layers", "-1"}, "--layers"},
                new Object[] {new String[] {"bench", "sample", "--ctx", "16", "--prompt-len", "10", "--new-tokens", "10"},
                    "--ctx"},
                new Object[] {new String[] {"bench", "sample", "--batch", "0"}, "--batch"},
                new Object[] {new String[] {"bench", "frobnicate"}, "frobnicate"});
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGetsOneLineAndExitCode2(String[] args, String mentioned) throws Exception {
        assertOneLineError(EngineJar.run(new byte[0], args), mentioned);
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
