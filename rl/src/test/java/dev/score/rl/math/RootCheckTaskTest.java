package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.base.BaseTraces;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Tasks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Guess-and-check equations: problems, solutions whose checks add up, near-miss guesses, and the traces. */
class RootCheckTaskTest {
    private static final Pattern STATEMENT = Pattern.compile("Solve for x: (\\d)x\\+(\\d+)=(\\d+)\\.");
    private static final Pattern ATTEMPT = Pattern.compile(
            "Guess: x=(\\d+)\\.\nCheck: (\\d)\\*(\\d+)=(\\d+), (\\d+)\\+(\\d+)=(\\d+)\\.\nThe final answer is (\\d+)\\.");
    private final RootCheckTask task = new RootCheckTask();

    @Test
    void theTaskIsNamedCheck() {
        assertEquals("check", Tasks.named("check").name());
    }

    @Test
    void problemsAreDistinctDeterministicAndOfTheirSplit() {
        List<Problem> test = task.problems(Split.TEST, 300, 5);
        assertEquals(test, task.problems(Split.TEST, 300, 5));
        Set<String> statements = new HashSet<>();
        for (Problem p : test) {
            assertTrue(statements.add(p.statement()), p.statement());
            assertEquals(Split.TEST, Split.of(p.statement()));
        }
        Set<String> train = new HashSet<>();
        task.problems(Split.TRAIN, 300, 5).forEach(p -> train.add(p.statement()));
        statements.retainAll(train);
        assertTrue(statements.isEmpty(), "no test problem in the training split");
    }

    @Test
    void theSolutionGuessesTheRootAndItsCheckAddsUpToTheRightSide() {
        for (Problem p : task.problems(Split.TRAIN, 200, 9)) {
            Matcher eq = STATEMENT.matcher(p.statement());
            assertTrue(eq.matches(), p.statement());
            int a = Integer.parseInt(eq.group(1));
            int b = Integer.parseInt(eq.group(2));
            int c = Integer.parseInt(eq.group(3));
            int x = Integer.parseInt(p.oracle());
            assertEquals(c, a * x + b, "the oracle solves the equation");
            assertEquals(a - 2, p.level());
            assertEquals(checkTotal(p.solution(), a, b, x), c);
            assertTrue(task.verifier().isCorrect(p, p.solution()));
            assertEquals(p.oracle(), task.finalAnswer(p.solution()));
        }
    }

    @Test
    void aFlawedGuessIsOneOrTwoOffAndItsCheckShowsTheMiss() {
        Rng rng = new Rng(3);
        Set<Integer> misses = new HashSet<>();
        for (Problem p : task.problems(Split.TRAIN, 200, 11)) {
            String flawed = task.flawedSolution(p, rng);
            Matcher m = ATTEMPT.matcher(flawed);
            assertTrue(m.matches(), flawed);
            int guess = Integer.parseInt(m.group(1));
            int x = Integer.parseInt(p.oracle());
            misses.add(guess - x);
            Matcher eq = STATEMENT.matcher(p.statement());
            assertTrue(eq.matches());
            int a = Integer.parseInt(eq.group(1));
            int b = Integer.parseInt(eq.group(2));
            int c = Integer.parseInt(eq.group(3));
            int total = checkTotal(flawed, a, b, guess);
            assertEquals(a * (guess - x), total - c, "the check misses the right side by a·(guess − root)");
            assertFalse(task.verifier().isCorrect(p, flawed), flawed);
        }
        assertEquals(Set.of(-2, -1, 1, 2), misses);
    }

    @Test
    void oneTraceInTenFollowsANearMissWithTheRightGuess() {
        BaseTraces traces = new BaseTraces(task, 0.5, 0.8);
        Rng rng = new Rng(1);
        int revised = 0;
        int n = 20_000;
        List<Problem> problems = task.problems(Split.TRAIN, 500, 2);
        for (int i = 0; i < n; i++) {
            Problem p = problems.get(i % problems.size());
            BaseTraces.Trace t = traces.draw(p, rng);
            boolean fixed = !t.attempt1().equals(p.solution()) && t.attempt2().equals(p.solution());
            revised += fixed ? 1 : 0;
        }
        // Revisions (0.1), plus ordinary traces whose flawed attempt 1 (0.5) is followed by a fresh, right
        // draw (0.2 × 0.5).
        double expected = RootCheckTask.REVISION_RATE + (1 - RootCheckTask.REVISION_RATE) * 0.5 * 0.2 * 0.5;
        assertEquals(expected, (double) revised / n, 0.01);
        assertTrue(RootCheckTask.REVISION_RATE <= 0.1, "at most one trace in ten shows a revision");
    }

    @Test
    void mathTracesDrawNoRevisions() {
        MathTask math = new MathTask();
        assertEquals(0, math.revisionRate());
        Problem p = math.problems(Split.TRAIN, 1, 1).getFirst();
        BaseTraces.Trace a = new BaseTraces(math, 0.5, 0.8).draw(p, new Rng(4));
        Rng rng = new Rng(4);
        String first = rng.nextDouble() < math.flawRate(p, 0.5) ? math.flawedSolution(p, rng) : p.solution();
        String second = rng.nextDouble() < 0.8 ? first
                : rng.nextDouble() < math.flawRate(p, 0.5) ? math.flawedSolution(p, rng) : p.solution();
        assertEquals(first, a.attempt1());
        assertEquals(second, a.attempt2(), "the same draws as before revisions existed");
        assertNotEquals(0, first.length());
    }

    /** The total an attempt's check line ends on, after checking its own product and sum. */
    private static int checkTotal(String attempt, int a, int b, int guess) {
        Matcher m = ATTEMPT.matcher(attempt);
        assertTrue(m.matches(), attempt);
        assertEquals(guess, Integer.parseInt(m.group(1)));
        assertEquals(a, Integer.parseInt(m.group(2)));
        assertEquals(guess, Integer.parseInt(m.group(3)));
        int product = Integer.parseInt(m.group(4));
        assertEquals(a * guess, product, "the product is right");
        assertEquals(product, Integer.parseInt(m.group(5)));
        assertEquals(b, Integer.parseInt(m.group(6)));
        assertEquals(guess, Integer.parseInt(m.group(8)), "the final answer is the guess");
        int total = Integer.parseInt(m.group(7));
        assertEquals(product + b, total, "the sum is right");
        return total;
    }
}
