package dev.score.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.tokenizer.FileMutants;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutants of a valid checkpoint's {@code model.safetensors} (its bytes, and its header's JSON) and
 * {@code config.json}: each either loads, with every weight finite and of its parameter's size, or fails
 * with a {@link CheckpointException} whose message starts with the damaged file; never another exception,
 * and never a hang.
 */
class CheckpointFuzzTest {

    private static final int MUTANTS = 300;
    private static final Duration PER_MUTANT = Duration.ofSeconds(5);
    private static final Gpt2Config CONFIG = Gpt2ConfigTest.TINY;

    @Test
    void modelFileMutants(@TempDir Path dir) throws Exception {
        Path valid = dir.resolve("valid");
        Checkpoint.save(valid, CONFIG, TestWeights.random(CONFIG, 18));
        byte[] config = Files.readAllBytes(valid.resolve(Checkpoint.CONFIG_FILE));
        byte[] model = Files.readAllBytes(valid.resolve(Checkpoint.MODEL_FILE));
        Random random = new Random(18);
        for (int i = 0; i < MUTANTS; i++) {
            Path mutant = Files.createDirectories(dir.resolve("model" + i));
            Files.write(mutant.resolve(Checkpoint.CONFIG_FILE), config);
            Files.write(mutant.resolve(Checkpoint.MODEL_FILE),
                    random.nextBoolean() ? FileMutants.bytes(model, random) : headerMutant(model, random));
            check(mutant, mutant.resolve(Checkpoint.MODEL_FILE));
        }
    }

    @Test
    void configFileMutants(@TempDir Path dir) throws Exception {
        Path valid = dir.resolve("valid");
        Checkpoint.save(valid, CONFIG, TestWeights.random(CONFIG, 19));
        byte[] config = Files.readAllBytes(valid.resolve(Checkpoint.CONFIG_FILE));
        byte[] model = Files.readAllBytes(valid.resolve(Checkpoint.MODEL_FILE));
        Random random = new Random(19);
        for (int i = 0; i < MUTANTS; i++) {
            Path mutant = Files.createDirectories(dir.resolve("config" + i));
            Files.write(mutant.resolve(Checkpoint.CONFIG_FILE), random.nextBoolean() ? FileMutants.bytes(config, random)
                    : FileMutants.json(new String(config, StandardCharsets.UTF_8), random));
            Files.write(mutant.resolve(Checkpoint.MODEL_FILE), model);
            // A config that loads but does not fit the weights is reported against model.safetensors.
            check(mutant, mutant.resolve(Checkpoint.CONFIG_FILE), mutant.resolve(Checkpoint.MODEL_FILE));
        }
    }

    /** The header's JSON mutated, its length field rewritten to match, the data buffer kept. */
    private static byte[] headerMutant(byte[] model, Random random) throws Exception {
        int length = (int) ByteBuffer.wrap(model, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(model, 8, length, StandardCharsets.UTF_8).strip();
        byte[] json = FileMutants.json(header, random);
        byte[] data = Arrays.copyOfRange(model, 8 + length, model.length);
        return RawSafeTensors.concat(RawSafeTensors.u64(json.length), json, data);
    }

    private static void check(Path dir, Path... blamable) {
        assertTimeoutPreemptively(PER_MUTANT, () -> {
            LoadedWeights loaded;
            try {
                loaded = Checkpoint.load(dir);
            } catch (CheckpointException e) {
                assertTrue(Arrays.stream(blamable).anyMatch(file -> e.getMessage().startsWith(file + ": ")),
                        e.getMessage());
                assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
                return;
            } catch (Throwable e) {
                throw new AssertionError("mutant in " + dir + " threw " + e, e);
            }
            assertArrayEquals(loaded.config().parameterShapes().keySet().toArray(), loaded.weights().keySet().toArray());
            loaded.config().parameterShapes().forEach((name, shape) -> {
                float[] values = loaded.weights().get(name);
                assertTrue(values.length == Shapes.elementCount(shape), name);
                for (float v : values) {
                    assertTrue(Float.isFinite(v), name);
                }
            });
        }, () -> "mutant in " + dir + " did not finish within " + PER_MUTANT);
    }
}
