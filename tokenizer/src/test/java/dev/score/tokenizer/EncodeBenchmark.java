package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Encode throughput, ours against the JavaScript reference in the same run, on a generated corpus of a few
 * MB. Not part of the normal build (the name does not end in Test); run it with
 * {@code mvn -B -ntp -q -pl tokenizer test -Dtest=EncodeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Both sides encode line by line with a fresh word cache, best of three; the token counts must agree.
 */
class EncodeBenchmark {
    private static final int RUNS = 3;

    @Test
    void encodeThroughput() throws Exception {
        String corpus = corpus(4_000_000);
        Path file = Path.of("target", "benchmark-corpus.txt").toAbsolutePath();
        Files.writeString(file, corpus, StandardCharsets.UTF_8);
        List<String> lines = List.of(corpus.split("(?<=\n)"));
        long bytes = corpus.getBytes(StandardCharsets.UTF_8).length;
        Path gpt2 = ReferenceEncoder.gpt2Dir();

        long tokens = encodeAll(Gpt2Files.load(gpt2), lines);
        double javaSeconds = Double.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            BpeTokenizer fresh = Gpt2Files.load(gpt2);
            long start = System.nanoTime();
            assertEquals(tokens, encodeAll(fresh, lines));
            javaSeconds = Math.min(javaSeconds, (System.nanoTime() - start) / 1e9);
        }
        double jsSeconds = Double.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            JsonNode js = ReferenceEncoder.bench(file);
            assertEquals(bytes, js.get("bytes").asLong());
            assertEquals(tokens, js.get("tokens").asLong(), "the reference's token count");
            jsSeconds = Math.min(jsSeconds, js.get("seconds").asDouble());
        }
        double javaRate = bytes / javaSeconds / 1e6;
        double jsRate = bytes / jsSeconds / 1e6;
        String report = String.format(Locale.ROOT,
                "corpus: %.2f MB, %d lines, %d tokens%nours (Java): %.2f MB/s%nreference (gpt-3-encoder, node %s): "
                        + "%.2f MB/s%nratio: %.1fx%n",
                bytes / 1e6, lines.size(), tokens, javaRate, nodeVersion(), jsRate, javaRate / jsRate);
        System.out.print(report);
        Files.writeString(Path.of("target", "benchmark.txt"), report);
    }

    static long encodeAll(BpeTokenizer tokenizer, List<String> lines) {
        long tokens = 0;
        for (String line : lines) {
            tokens += tokenizer.encode(line).length;
        }
        return tokens;
    }

    /**
     * The mixed test text's lines interleaved with lines of Zipf-distributed pseudo-words, so that the word
     * caches see a realistic mix of repeats and new words rather than one paragraph over and over.
     */
    static String corpus(int targetChars) throws Exception {
        Random random = new Random(7);
        String[] mixed = Gpt2ParityTest.mixedText().split("\n");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            StringBuilder word = new StringBuilder();
            int length = 1 + random.nextInt(11);
            for (int j = 0; j < length; j++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words.add(word.toString());
        }
        StringBuilder out = new StringBuilder(targetChars + 1000);
        while (out.length() < targetChars) {
            out.append(mixed[random.nextInt(mixed.length)]).append('\n');
            int count = 5 + random.nextInt(20);
            for (int i = 0; i < count; i++) {
                int rank = (int) Math.min(words.size() - 1, Math.floor(Math.pow(words.size(), random.nextDouble())) - 1);
                String word = words.get(rank);
                out.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                out.append(random.nextInt(12) == 0 ? ", " : random.nextInt(40) == 0 ? " " + random.nextInt(2000) + " " : " ");
            }
            out.append(".\n");
        }
        return out.toString();
    }

    private static String nodeVersion() throws Exception {
        Process node = new ProcessBuilder("node", "--version").start();
        return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
