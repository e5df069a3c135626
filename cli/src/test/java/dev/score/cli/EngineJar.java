package dev.score.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the packaged {@code engine.jar} as a user would, with the {@code java} on the PATH (on this
 * machine kind JDK 17, so the launcher must find JDK 25 itself), and checks its error contract.
 */
final class EngineJar {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("engine.jar");

    private EngineJar() {
    }

    record Run(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String lastStdoutLine() {
            String[] lines = out().strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** Runs {@code java -jar engine.jar ARGS} with {@code stdin} on its standard input. */
    static Run run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).start();
        // Drain stderr concurrently so a chatty child cannot block on a full pipe.
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = process.getInputStream().readAllBytes();
        return new Run(process.waitFor(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    /** Bad input: exit code 2, exactly one {@code error:} line naming {@code mentioned}, no stack trace. */
    static void assertOneLineError(Run run, String mentioned) {
        assertEquals(2, run.exitCode(), run.stderr());
        List<String> errors = run.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.stderr());
        assertTrue(errors.getFirst().contains(mentioned), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        assertFalse(run.stderr().contains("Exception"), "no exception names: " + run.stderr());
    }
}
