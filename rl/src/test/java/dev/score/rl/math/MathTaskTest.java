package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Verifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MathTaskTest {
    private final MathTask task = new MathTask();

    @Test
    void referenceSolutionsAreRightAndFlawedOnesWrongAtEveryLevel() {
        Verifier verifier = task.verifier();
        Rng rng = new Rng(3);
        int[] perLevel = new int[6];
        for (Problem p : task.problems(Split.TRAIN, 2000, 7)) {
            perLevel[p.level()]++;
            assertTrue(verifier.isCorrect(p, p.solution()), p.solution());
            String flawed = task.flawedSolution(p, rng);
            assertFalse(verifier.isCorrect(p, flawed), flawed);
            assertTrue(flawed.endsWith("."), "a flawed solution is still well-formed: " + flawed);
            assertNotEquals(null, task.finalAnswer(flawed));
        }
        assertTrue(perLevel[1] > 0 && perLevel[1] < 400, "level 1 holds few problems and is used up");
        for (int level = 3; level <= 5; level++) {
            assertTrue(perLevel[level] >= 400, "the larger levels fill its share: " + perLevel[level]);
        }
    }

    @Test
    void splitsAreDisjointAndDeterministic() {
        Set<String> train = new HashSet<>();
        task.problems(Split.TRAIN, 3000, 1).forEach(p -> train.add(p.statement()));
        List<Problem> test = task.problems(Split.TEST, 500, 1);
        List<Problem> validation = task.problems(Split.VALIDATION, 500, 1);
        assertEquals(test, task.problems(Split.TEST, 500, 1));
        assertEquals(500, new HashSet<>(test.stream().map(Problem::statement).toList()).size());
        test.forEach(p -> assertFalse(train.contains(p.statement())));
        validation.forEach(p -> assertFalse(train.contains(p.statement())));
        test.forEach(p -> assertEquals(Split.TEST, Split.of(p.statement())));
    }

    @Test
    void solutionsAreWorkedLineByLineAndEndInTheFinalAnswerLine() {
        WorkedProblem equation = MathProblemGenerator.generate(4, 11);
        String solution = equation.solution();
        String[] lines = solution.split("\n");
        assertEquals(3, lines.length, solution);
        assertTrue(lines[0].matches("\\dx=\\d+-\\d+=\\d+"), lines[0]);
        assertTrue(lines[1].matches("x=\\d+/\\d=\\d+"), lines[1]);
        assertEquals("The final answer is " + equation.answer() + ".", lines[2]);
        assertTrue(MathProblemGenerator.generate(5, 11).statement().endsWith("have?"));
    }

    @Test
    void everyProblemHoldsExactlyOneTrapAndHardTrapsAreSkewed() {
        int hard = 0;
        int n = 0;
        for (Problem p : task.problems(Split.TRAIN, 1000, 3)) {
            double rate = task.flawRate(p, 0.5);
            assertTrue(rate == 0.8 || rate == 0.2, "hard traps 0.8, easy ones 0.2: " + rate);
            hard += rate == 0.8 ? 1 : 0;
            n++;
        }
        assertTrue(hard > 0.2 * n && hard < 0.8 * n, hard + " hard traps of " + n);
        for (int level = 1; level <= 5; level++) {
            assertEquals(1, MathProblemGenerator.generate(level, 99).slippableSteps().size());
        }
    }

    @Test
    void slipsAreTheCarelessSolversMisunderstandings() {
        Operand.Constant c48 = new Operand.Constant(48);
        Operand.Constant c37 = new Operand.Constant(37);
        assertEquals(75, slip(SolutionStep.of(c48, '+', c37), 48, 37));
        assertEquals(45, slip(SolutionStep.of(new Operand.Constant(52), '-', new Operand.Constant(17)), 52, 17));
        assertEquals(82, slip(SolutionStep.of(new Operand.Constant(23), '*', new Operand.Constant(4)), 23, 4));
        assertEquals(82, slip(SolutionStep.of(new Operand.Constant(4), '*', new Operand.Constant(23)), 4, 23));
        assertEquals(null, Slips.of(SolutionStep.of(c48, '+', new Operand.Constant(11)), Rational.of(48), Rational.of(11)),
                "no carry, nothing to forget");
        SolutionStep move = new SolutionStep("3x=", new Operand.Constant(26), '-', new Operand.Constant(5), true);
        Slips.Outcome flipped = Slips.of(move, Rational.of(26), Rational.of(5));
        assertEquals('+', flipped.op());
        assertEquals(Rational.of(31), flipped.result());
    }

    @Test
    void aSlipCarriesThroughTheLaterLines() {
        WorkedProblem equation = new WorkedProblem(4, 0, "Solve for x: 3x+5=26.", List.of(
                new SolutionStep("3x=", new Operand.Constant(26), '-', new Operand.Constant(5), true),
                new SolutionStep("x=", new Operand.Earlier(0), '/', new Operand.Constant(3), false)));
        assertEquals("3x=26-5=21\nx=21/3=7\nThe final answer is 7.", equation.solution());
        assertEquals("3x=26+5=31\nx=31/3\nThe final answer is 31/3.", equation.render(0));
    }

    @Test
    void problemsRebuildFromTheirIds() {
        Problem p = task.problems(Split.VALIDATION, 3, 5).get(2);
        Problem copy = new Problem(p.id(), p.level(), "", "", "");
        assertEquals(task.flawedSolution(p, new Rng(1)), task.flawedSolution(copy, new Rng(1)));
    }

    private static long slip(SolutionStep step, long a, long b) {
        return Slips.of(step, Rational.of(a), Rational.of(b)).result().numerator();
    }
}
