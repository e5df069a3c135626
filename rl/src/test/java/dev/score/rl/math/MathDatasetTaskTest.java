package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MathDatasetTaskTest {

    private static final List<String> ANSWERS = List.of(
            "5", "-3", "\\frac{1}{2}", "-\\frac{3}{4}", "0.25", "(1,2)", "\\sqrt{2}", "2\\pi", "\\text{(C)}",
            "x^2+1", "\\infty", "1,000", "\\{1,2\\}", "0", "\\frac{1}{1}");

    private static List<Problem> problems(int count) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String answer = ANSWERS.get(i % ANSWERS.size());
            problems.add(new Problem("line " + (i + 1), 1 + i % 5, "Problem number " + i + "?",
                    "Some steps.\nSo the answer is $\\boxed{" + answer + "}$.", answer));
        }
        return problems;
    }

    private final MathDatasetTask task = new MathDatasetTask(problems(200));

    @Test
    void servesEachSplitInFileOrderAndAllTogether() {
        List<Problem> all = task.all();
        assertEquals(200, all.size());
        int total = 0;
        for (Split split : Split.values()) {
            List<Problem> part = task.problems(split, 1000, 1);
            total += part.size();
            assertTrue(part.stream().allMatch(p -> Split.of(p.statement()) == split));
            assertEquals(part, all.stream().filter(part::contains).toList(), "file order");
            assertEquals(part.subList(0, Math.min(3, part.size())), task.problems(split, 3, 99));
        }
        assertEquals(200, total);
        assertEquals(List.of(), task.problems(Split.TEST, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> task.problems(Split.TRAIN, -1, 1));
    }

    @Test
    void namesItselfAndUsesThePapersInstruction() {
        assertEquals("math", task.name());
        assertEquals("There might be an error in the solution above because of lack of understanding of the "
                + "question. Please correct the error, if any, and rewrite the solution.", task.correctionInstruction());
    }

    @Test
    void verifiesReferenceSolutions() {
        for (Problem p : task.all()) {
            assertTrue(task.verifier().isCorrect(p, p.solution()), p.solution());
        }
    }

    @Test
    void finalAnswersOfEquivalentAttemptsAreEqual() {
        assertEquals(task.finalAnswer("The final answer is 0.5."), task.finalAnswer("so \\boxed{\\frac12}"));
        assertEquals(task.finalAnswer("The final answer is $x = 3$."), task.finalAnswer("\\boxed{3.0}"));
        assertNotEquals(task.finalAnswer("The final answer is 0.5."), task.finalAnswer("\\boxed{2}"));
        assertNull(task.finalAnswer("no answer"));
    }

    @Test
    void flawedSolutionsAreWrongAndStillReadable() {
        Rng rng = new Rng(3);
        for (Problem p : task.all()) {
            String flawed = task.flawedSolution(p, rng);
            assertNotNull(MathAnswers.extract(flawed), flawed);
            assertFalse(task.verifier().isCorrect(p, flawed), p.oracle() + " -> " + flawed);
            assertTrue(flawed.startsWith("Some steps.\nSo the answer is $\\boxed{"), flawed);
        }
    }

    @Test
    void flawedSolutionReplacesOnlyTheFinalAnswer() {
        Problem p = new Problem("p", 3, "q", "We get $\\boxed{7}$ first.\nThe final answer is 12.", "12");
        String flawed = task.flawedSolution(p, new Rng(1));
        assertTrue(flawed.startsWith("We get $\\boxed{7}$ first.\nThe final answer is "), flawed);
        assertTrue(flawed.endsWith("."), flawed);
        assertFalse(task.verifier().isCorrect(p, flawed), flawed);
    }

    @Test
    void aSolutionWithoutAnAnswerGetsAWrongFinalAnswerLine() {
        Problem p = new Problem("p", 3, "q", "Steps only.", "\\frac{2}{3}");
        String flawed = task.flawedSolution(p, new Rng(1));
        assertTrue(flawed.startsWith("Steps only.\nThe final answer is "), flawed);
        assertFalse(task.verifier().isCorrect(p, flawed), flawed);
    }
}
