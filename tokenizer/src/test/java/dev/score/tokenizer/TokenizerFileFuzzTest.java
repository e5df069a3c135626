package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutants of valid tokenizer files: each either loads, and the tokenizer then encodes and decodes a
 * text, or fails with a {@link TokenizerFileException} that names the file; never another exception, and
 * never a hang.
 */
class TokenizerFileFuzzTest {
    private static final int MUTANTS = 300;
    private static final Duration PER_MUTANT = Duration.ofSeconds(5);
    private static final String SAMPLE = "Héllo wörld 123 <|endoftext|> don't 🙂\n\tend";

    @Test
    void tokenizerJsonMutants(@TempDir Path dir) throws Exception {
        Path valid = dir.resolve("valid");
        TokenizerJson.save(trained(), valid);
        byte[] file = Files.readAllBytes(valid.resolve(TokenizerJson.FILE));
        Random random = new Random(18);
        for (int i = 0; i < MUTANTS; i++) {
            Path mutant = dir.resolve("json" + i);
            Files.createDirectories(mutant);
            Files.write(mutant.resolve(TokenizerJson.FILE), mutate(file, random));
            check(mutant, TokenizerJson.FILE);
        }
    }

    @Test
    void encoderJsonMutants(@TempDir Path dir) throws Exception {
        Path valid = dir.resolve("valid");
        Gpt2Files.save(trained(), valid);
        byte[] encoder = Files.readAllBytes(valid.resolve(Gpt2Files.ENCODER));
        byte[] merges = Files.readAllBytes(valid.resolve(Gpt2Files.MERGES));
        Random random = new Random(19);
        for (int i = 0; i < MUTANTS; i++) {
            Path mutant = dir.resolve("encoder" + i);
            Files.createDirectories(mutant);
            Files.write(mutant.resolve(Gpt2Files.ENCODER), mutate(encoder, random));
            Files.write(mutant.resolve(Gpt2Files.MERGES), merges);
            check(mutant, Gpt2Files.ENCODER);
        }
    }

    @Test
    void vocabBpeMutants(@TempDir Path dir) throws Exception {
        Path valid = dir.resolve("valid");
        Gpt2Files.save(trained(), valid);
        byte[] encoder = Files.readAllBytes(valid.resolve(Gpt2Files.ENCODER));
        byte[] merges = Files.readAllBytes(valid.resolve(Gpt2Files.MERGES));
        Random random = new Random(20);
        for (int i = 0; i < MUTANTS; i++) {
            Path mutant = dir.resolve("merges" + i);
            Files.createDirectories(mutant);
            Files.write(mutant.resolve(Gpt2Files.ENCODER), encoder);
            byte[] damaged = merges;
            for (int rounds = 1 + random.nextInt(3); rounds > 0; rounds--) {
                damaged = FileMutants.bytes(damaged, random);
            }
            Files.write(mutant.resolve(Gpt2Files.MERGES), damaged);
            // A merge line names the file it is in; an id clash names encoder.json with vocab.bpe.
            check(mutant, Gpt2Files.MERGES);
        }
    }

    private static BpeTokenizer trained() throws Exception {
        return BpeTrainer.train(Gpt2ParityTest.mixedText(), 330, SpecialTokens.ALL);
    }

    private static byte[] mutate(byte[] file, Random random) throws Exception {
        return random.nextBoolean() ? FileMutants.bytes(file, random)
                : FileMutants.json(new String(file, StandardCharsets.UTF_8), random);
    }

    private static void check(Path dir, String mentioned) {
        assertTimeoutPreemptively(PER_MUTANT, () -> {
            BpeTokenizer tokenizer;
            try {
                tokenizer = Tokenizers.load(dir);
            } catch (TokenizerFileException e) {
                assertTrue(e.getMessage().contains(mentioned), e.getMessage());
                assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
                return;
            } catch (Throwable e) {
                throw new AssertionError("mutant in " + dir + " threw " + e, e);
            }
            try {
                String decoded = tokenizer.decode(tokenizer.encode(SAMPLE));
                tokenizer.encode(SAMPLE, tokenizer.specialTokens().keySet());
                // Loading checks that every token spells the bytes it joins, so any loaded mutant round-trips.
                if (!decoded.equals(SAMPLE)) {
                    fail("mutant in " + dir + " decodes the sample as " + decoded);
                }
            } catch (Throwable e) {
                throw new AssertionError("mutant in " + dir + " loads, but then encoding threw " + e, e);
            }
        }, () -> "mutant in " + dir + " did not finish within " + PER_MUTANT);
    }
}
