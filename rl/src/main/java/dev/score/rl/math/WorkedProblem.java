package dev.score.rl.math;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated problem and the steps that solve it. Rendering with a slip at one step writes that line
 * wrong and carries the wrong value through every later line, as a student's worked solution would.
 */
record WorkedProblem(int level, long seed, String statement, List<SolutionStep> steps) {

    static final String FINAL_ANSWER = "The final answer is ";

    WorkedProblem {
        steps = List.copyOf(steps);
    }

    /** The correct worked solution. */
    String solution() {
        return render(-1);
    }

    /** The correct final answer. */
    Rational answer() {
        List<Line> lines = work(-1);
        return lines.get(lines.size() - 1).result();
    }

    /** The steps where a slip changes the result. */
    List<Integer> slippableSteps() {
        List<Line> lines = work(-1);
        List<Integer> slippable = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (Slips.of(steps.get(i), lines.get(i).a(), lines.get(i).b()) != null) {
                slippable.add(i);
            }
        }
        return slippable;
    }

    /** Whether the one trap of this problem (see {@link Slips#isHard}) is a hard one. */
    boolean hasHardTrap() {
        List<Line> lines = work(-1);
        for (int i : slippableSteps()) {
            if (Slips.isHard(steps.get(i), lines.get(i).a(), lines.get(i).b())) {
                return true;
            }
        }
        return false;
    }

    /** The solution with a slip at step {@code slipAt} ({@code -1}: none), one line per step, then the answer line. */
    String render(int slipAt) {
        StringBuilder text = new StringBuilder();
        List<Line> lines = work(slipAt);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            text.append(steps.get(i).render(line.a(), line.op(), line.b(), line.result())).append('\n');
        }
        return text.append(FINAL_ANSWER).append(lines.get(lines.size() - 1).result()).append('.').toString();
    }

    /** A step as worked: its operand values, the operator it shows, and the result it claims. */
    private record Line(Rational a, char op, Rational b, Rational result) {
    }

    private List<Line> work(int slipAt) {
        Rational[] results = new Rational[steps.size()];
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            SolutionStep step = steps.get(i);
            Rational a = step.left().value(results);
            Rational b = step.right().value(results);
            Slips.Outcome slip = i == slipAt ? Slips.of(step, a, b) : null;
            char op = slip == null ? step.op() : slip.op();
            results[i] = slip == null ? a.apply(step.op(), b) : slip.result();
            lines.add(new Line(a, op, b, results[i]));
        }
        return lines;
    }
}
