package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sequential compute: a chain of three to ten additions and subtractions of a digit, {@code Compute
 * 17+5-3+8 one step at a time.}, worked one line per step ({@code 17+5=22}, {@code 22-3=19}, …) and ending
 * in the final-answer line. Every value stays between 10 and 99, so each line is eight tokens (digits are
 * tokens of their own) and an attempt's budget of 64 tokens holds {@value #LINES_PER_ATTEMPT} lines: a chain
 * of eight steps or more cannot be finished in one attempt, however well the model adds. A second attempt
 * can finish it by carrying on from the first one's last line. This is not error detection; it is the
 * second attempt reusing the first one's finished work, with the same budget and the same fixed
 * instruction, and nothing but the model's own text to read.
 *
 * <p>The base model's traces: attempt 1 is the whole solution, or (at the flaw rate) an unfinished one
 * (a long chain cut where the budget cuts it) or one with a slip (a short chain, a result off by one or
 * ten, carried on, every value still two digits); attempt 2 copies or redraws it as for every task, so the traces teach no correction.
 * {@link #revisionRate} of the traces of long chains are a cut attempt 1 followed by the rest of the work.
 */
public final class ArithmeticChainTask extends MathAnswerTask {
    static final String NAME = "chain";
    /** The lines of eight tokens that fill an attempt's default budget of 64 tokens. */
    static final int LINES_PER_ATTEMPT = 8;
    /** The share of a long chain's traces that finish a cut attempt 1 in attempt 2. */
    static final double REVISION_RATE = 0.1;
    private static final String ID_PREFIX = "chain-";
    private static final int[] SLIPS = {-10, -1, 1, 10};

    /** A chain: its start and the signed digits added in turn. */
    record Chain(int start, List<Integer> steps) {
        String statement() {
            StringBuilder text = new StringBuilder("Compute ").append(start);
            steps.forEach(d -> text.append(d > 0 ? "+" : "-").append(Math.abs(d)));
            return text.append(" one step at a time.").toString();
        }

        /** The worked lines, with a slip of {@code slip} in the result of line {@code slipAt} (-1: none). */
        List<String> lines(int slipAt, int slip) {
            List<String> lines = new ArrayList<>();
            int value = start;
            for (int i = 0; i < steps.size(); i++) {
                int d = steps.get(i);
                int result = value + d + (i == slipAt ? slip : 0);
                lines.add(value + (d > 0 ? "+" : "-") + Math.abs(d) + "=" + result);
                value = result;
            }
            return lines;
        }

        /** Whether every value from step {@code at} on stays within 10..99 when that step's result is off by {@code slip}. */
        boolean staysTwoDigit(int at, int slip) {
            int value = start;
            for (int i = 0; i < steps.size(); i++) {
                value += steps.get(i) + (i == at ? slip : 0);
                if (i >= at && (value < 10 || value > 99)) {
                    return false;
                }
            }
            return true;
        }

        int answer() {
            return start + steps.stream().mapToInt(Integer::intValue).sum();
        }

        boolean isLong() {
            return steps.size() >= LINES_PER_ATTEMPT;
        }

        /** Three to ten steps of ±2..9 from a start of 10..60, every value within 10..99. */
        static Chain drawn(long seed) {
            Rng rng = new Rng(seed);
            int start = 10 + rng.nextInt(51);
            int length = 3 + rng.nextInt(8);
            List<Integer> steps = new ArrayList<>();
            int value = start;
            while (steps.size() < length) {
                int d = (2 + rng.nextInt(8)) * (rng.nextInt(2) == 0 ? 1 : -1);
                if (value + d >= 10 && value + d <= 99) {
                    steps.add(d);
                    value += d;
                }
            }
            return new Chain(start, steps);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        Rng rng = new Rng(seed);
        List<Problem> problems = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int misses = 0; problems.size() < count && misses < 20_000; ) {
            long problemSeed = rng.nextLong();
            Chain chain = Chain.drawn(problemSeed);
            if (Split.of(chain.statement()) == split && seen.add(chain.statement())) {
                // Levels by length: 3–4 steps are level 1, 10 steps level 5.
                int level = 1 + (chain.steps().size() - 3) * 4 / 7;
                problems.add(new Problem(ID_PREFIX + Long.toHexString(problemSeed), level, chain.statement(),
                        render(chain.lines(-1, 0), chain.answer()), Integer.toString(chain.answer())));
                misses = 0;
            } else {
                misses++;
            }
        }
        return problems;
    }

    /** A long chain unfinished where the budget cuts it; a short one with a slip, carried on. */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        Chain chain = rebuild(problem);
        if (chain.isLong()) {
            return cut(chain);
        }
        // Slips whose carried-on values all stay two-digit, so the slipped attempt has the right one's length;
        // a slip of one at the last step always qualifies.
        List<int[]> slips = new ArrayList<>();
        for (int at = 0; at < chain.steps().size(); at++) {
            for (int slip : SLIPS) {
                if (chain.staysTwoDigit(at, slip)) {
                    slips.add(new int[] {at, slip});
                }
            }
        }
        int[] chosen = slips.get(rng.nextInt(slips.size()));
        List<String> lines = chain.lines(chosen[0], chosen[1]);
        String last = lines.getLast();
        return render(lines, Integer.parseInt(last.substring(last.indexOf('=') + 1)));
    }

    /** A long chain's attempt is unfinished half the time; a short one slips a fifth of the time at 0.5. */
    @Override
    public double flawRate(Problem problem, double averageRate) {
        return rebuild(problem).isLong() ? averageRate : 0.4 * averageRate;
    }

    @Override
    public double revisionRate() {
        return REVISION_RATE;
    }

    /** A long chain cut where the budget cuts it, then the rest of its lines and the answer. */
    @Override
    public Revision revision(Problem problem, Rng rng) {
        Chain chain = rebuild(problem);
        if (!chain.isLong()) {
            return null;
        }
        List<String> lines = chain.lines(-1, 0);
        return new Revision(cut(chain), render(lines.subList(LINES_PER_ATTEMPT, lines.size()), chain.answer()));
    }

    private static String cut(Chain chain) {
        return String.join("\n", chain.lines(-1, 0).subList(0, LINES_PER_ATTEMPT));
    }

    private static String render(List<String> lines, int answer) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.append(WorkedProblem.FINAL_ANSWER).append(answer).append('.').toString();
    }

    static Chain rebuild(Problem problem) {
        if (!problem.id().startsWith(ID_PREFIX)) {
            throw new IllegalArgumentException("not a generated chain problem: " + problem.id());
        }
        return Chain.drawn(Long.parseUnsignedLong(problem.id().substring(ID_PREFIX.length()), 16));
    }
}
