package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.base.BaseTraces;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import dev.score.rl.task.Tasks;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.BpeTrainer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Chains of one-digit additions: problems, worked lines, cut and slipped attempts, and the revisions. */
class ArithmeticChainTaskTest {
    private static final Pattern STATEMENT = Pattern.compile("Compute (\\d)((?:[+-]\\d)+) one step at a time\\.");
    private static final Pattern LINE = Pattern.compile("(\\d)([+-])(\\d)=(\\d)");
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
    void problemsAreDistinctDeterministicAndOfEveryLength() {
        List<Problem> test = task.problems(Split.TEST, 500, 5);
        assertEquals(test, task.problems(Split.TEST, 500, 5));
        Set<String> statements = new HashSet<>();
        Set<Integer> lengths = new HashSet<>();
        for (Problem p : test) {
            assertTrue(statements.add(p.statement()));
            assertEquals(Split.TEST, Split.of(p.statement()));
            lengths.add(chain(p).length - 1);
        }
        assertEquals(10, lengths.size(), "4 to 13 steps: " + lengths);
    }

    @Test
    void theSolutionWorksEveryStepOnDigitsAndEndsOnTheAnswer() {
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
            }
            assertEquals("The final answer is " + value + ".", lines[lines.length - 1]);
            assertEquals(Integer.toString(value), p.oracle());
            assertTrue(task.verifier().isCorrect(p, p.solution()));
            assertEquals(1 + (c.length - 5) / 2, p.level());
        }
    }

    @Test
    void aCutAttemptIsTheFirst64TokensOfTheSolutionAndOnlyLongChainsExceedThem() {
        // The tokenizer pretraining makes: byte-level BPE trained on the task's text, digits kept apart.
        List<Problem> problems = task.problems(Split.TRAIN, 400, 3);
        StringBuilder corpus = new StringBuilder();
        problems.forEach(p -> corpus.append(p.statement()).append('\n').append(p.solution()).append('\n'));
        BpeTokenizer tokenizer = BpeTrainer.train(corpus.toString(), 300, List.of(), true);
        int longOnes = 0;
        for (Problem p : problems) {
            int[] whole = tokenizer.encode(p.solution());
            ArithmeticChainTask.Chain chain = ArithmeticChainTask.rebuild(p);
            assertEquals(whole.length > ArithmeticChainTask.BUDGET, chain.isLong(), p.solution());
            if (chain.isLong()) {
                longOnes++;
                int[] cut = tokenizer.encode(ArithmeticChainTask.cut(chain));
                assertArrayEquals(Arrays.copyOf(whole, ArithmeticChainTask.BUDGET), cut, "the sampler's cut");
            }
        }
        assertTrue(longOnes > 100, "chains of 10 steps or more are four in ten: " + longOnes);
    }

    @Test
    void aLongChainsFlawIsItsCutAttemptAndAShortOnesIsASlipCarriedOn() {
        Rng rng = new Rng(2);
        for (Problem p : task.problems(Split.TRAIN, 300, 11)) {
            String flawed = task.flawedSolution(p, rng);
            assertFalse(task.verifier().isCorrect(p, flawed), flawed);
            ArithmeticChainTask.Chain chain = ArithmeticChainTask.rebuild(p);
            if (chain.isLong()) {
                assertTrue(p.solution().startsWith(flawed), "the solution's start: " + flawed);
                assertEquals(0.5, task.flawRate(p, 0.5));
                continue;
            }
            String[] lines = flawed.split("\n");
            int wrong = 0;
            for (int i = 0; i < chain.steps().size(); i++) {
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

    @Test
    void aRevisionFinishesACutLongChainFromItsLastWholeLine() {
        Rng rng = new Rng(3);
        int revised = 0;
        for (Problem p : task.problems(Split.TRAIN, 300, 13)) {
            Revision r = task.revision(p, rng);
            ArithmeticChainTask.Chain chain = ArithmeticChainTask.rebuild(p);
            if (!chain.isLong()) {
                assertNull(r, "a short chain fits one attempt: nothing to carry on");
                continue;
            }
            revised++;
            assertFalse(task.verifier().isCorrect(p, r.attempt1()));
            assertTrue(task.verifier().isCorrect(p, r.attempt2()), r.attempt2());
            List<String> solution = List.of(p.solution().split("\n"));
            List<String> rest = List.of(r.attempt2().split("\n"));
            assertEquals(solution.subList(solution.size() - rest.size(), solution.size()), rest,
                    "attempt 2 is the solution from the line attempt 1 did not finish");
            assertEquals(ArithmeticChainTask.WHOLE_LINES, solution.size() - rest.size(), "ten whole lines before it");
        }
        assertTrue(revised > 80, "long chains are common: " + revised);
    }

    @Test
    void atMostOneBaseTraceInTenIsARevision() {
        BaseTraces traces = new BaseTraces(task, 0.5, 0.8);
        Rng rng = new Rng(5);
        List<Problem> problems = task.problems(Split.TRAIN, 2000, 17);
        int revisions = 0;
        for (Problem p : problems) {
            BaseTraces.Trace t = traces.draw(p, rng);
            // Only a revision pairs an unfinished attempt 1 with a right attempt 2: the other traces copy or redraw.
            boolean cut = !t.attempt1().contains(WorkedProblem.FINAL_ANSWER.strip() + " ");
            revisions += cut && task.verifier().isCorrect(p, t.attempt2())
                    && !p.solution().equals(t.attempt2()) ? 1 : 0;
        }
        double share = (double) revisions / problems.size();
        assertEquals(0.4 * ArithmeticChainTask.REVISION_RATE, share, 0.02, "a quarter of the long chains' traces");
        assertTrue(share <= 0.1 + 0.02, "the issue's ceiling: at most one trace in ten");
    }
}
