package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Tokenizer files that used to hang, exhaust memory or escape as the wrong exception: each is now a named error. */
class TokenizerFileLimitsTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String BYTES = IntStream.range(0, 256).boxed().toList().toString();

    /** GPT-2's two files of a small trained tokenizer, with {@code entry} added first to encoder.json. */
    private static void gpt2WithEncoderEntry(Path dir, String entry) throws Exception {
        Gpt2Files.save(BpeTrainer.train("hello hello", 260, List.of()), dir);
        String encoder = Files.readString(dir.resolve(Gpt2Files.ENCODER));
        Files.writeString(dir.resolve(Gpt2Files.ENCODER), encoder.replaceFirst("\\{", "{" + entry + ", "));
    }

    @Test
    void anEmptySpecialTokenIsRefused(@TempDir Path dir) throws Exception {
        ourFormat(dir, "[]", "{\"\": 256}");
        assertNamedError(dir, TokenizerJson.FILE, "empty text");
    }

    @Test
    void anEmptyEntryOfEncoderJsonIsRefused(@TempDir Path dir) throws Exception {
        gpt2WithEncoderEntry(dir, "\"\": 300");
        assertNamedError(dir, Gpt2Files.ENCODER, "empty text");
    }

    @Test
    void theLargestIntAsAMergeIdIsRefused(@TempDir Path dir) throws Exception {
        ourFormat(dir, "[[104, 105, 2147483647]]", "{}");
        assertNamedError(dir, TokenizerJson.FILE, "2147483647");
    }

    @Test
    void anIdJustBelowTheLargestIntIsRefusedBeforeItsTableIsAllocated(@TempDir Path dir) throws Exception {
        ourFormat(dir, "[]", "{\"<|endoftext|>\": 2147483646}");
        assertNamedError(dir, TokenizerJson.FILE, "2147483646");
    }

    @Test
    void theLargestIntInEncoderJsonIsRefused(@TempDir Path dir) throws Exception {
        gpt2WithEncoderEntry(dir, "\"<|endoftext|>\": 2147483647");
        assertNamedError(dir, Gpt2Files.ENCODER, "2147483647");
    }

    @Test
    void mergesThatDoubleATokenAgainAndAgainAreRefused(@TempDir Path dir) throws Exception {
        // Merge r joins token 255 + r with itself, so token 256 + r spells 2^(r+1) copies of byte 255.
        String merges = IntStream.range(0, 40).mapToObj(r -> "[" + (255 + r) + ", " + (255 + r) + ", " + (256 + r) + "]")
                .collect(Collectors.joining(", ", "[", "]"));
        ourFormat(dir, merges, "{}");
        assertNamedError(dir, TokenizerJson.FILE, "in total");
    }

    @Test
    void vocabBpeThatIsNotUtf8IsNamed(@TempDir Path dir) throws Exception {
        Gpt2Files.save(BpeTrainer.train("hello hello", 260, List.of()), dir);
        Files.write(dir.resolve(Gpt2Files.MERGES), new byte[] {'h', ' ', (byte) 0xC3});
        assertNamedError(dir, Gpt2Files.MERGES, "UTF-8");
    }

    @Test
    void jsonNestedTooDeeplyIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TokenizerJson.FILE), "{\"format\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        assertNamedError(dir, TokenizerJson.FILE, "not valid JSON");
    }

    @Test
    void aKeyGivenTwiceIsRefused(@TempDir Path dir) throws Exception {
        ourFormat(dir, "[]", "{\"<|endoftext|>\": 256, \"<|endoftext|>\": 257}");
        assertNamedError(dir, TokenizerJson.FILE, "Duplicate");
    }

    @Test
    void specialTokensThatAreNotAnObjectAreRefused(@TempDir Path dir) throws Exception {
        ourFormat(dir, "[]", "[\"<|endoftext|>\"]");
        assertNamedError(dir, TokenizerJson.FILE, "special_tokens");
    }

    private static void ourFormat(Path dir, String merges, String specials) throws Exception {
        Files.writeString(dir.resolve(TokenizerJson.FILE), "{\"format\": \"score-bpe-1\", \"byte_tokens\": " + BYTES
                + ", \"merges\": " + merges + ", \"special_tokens\": " + specials + "}");
    }

    private static void assertNamedError(Path dir, String file, String says) {
        Executable load = () -> Tokenizers.load(dir);
        String message = assertTimeoutPreemptively(BOUND, () -> assertThrows(TokenizerFileException.class, load))
                .getMessage();
        assertTrue(message.contains(file) && message.contains(says), message);
    }
}
