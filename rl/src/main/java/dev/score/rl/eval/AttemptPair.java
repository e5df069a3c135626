package dev.score.rl.eval;

import dev.score.rl.task.Problem;

/**
 * One problem's two attempts as text, and whether each is correct. {@code tooLong}: the problem's prompt
 * and two attempts of the allowed length exceed the model's context, so it went unanswered (both attempts
 * empty and wrong) rather than stopping the evaluation.
 */
public record AttemptPair(Problem problem, String attempt1, String attempt2, boolean correct1, boolean correct2,
        boolean tooLong) {

    public AttemptPair(Problem problem, String attempt1, String attempt2, boolean correct1, boolean correct2) {
        this(problem, attempt1, attempt2, correct1, correct2, false);
    }

    /** A problem that does not fit the context: unanswered, wrong at both attempts. */
    public static AttemptPair unanswered(Problem problem) {
        return new AttemptPair(problem, "", "", false, false, true);
    }
}
