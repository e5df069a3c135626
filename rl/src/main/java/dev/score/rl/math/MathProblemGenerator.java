package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.math.Operand.Constant;
import dev.score.rl.math.Operand.Earlier;
import java.util.List;

/**
 * Procedural arithmetic problems over five levels, each a pure function of its level and seed:
 * <ol>
 *   <li>one two-digit sum or difference: {@code What is 48+37?}</li>
 *   <li>a sum then a difference: {@code What is 48+37-19?}</li>
 *   <li>a two-digit number times a digit, plus a number: {@code What is 23*4+17?}</li>
 *   <li>a linear equation: {@code Solve for x: 3x+5=26.}</li>
 *   <li>a three-step word problem.</li>
 * </ol>
 * Numbers are chosen so that carries and borrows are common: those are where the careless solver of
 * {@link Slips} goes wrong, and so where a model trained on its traces has something to correct.
 */
final class MathProblemGenerator {
    static final int LEVELS = 5;

    private static final List<String> NAMES = List.of("Ana", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Ivy",
            "Jon", "Kim", "Leo", "Mia", "Ned", "Oli", "Pam", "Raj", "Sam", "Tess", "Uma", "Zoe");
    private static final List<String> ITEMS = List.of("apples", "pens", "cards", "eggs", "books", "shells",
            "stamps", "beads", "coins", "marbles", "plums", "rocks");

    private MathProblemGenerator() {
    }

    /**
     * The problem of {@code level} drawn from {@code seed}. Draws without a step where the careless solver
     * can slip (a sum with no carry) are skipped, so every problem has a trap.
     */
    static WorkedProblem generate(int level, long seed) {
        Rng rng = new Rng(seed);
        while (true) {
            WorkedProblem problem = draw(level, rng, seed);
            if (!problem.slippableSteps().isEmpty()) {
                return problem;
            }
        }
    }

    private static WorkedProblem draw(int level, Rng rng, long seed) {
        return switch (level) {
            case 1 -> oneStep(rng, seed);
            case 2 -> twoSteps(rng, seed);
            case 3 -> productPlus(rng, seed);
            case 4 -> equation(rng, seed);
            case 5 -> wordProblem(rng, seed);
            default -> throw new IllegalArgumentException("level must be in 1.." + LEVELS + ", got " + level);
        };
    }

    private static WorkedProblem oneStep(Rng rng, long seed) {
        long a = between(rng, 10, 99);
        long b = between(rng, 10, 99);
        char op = rng.nextInt(2) == 0 ? '+' : '-';
        if (op == '-' && a < b) {
            long t = a;
            a = b;
            b = t;
        }
        return new WorkedProblem(1, seed, "What is " + a + op + b + "?",
                List.of(SolutionStep.of(new Constant(a), op, new Constant(b))));
    }

    private static WorkedProblem twoSteps(Rng rng, long seed) {
        long a = between(rng, 10, 99);
        long b = between(rng, 10, 99);
        long c = between(rng, 10, Math.min(99, a + b - 1));
        return new WorkedProblem(2, seed, "What is " + a + "+" + b + "-" + c + "?", List.of(
                SolutionStep.of(new Constant(a), '+', new Constant(b)),
                SolutionStep.of(new Earlier(0), '-', new Constant(c))));
    }

    private static WorkedProblem productPlus(Rng rng, long seed) {
        long a = between(rng, 11, 49);
        long b = between(rng, 2, 9);
        long c = between(rng, 10, 99);
        return new WorkedProblem(3, seed, "What is " + a + "*" + b + "+" + c + "?", List.of(
                SolutionStep.of(new Constant(a), '*', new Constant(b)),
                SolutionStep.of(new Earlier(0), '+', new Constant(c))));
    }

    private static WorkedProblem equation(Rng rng, long seed) {
        long a = between(rng, 2, 9);
        long x = between(rng, 2, 19);
        long b = between(rng, 1, 40);
        long c = a * x + b;
        return new WorkedProblem(4, seed, "Solve for x: " + a + "x+" + b + "=" + c + ".", List.of(
                new SolutionStep(a + "x=", new Constant(c), '-', new Constant(b), true),
                new SolutionStep("x=", new Earlier(0), '/', new Constant(a), false)));
    }

    private static WorkedProblem wordProblem(Rng rng, long seed) {
        String name = NAMES.get(rng.nextInt(NAMES.size()));
        String items = ITEMS.get(rng.nextInt(ITEMS.size()));
        long packs = between(rng, 2, 9);
        long perPack = between(rng, 11, 29);
        long more = between(rng, 10, 59);
        long away = between(rng, 10, Math.min(99, packs * perPack + more - 1));
        String statement = name + " buys " + packs + " packs of " + perPack + " " + items + " and finds " + more
                + " more, then gives away " + away + ". How many " + items + " does " + name + " have now?";
        return new WorkedProblem(5, seed, statement, List.of(
                SolutionStep.of(new Constant(packs), '*', new Constant(perPack)),
                SolutionStep.of(new Earlier(0), '+', new Constant(more)),
                SolutionStep.of(new Earlier(1), '-', new Constant(away))));
    }

    private static long between(Rng rng, long low, long high) {
        return low + rng.nextInt((int) (high - low + 1));
    }
}
