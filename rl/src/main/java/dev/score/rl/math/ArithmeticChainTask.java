package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequential compute: a chain of four to thirteen additions and subtractions on one-digit values, {@code
 * Compute 4+3-2+5 one step at a time.}, worked one line per step ({@code 4+3=7}, {@code 7-2=5}, …) and
 * ending in the final-answer line. The steps are easy on purpose (every value is a digit, so a line is six
 * tokens: the base tokenizer keeps digits apart); what is hard is length: an attempt's budget of
 * {@value #BUDGET} tokens holds nine steps and the answer, so a chain of ten steps or more cannot be
 * finished in one attempt however well the model adds. A second attempt can finish it by carrying on from
 * the first one's last whole line. This is not error detection: it is the second attempt reusing the
 * first one's finished work, with the same budget and the same fixed instruction, and nothing but the
 * model's own text to read.
 *
 * <p>The base model's traces: attempt 1 is the whole solution, or (at the flaw rate) an unfinished one
 * (a long chain cut where the budget cuts it) or one with a slip (a short chain, a result off by one,
 * carried on); attempt 2 copies or redraws it as for every task, so the traces teach no correction.
 * {@link #REVISION_RATE} of the traces of long chains are a cut attempt 1 followed by the rest of the work.
 */
public final class ArithmeticChainTask extends MathAnswerTask {
    static final String NAME = "chain";
    /** The attempt budget the cut traces assume: {@code ScoreConfig}'s default {@code max_attempt_tokens}. */
    static final int BUDGET = 64;
    /** A worked line's tokens: a digit, the sign, a digit, "=", the result digit, the newline. */
    static final int TOKENS_PER_LINE = 6;
    /** The whole lines an attempt's budget holds. */
    static final int WHOLE_LINES = BUDGET / TOKENS_PER_LINE;
    /** The tokens of the answer line before its number: "The", " final", " answer", " is". */
    static final int ANSWER_WORDS = 4;
    /** The share of a long chain's traces that finish a cut attempt 1 in attempt 2. */
    static final double REVISION_RATE = 0.25;
    private static final String ID_PREFIX = "chain-";

    /** A chain: its start and the signed digits added in turn. */
    record Chain(int start, List<Integer> steps) {
        String statement() {
            StringBuilder text = new StringBuilder("Compute ").append(start);
            steps.forEach(d -> text.append(d > 0 ? "+" : "-").append(Math.abs(d)));
            return text.append(" one step at a time.").toString();
        }

        /** The worked lines, with the result of line {@code slipAt} off by {@code slip} (-1: none). */
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

        /** Whether every value from step {@code at} on stays a digit when that step's result is off by {@code slip}. */
        boolean staysOneDigit(int at, int slip) {
            int value = start;
            for (int i = 0; i < steps.size(); i++) {
                value += steps.get(i) + (i == at ? slip : 0);
                if (i >= at && (value < 0 || value > 9)) {
                    return false;
                }
            }
            return true;
        }

        int answer() {
            return start + steps.stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * Whether the whole solution exceeds the budget: six tokens a line, then the answer line's four words,
         * a space, the digit and the period.
         */
        boolean isLong() {
            return TOKENS_PER_LINE * steps.size() + ANSWER_WORDS + 3 > BUDGET;
        }

        /**
         * Four to thirteen steps of ±1..4 from a start of 0..9, every value a digit: at thirteen, a conversation
         * of two whole attempts still fits the base model's context of 256 tokens.
         */
        static Chain drawn(long seed) {
            Rng rng = new Rng(seed);
            int start = rng.nextInt(10);
            int length = 4 + rng.nextInt(10);
            List<Integer> steps = new ArrayList<>();
            int value = start;
            while (steps.size() < length) {
                int d = (1 + rng.nextInt(4)) * (rng.nextInt(2) == 0 ? 1 : -1);
                if (value + d >= 0 && value + d <= 9) {
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
        return SeededProblems.draw(split, count, seed, problemSeed -> {
            Chain chain = Chain.drawn(problemSeed);
            // Levels by length: 4–5 steps are level 1, 12–13 steps level 5.
            int level = 1 + (chain.steps().size() - 4) / 2;
            return new Problem(SeededProblems.id(ID_PREFIX, problemSeed), level, chain.statement(), solution(chain),
                    Integer.toString(chain.answer()));
        });
    }

    /** A long chain unfinished where the budget cuts it; a short one with a slip of one, carried on. */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        Chain chain = rebuild(problem);
        if (chain.isLong()) {
            return cut(chain);
        }
        // Slips whose carried-on values all stay digits, so the slipped attempt keeps the right one's length;
        // one of the two at the last step always qualifies.
        List<int[]> slips = new ArrayList<>();
        for (int at = 0; at < chain.steps().size(); at++) {
            for (int slip : new int[] {-1, 1}) {
                if (chain.staysOneDigit(at, slip)) {
                    slips.add(new int[] {at, slip});
                }
            }
        }
        int[] chosen = slips.get(rng.nextInt(slips.size()));
        List<String> lines = chain.lines(chosen[0], chosen[1]);
        String last = lines.getLast();
        return render(lines, Integer.parseInt(last.substring(last.indexOf('=') + 1)));
    }

    /** A long chain's attempt is unfinished at the average rate; a short one slips at 0.4 of it. */
    @Override
    public double flawRate(Problem problem, double averageRate) {
        return rebuild(problem).isLong() ? averageRate : 0.4 * averageRate;
    }

    @Override
    public double revisionRate() {
        return REVISION_RATE;
    }

    /** A long chain cut where the budget cuts it, then its work again from the last whole line, and the answer. */
    @Override
    public Revision revision(Problem problem, Rng rng) {
        Chain chain = rebuild(problem);
        if (!chain.isLong()) {
            return null;
        }
        List<String> lines = chain.lines(-1, 0);
        return new Revision(cut(chain), render(lines.subList(Math.min(WHOLE_LINES, lines.size()), lines.size()),
                chain.answer()));
    }

    /**
     * The first {@value #BUDGET} tokens of the solution, as the sampler leaves a long chain's attempt: the
     * whole lines that fit (six tokens each), then the first tokens of the next line, which are its first
     * characters, or the answer line's words.
     */
    static String cut(Chain chain) {
        List<String> lines = chain.lines(-1, 0);
        int rest = BUDGET - TOKENS_PER_LINE * WHOLE_LINES;
        StringBuilder text = new StringBuilder();
        lines.subList(0, WHOLE_LINES).forEach(line -> text.append(line).append('\n'));
        if (lines.size() > WHOLE_LINES) {
            return text.append(lines.get(WHOLE_LINES), 0, rest).toString();
        }
        return text.append(WorkedProblem.FINAL_ANSWER.strip()).toString();
    }

    private static String solution(Chain chain) {
        return render(chain.lines(-1, 0), chain.answer());
    }

    private static String render(List<String> lines, int answer) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.append(WorkedProblem.FINAL_ANSWER).append(answer).append('.').toString();
    }

    static Chain rebuild(Problem problem) {
        return Chain.drawn(SeededProblems.seedOf(problem, ID_PREFIX));
    }
}
