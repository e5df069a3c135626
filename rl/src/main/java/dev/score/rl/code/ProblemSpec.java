package dev.score.rl.code;

import dev.score.engine.Rng;
import java.util.List;
import java.util.function.Function;

/**
 * One drawn problem before its tests exist: the statement, the reference program, how to draw the
 * arguments of test {@code t} (0, 1 or 2; a template can aim each test at a different case, say one
 * on each side of a threshold), and the expected result computed in Java, independently of the
 * reference program, so that the tests check the interpreter and the reference against each other.
 */
record ProblemSpec(String statement, String solution, TestInputs inputs, Function<List<Value>, Value> answer) {

    @FunctionalInterface
    interface TestInputs {
        List<Value> draw(Rng rng, int test);
    }

    /** "Write f(signature) that returns phrase." with the reference {@code f(signature) = body}. */
    static ProblemSpec returning(String signature, String phrase, String body, TestInputs inputs,
                                 Function<List<Value>, Value> answer) {
        return new ProblemSpec("Write f(" + signature + ") that returns " + phrase + ".",
                "f(" + signature + ") = " + body, inputs, answer);
    }
}
