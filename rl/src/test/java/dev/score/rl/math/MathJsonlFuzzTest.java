package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.tokenizer.FileMutants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutants of a valid MATH-format JSONL file (its bytes, and one record's JSON): each either loads,
 * and the task then grades, answers and flaws every problem, or fails with a {@link MathDataException}
 * that names the file; never another exception, and never a hang.
 */
class MathJsonlFuzzTest {

    private static final int MUTANTS = 400;
    private static final Duration PER_MUTANT = Duration.ofSeconds(5);
    private static final List<String> RECORDS = List.of(
            "{\"problem\": \"What is $1+1$?\", \"solution\": \"We add: $1+1=\\\\boxed{2}$.\", \"level\": \"Level 1\", "
                    + "\"type\": \"Algebra\"}",
            "{\"problem\": \"Simplify $\\\\frac{2}{4}$.\", \"solution\": \"Halve: $\\\\boxed{\\\\frac{1}{2}}$.\", "
                    + "\"answer\": \"\\\\frac12\", \"subject\": \"Prealgebra\", \"level\": 2, \"unique_id\": \"t/1.json\"}",
            "{\"problem\": \"Solve $x+3=5$.\", \"solution\": \"So $x = \\\\boxed{2}$ cm.\", \"level\": \"Level 5\"}");

    @Test
    void jsonlMutants(@TempDir Path dir) throws Exception {
        byte[] valid = (String.join("\n", RECORDS) + "\n").getBytes(StandardCharsets.UTF_8);
        Random random = new Random(18);
        for (int i = 0; i < MUTANTS; i++) {
            Path file = dir.resolve("mutant" + i + ".jsonl");
            Files.write(file, random.nextBoolean() ? FileMutants.bytes(valid, random) : recordMutant(random));
            check(file);
        }
    }

    /** One record's JSON mutated, the other records kept. */
    private static byte[] recordMutant(Random random) throws Exception {
        List<String> lines = new ArrayList<>(RECORDS);
        int line = random.nextInt(lines.size());
        lines.set(line, new String(FileMutants.json(lines.get(line), random), StandardCharsets.UTF_8));
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static void check(Path file) {
        assertTimeoutPreemptively(PER_MUTANT, () -> {
            MathDatasetTask task;
            try {
                task = MathDatasetTask.load(file);
            } catch (MathDataException e) {
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
                return;
            } catch (Throwable e) {
                throw new AssertionError("mutant " + file + " threw " + e, e);
            }
            assertFalse(task.all().isEmpty());
            for (Problem problem : task.all()) {
                assertFalse(problem.oracle().isBlank(), problem.id());
                task.verifier().isCorrect(problem, problem.solution());
                task.finalAnswer(problem.solution());
                task.flawedSolution(problem, new Rng(1));
            }
        }, () -> "mutant " + file + " did not finish within " + PER_MUTANT);
    }
}
