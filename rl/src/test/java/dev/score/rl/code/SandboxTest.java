package dev.score.rl.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.code.LimitExceeded.Limit;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Verifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Hostile programs: each must fail its tests quickly, inside the bounds, and never escape the verifier. */
class SandboxTest {
    private static final Problem IDENTITY = new Problem("identity", 1, "Write f(x) that returns x.", "f(x) = x",
            "f(1) == 1\nf(2) == 2\nf(30) == 30");
    private static final Verifier VERIFIER = new CodeTask().verifier();

    /** The limit that stops {@code program} on {@code call}. */
    static Limit stoppedBy(String program, String call) {
        Interpreter interpreter = new Interpreter(Program.parse(program), SandboxLimits.DEFAULT);
        Expr expression = Parser.parseExpression(call, SandboxLimits.DEFAULT);
        return Sandbox.onSandboxThread(() -> assertThrows(LimitExceeded.class, () -> interpreter.run(expression)).limit());
    }

    /** Verifies {@code program} against the identity problem, which it must fail within a second. */
    static void failsFast(String program) {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertFalse(VERIFIER.isCorrect(IDENTITY, program), program));
    }

    @Test
    void theSandboxPassesAnHonestProgram() {
        assertTrue(VERIFIER.isCorrect(IDENTITY, "f(x) = x"));
        assertTrue(VERIFIER.isCorrect(IDENTITY, "  f( x )=\n  x + 0  "));
    }

    @Test
    void infiniteRecursionIsStoppedByTheDepthBound() {
        assertEquals(Limit.DEPTH, stoppedBy("f(x) = f(x)", "f(1)"));
        assertEquals(Limit.DEPTH, stoppedBy("f(x) = 1 + f(x + 1)", "f(1)"));
        assertEquals(Limit.DEPTH, stoppedBy("f(x) = g(x)\ng(x) = f(x)", "f(1)"));
        assertEquals(Limit.DEPTH, stoppedBy("f(n) = if n == 0 then 0 else 1 + f(n - 1)", "f(1000000)"));
        failsFast("f(x) = f(x)");
        failsFast("f(x) = if x == 0 then x else f(x + 1)");
    }

    @Test
    void exponentialWorkIsStoppedByTheFuelBudget() {
        assertEquals(Limit.FUEL, stoppedBy("f(n) = if n == 0 then 0 else f(n - 1) + f(n - 1)", "f(60)"));
        assertEquals(Limit.FUEL, stoppedBy("f(n) = sum([len(range(100)) for i in range(n)])", "f(10000)"));
        failsFast("f(x) = if x == 0 then 0 else f(x - 1) + f(x - 1) + x - x");
        failsFast("f(x) = len([i for i in range(90000) if [j for j in range(i)] == []]) + x");
    }

    @Test
    void listBombsAreStoppedByTheMemoryBoundBeforeAllocating() {
        assertEquals(Limit.MEMORY, stoppedBy("f(x) = range(1000000000000)", "f(1)"));
        assertEquals(Limit.MEMORY, stoppedBy("f(x) = range(-9223372036854775807, 9223372036854775807)", "f(1)"));
        assertEquals(Limit.MEMORY, stoppedBy("f(x) = g([1])\ng(xs) = g(xs + xs)", "f(1)"));
        assertEquals(Limit.MEMORY, stoppedBy("f(x) = range(60000) + range(60000)", "f(1)"));
        failsFast("f(x) = len(g([1])) + x\ng(xs) = g(xs + xs + xs + xs)");
    }

    @Test
    void theDeepestProgramsRunFromACallerWithATinyStack() throws InterruptedException {
        // Programs run on the sandbox's own thread, so the caller's stack size does not matter.
        List<String> deepest = List.of("f(x) = f(x)", "f(xs) = if xs == [] then [] else f(xs[1:] + [xs[0]])",
                "f(n) = let m = n + 1 in [x for x in [f(m)] if (not (x == -(m)))][0]", "f(n) = 1 + f(n)");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(null, () -> {
            try {
                for (int round = 0; round < 200; round++) {
                    for (String program : deepest) {
                        assertFalse(VERIFIER.isCorrect(IDENTITY, program));
                    }
                }
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "tiny-stack-caller", 128 * 1024);
        caller.start();
        caller.join();
        assertNull(thrown.get(), () -> "escaped the sandbox: " + thrown.get());
    }

    @Test
    void garbageFailsCleanly() {
        List<String> garbage = List.of("", " ", "f", "f(", "f(x)", "f(x) =", "f(x) = )", "def f(x): return x",
                "x", "1 + 1", "f(x) = x\n)", "f(x) = [x for]", "f(x) = if x then", "f(x) = let in", "f(x) = x[",
                "f(x) = x[:", "f() = 1", "f(x, y) = x", "g(x) = x", "f(x) = x\u0000", "f(x) = x // 1",
                "f(x) = \"x\"", "f(x) = 1.5", "f(x) = x # comment", "<|endoftext|>", "f(x) = x f(x) = x",
                "f(x) = f", "f(x) = len", "f(x) = x(1)", "\uD83D\uDE00", "f(x) = 9223372036854775808");
        for (String g : garbage) {
            failsFast(g);
        }
    }

    @Test
    void randomBytesFailCleanly() {
        Rng rng = new Rng(5);
        CodeTask task = new CodeTask();
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[rng.nextInt(200)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) rng.nextInt(256);
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertFalse(VERIFIER.isCorrect(IDENTITY, text));
            assertNull(task.finalAnswer(text));
        }
    }

    @Test
    void randomTokenSoupNeverEscapes() {
        // Strings of the language's own tokens parse far more often than random bytes, and so reach the interpreter.
        String[] vocabulary = {"f", "(", ")", "x", "xs", "=", "==", "+", "-", "*", "/", "%", "<", ">=", "if", "then",
            "else", "let", "in", "for", "[", "]", ",", ":", "0", "1", "-1", "7", "len", "sum", "range", "max", "and",
            "not", "true", "f(x) =", "f(x)", "9223372036854775807", "\n"};
        Rng rng = new Rng(9);
        CodeTask task = new CodeTask();
        int parsed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 10000; i++) {
            StringBuilder text = new StringBuilder("f(x) = ");
            int length = 1 + rng.nextInt(25);
            for (int j = 0; j < length; j++) {
                text.append(vocabulary[rng.nextInt(vocabulary.length)]).append(' ');
            }
            VERIFIER.isCorrect(IDENTITY, text.toString());
            if (task.finalAnswer(text.toString()) != null) {
                parsed++;
            }
        }
        assertTrue(parsed > 200, "too few soups parsed to exercise the interpreter: " + parsed);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "token soup took too long");
    }
}
