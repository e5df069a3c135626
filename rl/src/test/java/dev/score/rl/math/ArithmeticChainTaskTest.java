package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import dev.score.rl.task.Tasks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Chains of additions: problems, their worked lines, cut and slipped attempts, and the revisions. */
class ArithmeticChainTaskTest {
    private static final Pattern STATEMENT = Pattern.compile("Compute (\\d+)((?:[+-]\\d)+) one step at a time\\.");
    private static final Pattern LINE = Pattern.compile("(\\d\\d)([+-])(\\d)=(\\d\\d)");
    private final ArithmeticChainTask task = new ArithmeticChainTask();

    /** The statement's start and signed digits. */
    private static int[] chain(Problem p) {
        Matcher m = STATEMENT.matcher(p.statement());
        assertTrue(m.matches(), p.statement());
        String ops = m.group(2);
        int[] out = new int[1 + ops.length() / 2];
        out[0] = Integer.parseInt(m.group(1));
        for (int i = 0; i < ops.length(); i += 2) {
            out[1 + i / 2] = (ops.charAt(i) == '+' ? 1 : -1) * (ops.charAt(i + 1) - '0');
        }
        return out;
    }

    @Test
    void theTaskIsNamedChain() {
        assertEquals("chain", Tasks.named("chain").name());
    }

    @Test
    void problemsAreDistinctDeterministicAndOfTheirSplit() {
        List<Problem> test = task.problems(Split.TEST, 300, 5);
        assertEquals(test, task.problems(Split.TEST, 300, 5));
        Set<String> statements = new HashSet<>();
        Set<Integer> lengths = new HashSet<>();
        for (Problem p : test) {
            assertTrue(statements.add(p.statement()));
            assertEquals(Split.TEST, Split.of(p.statement()));
            lengths.add(chain(p).length - 1);
        }
        assertEquals(Set.of(3, 4, 5, 6, 7, 8, 9, 10), lengths);
    }

    @Test
    void theSolutionWorksEveryStepOnTwoDigitValuesAndEndsOnTheAnswer() {
        for (Problem p : task.problems(Split.TRAIN, 300, 9)) {
            int[] c = chain(p);
            String[] lines = p.solution().split("\n");
            assertEquals(c.length, lines.length, "one line per step, then the answer");
            int value = c[0];
            for (int i = 1; i < c.length; i++) {
                Matcher m = LINE.matcher(lines[i - 1]);
                assertTrue(m.matches(), lines[i - 1]);
                assertEquals(value, Integer.parseInt(m.group(1)));
                value += c[i];
                assertEquals(value, Integer.parseInt(m.group(4)));
                assertTrue(value >= 10 && value <= 99);
            }
            assertEquals("The final answer is " + value + ".", lines[lines.length - 1]);
            assertEquals(Integer.toString(value), p.oracle());
            assertTrue(task.verifier().isCorrect(p, p.solution()));
            assertEquals(1 + (c.length - 4) * 4 / 7, p.level());
        }
    }

    @Test
    void aLongChainsFlawIsItsCutAttemptAndAShortOnesIsASlipCarriedOn() {
        Rng rng = new Rng(2);
        for (Problem p : task.problems(Split.TRAIN, 300, 11)) {
            int steps = chain(p).length - 1;
            String flawed = task.flawedSolution(p, rng);
            assertFalse(task.verifier().isCorrect(p, flawed), flawed);
            List<String> right = List.of(p.solution().split("\n"));
            if (steps >= ArithmeticChainTask.LINES_PER_ATTEMPT) {
                assertEquals(String.join("\n", right.subList(0, ArithmeticChainTask.LINES_PER_ATTEMPT)), flawed,
                        "the first lines a 64-token attempt holds");
                assertEquals(0.5, task.flawRate(p, 0.5));
            } else {
                String[] lines = flawed.split("\n");
                int wrong = 0;
                for (int i = 0; i < steps; i++) {
                    Matcher m = LINE.matcher(lines[i]);
                    assertTrue(m.matches(), lines[i]);
                    int result = Integer.parseInt(m.group(1)) + (m.group(2).equals("+") ? 1 : -1)
                            * Integer.parseInt(m.group(3));
                    wrong += result == Integer.parseInt(m.group(4)) ? 0 : 1;
                    if (i > 0) {
                        assertEquals(lines[i - 1].substring(lines[i - 1].indexOf('=') + 1), m.group(1),
                                "each line goes on from the one before");
                    }
                }
                assertEquals(1, wrong, "one slip: " + flawed);
                assertEquals(0.2, task.flawRate(p, 0.5), 1e-12);
            }
        }
    }

    @Test
    void aRevisionFinishesACutLongChainFromItsLastLine() {
        Rng rng = new Rng(3);
        int revised = 0;
        for (Problem p : task.problems(Split.TRAIN, 300, 13)) {
            Revision r = task.revision(p, rng);
            int steps = chain(p).length - 1;
            if (steps < ArithmeticChainTask.LINES_PER_ATTEMPT) {
                assertNull(r, "a short chain fits one attempt: nothing to carry on");
                continue;
            }
            revised++;
            assertFalse(task.verifier().isCorrect(p, r.attempt1()));
            assertTrue(task.verifier().isCorrect(p, r.attempt2()), r.attempt2());
            assertEquals(p.solution(), r.attempt1() + "\n" + r.attempt2(), "attempt 2 is the rest of the work");
            assertEquals(steps - ArithmeticChainTask.LINES_PER_ATTEMPT + 1, r.attempt2().split("\n").length);
        }
        assertTrue(revised > 50, "long chains are common: " + revised);
    }
}
