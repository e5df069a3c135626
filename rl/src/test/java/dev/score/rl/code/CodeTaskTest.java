package dev.score.rl.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CodeTaskTest {
    private final CodeTask task = new CodeTask();

    @Test
    void referenceSolutionsPassTheirTestsAtEveryLevel() {
        List<Problem> problems = task.problems(Split.TRAIN, 5000, 11);
        assertEquals(5000, problems.size());
        Map<Integer, Long> perLevel = problems.stream().collect(Collectors.groupingBy(Problem::level, Collectors.counting()));
        assertEquals(Map.of(1, 1000L, 2, 1000L, 3, 1000L, 4, 1000L, 5, 1000L), perLevel);
        for (Problem p : problems) {
            TestReport report = task.report(p, p.solution());
            assertTrue(report.allPassed(), () -> p.statement() + "\n" + p.solution() + "\n" + report);
            assertEquals(3, report.total());
            assertEquals(p.solution(), task.finalAnswer(p.solution()), "references are in canonical layout");
            assertTrue(p.statement().startsWith("Write f("), p.statement());
            assertTrue(p.id().startsWith("code-" + p.level() + "-"), p.id());
        }
        assertEquals(problems.size(), problems.stream().map(Problem::id).distinct().count());
    }

    @Test
    void referenceSolutionsAreShort() {
        // The policy is a tiny model: references must stay within a few dozen tokens.
        for (Problem p : task.problems(Split.VALIDATION, 500, 2)) {
            int tokens = Lexer.tokenize(p.solution()).size() - 1;
            assertTrue(tokens <= (p.level() <= 2 ? 30 : 40), () -> tokens + " tokens: " + p.solution());
        }
    }

    @Test
    void flawedSolutionsParseAndFail() {
        Rng rng = new Rng(4);
        for (Problem p : task.problems(Split.TRAIN, 1500, 5)) {
            String flawed = task.flawedSolution(p, rng);
            assertNotNull(task.finalAnswer(flawed), flawed);
            assertNotEquals(p.solution(), flawed);
            assertFalse(task.verifier().isCorrect(p, flawed), () -> p.solution() + " vs " + flawed);
        }
    }

    @Test
    void flawedSolutionsFallBackToAConstantWhenNoMutationFails() {
        // Every mutation of 0 * x (1 * x, 0 + x) still gives 0 for x = 0, the only input tested: the constant must answer.
        Problem p = new Problem("p", 1, "Write f(x) that returns x.", "f(x) = 0 * x", "f(0) == 0\nf(0) == 0\nf(0) == 0");
        Rng rng = new Rng(1);
        for (int i = 0; i < 20; i++) {
            assertFalse(task.verifier().isCorrect(p, task.flawedSolution(p, rng)));
        }
    }

    @Test
    void splitsAreDisjointDeterministicAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (Split split : Split.values()) {
            List<Problem> problems = task.problems(split, 400, 7);
            assertEquals(problems, task.problems(split, 400, 7));
            assertNotEquals(problems, task.problems(split, 400, 8));
            for (Problem p : problems) {
                assertEquals(split, Split.of(p.statement()));
                assertTrue(seen.add(p.statement()), () -> "repeated or shared across splits: " + p.statement());
            }
        }
    }

    @Test
    void aStatementIsTheSameProblemWhicheverSeedDrewIt() {
        Function<Long, Map<String, Problem>> byStatement = seed -> task.problems(Split.TEST, 600, seed).stream()
                .collect(Collectors.toMap(Problem::statement, p -> p));
        Map<String, Problem> a = byStatement.apply(1L);
        Map<String, Problem> b = byStatement.apply(2L);
        int shared = 0;
        for (Map.Entry<String, Problem> e : a.entrySet()) {
            if (b.containsKey(e.getKey())) {
                assertEquals(e.getValue(), b.get(e.getKey()));
                shared++;
            }
        }
        assertTrue(shared > 50, "too few shared statements to check: " + shared);
    }

    @Test
    void thereAreThousandsOfTrainingProblems() {
        List<Problem> all = task.problems(Split.TRAIN, 12_000, 3);
        assertEquals(12_000, all.size());
        assertTrue(task.problems(Split.TEST, 1000, 3).size() == 1000);
    }

    @Test
    void finalAnswerIsTheProgramWithoutLayout() {
        assertEquals("f(x) = 3 * x + 2", task.finalAnswer("f(x)=3*x+2"));
        assertEquals("f(x) = 3 * x + 2", task.finalAnswer("  f( x ) =\n   (3 * x) + 2\n"));
        assertEquals(task.finalAnswer("f(x)=x*(2+1)"), task.finalAnswer("f(x) = x * (2 + 1)"));
        assertNull(task.finalAnswer("The answer is 5"));
        assertNull(task.finalAnswer(""));
        assertNull(task.finalAnswer(null));
    }

    @Test
    void verifierAcceptsAnyCorrectProgramAndRejectsWrongOnes() {
        Problem p = new Problem("p", 5, "Write f(xs) that returns xs reversed.", "f(xs) = if xs == [] then [] else f(xs[1:]) + [xs[0]]",
                "f([1, 2, 3]) == [3, 2, 1]\nf([]) == []\nf([5, 5, 6]) == [6, 5, 5]");
        assertTrue(task.verifier().isCorrect(p, p.solution()));
        assertTrue(task.verifier().isCorrect(p, "f(xs) = [xs[-1 - i] for i in range(len(xs))]"));
        assertTrue(task.verifier().isCorrect(p, "f(xs) = g(xs, [])\ng(xs, acc) = if xs == [] then acc else g(xs[1:], [xs[0]] + acc)"));
        assertFalse(task.verifier().isCorrect(p, "f(xs) = xs"));
        assertFalse(task.verifier().isCorrect(p, null));
        TestReport report = task.report(p, "f(xs) = xs");
        assertEquals(0, report.passed());
        assertEquals("f([1, 2, 3]) == [3, 2, 1]: got [1, 2, 3]", report.failure());
    }

    @Test
    void theCorrectionInstructionIsThePapersCodeInstruction() {
        assertEquals("code", task.name());
        assertEquals("There might be an error in the solution above because of lack of understanding of the question. "
                + "Please correct the error, if any, and rewrite the solution. Only output the final correct program!",
                task.correctionInstruction());
    }
}
