package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers of a megabyte, shaped against each pattern or loop that used to take super-linear time on them
 * (the regular expressions of the unit rules and the choice letter, the rebuild after each unwrapped
 * {@code \text}, BigInteger parsing), and against the patterns kept because they are linear: each finishes
 * within a bound that a loaded 2-core machine meets many times over, with the result it should have.
 */
class MegabyteAnswersTest {

    private static final int MB = 1 << 20;
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final String DIGITS = "7".repeat(MB);

    @Test
    void aBoxedMillionDigitAnswer() {
        String solution = "So the answer is $\\boxed{" + DIGITS + "}$.";
        assertEquals(DIGITS, within(() -> MathAnswers.extract(solution)));
        assertEquals(DIGITS, within(() -> MathAnswers.normalize(DIGITS)));
        assertEquals(DIGITS, within(() -> MathAnswers.canonical(DIGITS)));
        assertFalse(within(() -> MathAnswers.equivalent(DIGITS, DIGITS + "1")));
        Problem problem = new Problem("p", 1, "?", solution, DIGITS);
        assertTrue(within(() -> new MathVerifier().isCorrect(problem, solution)));
    }

    @Test
    void digitsBeforeAnUnclosedTextUnit() {
        String answer = DIGITS + "\\text{cm";
        assertEquals(answer, within(() -> AnswerNormalizer.removeRightUnits(answer)));
    }

    @Test
    void aTextUnitAfterAMegabyteOfSpaces() {
        assertEquals("5", within(() -> MathAnswers.normalize("5" + " ".repeat(MB) + "\\text{cm}^2")));
    }

    @Test
    void aMegabyteOfUnitWords() {
        String words = " ab".repeat(MB / 3);
        assertEquals("5", within(() -> AnswerNormalizer.removeRightUnits("5" + words)));
        assertEquals("5" + words + " 7", within(() -> AnswerNormalizer.removeRightUnits("5" + words + " 7")));
    }

    @Test
    void aMegabyteOfTextCommands() {
        int n = MB / 8;
        assertEquals("a".repeat(n), within(() -> MathAnswers.normalize("\\text{a}".repeat(n))));
        String nested = "\\text{".repeat(n) + "x" + "}".repeat(n);
        assertEquals("x", within(() -> MathAnswers.normalize(nested)));
    }

    @Test
    void aMegabyteOfChoiceLetters() {
        String choices = "(A)".repeat(MB / 3);
        assertEquals(choices.substring(0, choices.length() - 3) + "(B)",
                within(() -> WrongAnswers.wrong(choices, new Rng(1))));
        assertEquals(choices + "\r+1", within(() -> WrongAnswers.wrong(choices + "\r", new Rng(1))));
    }

    @Test
    void aNearMissOfAMillionDigits() {
        String nines = "9".repeat(MB);
        String wrong = within(() -> WrongAnswers.wrong(nines, new Rng(2)));
        boolean down = wrong.matches("9{" + (MB - 1) + "}[678]");
        boolean up = wrong.matches("10{" + (MB - 1) + "}[012]");
        assertTrue(down || up, () -> "neither 9…9 − 1..3 nor + 1..3: " + wrong.substring(0, 20) + "…");
    }

    @Test
    void aMegabyteOfThousandsGroups() {
        String grouped = "1" + ",000".repeat(MB / 4);
        assertEquals("1" + "000".repeat(MB / 4), within(() -> MathAnswers.normalize(grouped)));
    }

    @Test
    void aMegabyteLevelField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("long.jsonl"), "{\"problem\": \"p\", \"solution\": \"\\\\boxed{1}\", "
                + "\"level\": \"Level" + " ".repeat(MB) + "3\"}\n");
        assertEquals(3, within(() -> {
            try {
                return MathJsonl.load(file).getFirst().level();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    private static <T> T within(Supplier<T> work) {
        return assertTimeoutPreemptively(BOUND, work::get);
    }
}
