package dev.score.rl.code;

import dev.score.rl.code.Expr.Binary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs untrusted program text against a problem's tests. Tests are lines such as {@code f(3) == 11},
 * each an expression of the language that must evaluate to {@code true}; every test runs with fresh
 * budgets. Whatever the program text, this returns a report within the sandbox's bounds and throws
 * nothing: a program that does not parse, errs, or exceeds a bound fails.
 *
 * <p>Programs run on a fresh thread with a stack of known size, not on the caller's: the evaluation
 * depth bound caps how many interpreter frames can pile up, but what those frames cost in bytes depends
 * on the JIT (measured: about 600 bytes per level interpreted, half that compiled), and the caller's
 * stack may be small or already deep.
 */
public final class Sandbox {
    /** Ample for {@link SandboxLimits#DEFAULT}'s depth of 1,000 (about 0.6 MB) with a wide margin. */
    private static final long STACK_BYTES = 8L << 20;
    /** Daemon threads with that stack, created on demand and reused (creating one costs about half a millisecond). */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("code-sandbox-", 0).daemon().stackSize(STACK_BYTES).factory());

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
        return onSandboxThread(() -> runChecks(programText, checks, lines));
    }

    private TestReport runChecks(String programText, List<Expr> checks, List<String> lines) {
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

    /**
     * Runs {@code work} on one of the sandbox threads (each with a {@link #STACK_BYTES} stack) and waits
     * for it. The work is bounded by the sandbox's limits, so the wait is short and is not cut off by an
     * interrupt (which is passed on afterwards). Anything the work throws is rethrown here.
     */
    static <T> T onSandboxThread(Supplier<T> work) {
        Future<T> future = THREADS.submit(work::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case RuntimeException r -> throw r;
                        case Error r -> throw r;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
