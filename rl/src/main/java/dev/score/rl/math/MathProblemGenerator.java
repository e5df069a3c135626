package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.math.Operand.Constant;
import dev.score.rl.math.Operand.Earlier;
import java.util.List;

/**
 * Procedural arithmetic problems over five levels, each a pure function of its level and seed:
 * <ol>
 *   <li>a sum that carries: {@code What is 17+8?}</li>
 *   <li>a difference that borrows: {@code What is 23-7?}</li>
 *   <li>a product of digits plus a digit, the sum carrying: {@code What is 6*7+9?}</li>
 *   <li>a linear equation: {@code Solve for x: 3x+5=26.}</li>
 *   <li>a two-step word problem: packs of items plus a few more.</li>
 * </ol>
 * The numbers are small on purpose: a model of a million parameters trained for minutes on two cores
 * learns single-digit tables and copying, not long arithmetic. What makes the problems hard is the one
 * trap each holds — exactly one step where the careless solver of {@link Slips} can go wrong — and
 * whether that trap is a hard one.
 */
final class MathProblemGenerator {
    static final int LEVELS = 5;

    private static final List<String> NAMES = List.of("Ana", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Ivy",
            "Jon", "Kim", "Leo", "Mia", "Ned", "Oli", "Pam", "Raj", "Sam", "Tess", "Uma", "Zoe");
    private static final List<String> ITEMS = List.of("apples", "pens", "cards", "eggs", "books", "shells",
            "stamps", "beads", "coins", "plums");

    private MathProblemGenerator() {
    }

    /**
     * The problem of {@code level} drawn from {@code seed}. Draws without exactly one step where the careless
     * solver can slip are skipped, so every problem has one trap.
     */
    static WorkedProblem generate(int level, long seed) {
        Rng rng = new Rng(seed);
        while (true) {
            WorkedProblem problem = draw(level, rng, seed);
            if (problem.slippableSteps().size() == 1) {
                return problem;
            }
        }
    }

    private static WorkedProblem draw(int level, Rng rng, long seed) {
        return switch (level) {
            case 1 -> sum(rng, seed);
            case 2 -> difference(rng, seed);
            case 3 -> productPlus(rng, seed);
            case 4 -> equation(rng, seed);
            case 5 -> wordProblem(rng, seed);
            default -> throw new IllegalArgumentException("level must be in 1.." + LEVELS + ", got " + level);
        };
    }

    private static WorkedProblem sum(Rng rng, long seed) {
        long a = between(rng, 2, 19);
        long b = between(rng, 2, 9);
        return new WorkedProblem(1, seed, "What is " + a + "+" + b + "?",
                List.of(SolutionStep.of(new Constant(a), '+', new Constant(b))));
    }

    private static WorkedProblem difference(Rng rng, long seed) {
        long a = between(rng, 11, 29);
        long b = between(rng, 2, 9);
        return new WorkedProblem(2, seed, "What is " + a + "-" + b + "?",
                List.of(SolutionStep.of(new Constant(a), '-', new Constant(b))));
    }

    private static WorkedProblem productPlus(Rng rng, long seed) {
        long a = between(rng, 2, 9);
        long b = between(rng, 2, 9);
        long c = between(rng, 2, 19);
        return new WorkedProblem(3, seed, "What is " + a + "*" + b + "+" + c + "?", List.of(
                SolutionStep.of(new Constant(a), '*', new Constant(b)),
                SolutionStep.of(new Earlier(0), '+', new Constant(c))));
    }

    private static WorkedProblem equation(Rng rng, long seed) {
        long a = between(rng, 2, 5);
        long x = between(rng, 2, 12);
        long b = between(rng, 2, 19);
        long c = a * x + b;
        return new WorkedProblem(4, seed, "Solve for x: " + a + "x+" + b + "=" + c + ".", List.of(
                new SolutionStep(a + "x=", new Constant(c), '-', new Constant(b), true),
                new SolutionStep("x=", new Earlier(0), '/', new Constant(a), false)));
    }

    private static WorkedProblem wordProblem(Rng rng, long seed) {
        String name = NAMES.get(rng.nextInt(NAMES.size()));
        String items = ITEMS.get(rng.nextInt(ITEMS.size()));
        long packs = between(rng, 2, 9);
        long perPack = between(rng, 2, 9);
        long more = between(rng, 2, 9);
        String statement = name + " has " + packs + " packs of " + perPack + " " + items + " and " + more
                + " more. How many " + items + " does " + name + " have?";
        return new WorkedProblem(5, seed, statement, List.of(
                SolutionStep.of(new Constant(packs), '*', new Constant(perPack)),
                SolutionStep.of(new Earlier(0), '+', new Constant(more))));
    }

    private static long between(Rng rng, long low, long high) {
        return low + rng.nextInt((int) (high - low + 1));
    }
}
