package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Encode throughput on the real Qwen3 and Llama 3 {@code tokenizer.json}: ours against Hugging Face's Rust
 * library (through DJL) in the same run, on {@link EncodeBenchmark}'s corpus. Not part of the normal build;
 * run it with
 * {@code mvn -B -ntp -q -pl tokenizer test -Dtest=HfEncodeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Both sides encode line by line on one thread, each line one call, starting from a freshly loaded tokenizer
 * (empty caches), best of three; their token counts must agree. Each call into the library returns a whole
 * {@code Encoding} (ids, tokens, offsets, masks) across JNI, so the library is also timed on batches of
 * {@value #BATCH} lines, one call each, which its {@code encode_batch} spreads over every core.
 */
class HfEncodeBenchmark {
    private static final int RUNS = 3;
    private static final int BATCH = 1024;

    @Test
    void encodeThroughput() throws Exception {
        String corpus = EncodeBenchmark.corpus(4_000_000);
        List<String> lines = List.of(corpus.split("(?<=\n)"));
        long bytes = corpus.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "corpus: %.2f MB, %d lines%n",
                bytes / 1e6, lines.size()));
        for (Path dir : List.of(HfReference.qwen3(), HfReference.llama3())) {
            long tokens = EncodeBenchmark.encodeAll(TokenizerJson.load(dir), lines);
            double ours = Double.MAX_VALUE;
            double rust = Double.MAX_VALUE;
            double rustBatched = Double.MAX_VALUE;
            for (int run = 0; run < RUNS; run++) {
                BpeTokenizer fresh = TokenizerJson.load(dir);
                long start = System.nanoTime();
                assertEquals(tokens, EncodeBenchmark.encodeAll(fresh, lines));
                ours = Math.min(ours, (System.nanoTime() - start) / 1e9);
                try (HuggingFaceTokenizer reference = HfReference.rust(dir)) {
                    start = System.nanoTime();
                    long count = 0;
                    for (String line : lines) {
                        count += reference.encode(line).getIds().length;
                    }
                    rust = Math.min(rust, (System.nanoTime() - start) / 1e9);
                    assertEquals(tokens, count, "the Rust library's token count");
                }
                try (HuggingFaceTokenizer reference = HfReference.rust(dir)) {
                    long start2 = System.nanoTime();
                    long count = 0;
                    for (int from = 0; from < lines.size(); from += BATCH) {
                        List<String> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
                        for (var encoding : reference.batchEncode(batch.toArray(String[]::new))) {
                            count += encoding.getIds().length;
                        }
                    }
                    rustBatched = Math.min(rustBatched, (System.nanoTime() - start2) / 1e9);
                    assertEquals(tokens, count, "the Rust library's batched token count");
                }
            }
            report.append(String.format(Locale.ROOT, "%s: %d tokens; ours %.2f MB/s (one thread); Rust library "
                    + "%.2f MB/s a line per call (%.2fx), %.2f MB/s %d lines per call on %d cores (%.2fx)%n",
                    dir.getParent().getFileName(), tokens, bytes / ours / 1e6, bytes / rust / 1e6, rust / ours,
                    bytes / rustBatched / 1e6, BATCH, Runtime.getRuntime().availableProcessors(), rustBatched / ours));
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "hf-benchmark.txt"), report);
    }
}
