package dev.score.rl.math;

import dev.score.rl.task.Problem;
import dev.score.rl.task.Verifier;

/** The math reward: the attempt's final answer is equivalent to the problem's oracle answer. */
public final class MathVerifier implements Verifier {

    @Override
    public boolean isCorrect(Problem problem, String attempt) {
        if (problem == null) {
            return false;
        }
        String answer = MathAnswers.extract(attempt);
        return answer != null && MathAnswers.equivalent(answer, problem.oracle());
    }
}
