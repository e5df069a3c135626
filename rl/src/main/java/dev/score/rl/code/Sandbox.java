package dev.score.rl.code;

import dev.score.rl.code.Expr.Binary;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs untrusted program text against a problem's tests. Tests are lines such as {@code f(3) == 11},
 * each an expression of the language that must evaluate to {@code true}; every test runs with fresh
 * budgets. Whatever the program text, this returns a report within the sandbox's bounds and throws
 * nothing: a program that does not parse, errs, or exceeds a bound fails.
 */
public final class Sandbox {
    private final SandboxLimits limits;

    public Sandbox(SandboxLimits limits) {
        this.limits = limits;
    }

    public static Sandbox withDefaultLimits() {
        return new Sandbox(SandboxLimits.DEFAULT);
    }

    /**
     * Runs {@code programText} against {@code tests}. The tests are trusted (they come from the task);
     * a test line that does not parse is a bug in the task and raises {@link IllegalArgumentException}.
     */
    public TestReport run(String programText, String tests) {
        List<String> lines = testLines(tests);
        List<Expr> checks = new ArrayList<>(lines.size());
        for (String line : lines) {
            try {
                checks.add(Parser.parseExpression(line, limits));
            } catch (CodeError e) {
                throw new IllegalArgumentException("malformed test '" + line + "': " + e.getMessage());
            }
        }
        Program program;
        try {
            program = Parser.parseProgram(programText, limits);
        } catch (CodeError e) {
            return new TestReport(0, checks.size(), "syntax error: " + e.getMessage());
        }
        Interpreter interpreter = new Interpreter(program, limits);
        int passed = 0;
        for (int i = 0; i < checks.size(); i++) {
            String failure = check(interpreter, checks.get(i), lines.get(i));
            if (failure != null) {
                return new TestReport(passed, checks.size(), failure);
            }
            passed++;
        }
        return new TestReport(passed, checks.size(), null);
    }

    /** The test lines of an oracle: its non-blank lines, trimmed. */
    public static List<String> testLines(String tests) {
        return tests.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Why one test fails, or null when it passes. An equality test reports what the program returned. */
    private static String check(Interpreter interpreter, Expr test, String line) {
        try {
            if (test instanceof Binary(BinaryOperator op, Expr actual, Expr expected) && op == BinaryOperator.EQ) {
                Value got = interpreter.run(actual);
                Value want = interpreter.run(expected);
                return got.equals(want) ? null : line + ": got " + got.show();
            }
            Value result = interpreter.run(test);
            return result.equals(Value.of(true)) ? null : line + ": got " + result.show();
        } catch (CodeError e) {
            return line + ": " + e.getMessage();
        }
    }
}
