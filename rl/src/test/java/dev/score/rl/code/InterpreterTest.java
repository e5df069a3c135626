package dev.score.rl.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InterpreterTest {

    static Value run(String program, String expression) {
        return new Interpreter(Program.parse(program), SandboxLimits.DEFAULT)
                .run(Parser.parseExpression(expression, SandboxLimits.DEFAULT));
    }

    static String show(String program, String expression) {
        return run(program, expression).show();
    }

    static EvaluationError fails(String program, String expression) {
        return assertThrows(EvaluationError.class, () -> run(program, expression));
    }

    @Test
    void arithmeticFollowsPrecedenceAndFloorsLikePython() {
        assertEquals("11", show("f(x) = 3 * x + 2", "f(3)"));
        assertEquals("14", show("f(x) = 2 + 3 * 4", "f(0)"));
        assertEquals("20", show("f(x) = (2 + 3) * 4", "f(0)"));
        assertEquals("-4", show("f(x) = x / 2", "f(-7)"));
        assertEquals("1", show("f(x) = x % 2", "f(-7)"));
        assertEquals("-1", show("f(x) = x % -2", "f(7)"));
        assertEquals("3", show("f(x) = 10 - 4 - 3", "f(0)"));
        assertEquals("-3", show("f(x) = -x", "f(3)"));
        assertEquals("3", show("f(x) = --x", "f(3)"));
    }

    @Test
    void comparisonsAndLogicOnBooleans() {
        assertEquals("true", show("f(x) = x > 2 and x <= 5", "f(5)"));
        assertEquals("false", show("f(x) = not x == 3", "f(3)"));
        assertEquals("true", show("f(x) = x < 0 or x % 2 == 0", "f(4)"));
        // Short circuit: the right side is never evaluated, so its division by zero does not happen.
        assertEquals("false", show("f(x) = x > 0 and 1 / x > 0", "f(0)"));
        assertEquals("true", show("f(x) = x == 0 or 1 / x > 0", "f(0)"));
    }

    @Test
    void ifLetAndRecursion() {
        assertEquals("7", show("f(x) = if x < 0 then -x else x", "f(-7)"));
        assertEquals("25", show("f(x) = let y = x + 2 in y * y", "f(3)"));
        assertEquals("120", show("f(n) = if n == 0 then 1 else n * f(n - 1)", "f(5)"));
        assertEquals("55", show("f(n) = if n < 2 then n else f(n - 1) + f(n - 2)", "f(10)"));
        assertEquals("9", show("f(x) = g(x) + 1\ng(y) = y * 2", "f(4)"));
    }

    @Test
    void listsComprehensionsAndBuiltins() {
        assertEquals("[0, 1, 2]", show("f(n) = range(n)", "f(3)"));
        assertEquals("[2, 3]", show("f(n) = range(2, n)", "f(4)"));
        assertEquals("[]", show("f(n) = range(5, n)", "f(4)"));
        assertEquals("20", show("f(xs) = sum([x * x for x in xs if x % 2 == 0])", "f([1, 2, 3, 4])"));
        assertEquals("3", show("f(xs) = len(xs)", "f([7, 8, 9])"));
        assertEquals("[1, 2, 3, 4]", show("f(xs) = xs + [4]", "f([1, 2, 3])"));
        assertEquals("9", show("f(xs) = max(xs)", "f([3, 9, -2])"));
        assertEquals("-2", show("f(xs) = min(xs)", "f([3, 9, -2])"));
        assertEquals("4", show("f(x) = max(x, 4)", "f(1)"));
        assertEquals("5", show("f(x) = abs(x)", "f(-5)"));
        assertEquals("[3, 2, 1]", show("f(xs) = if xs == [] then [] else f(xs[1:]) + [xs[0]]", "f([1, 2, 3])"));
    }

    @Test
    void indexingAndSlicingFollowPython() {
        assertEquals("8", show("f(xs) = xs[1]", "f([7, 8, 9])"));
        assertEquals("9", show("f(xs) = xs[-1]", "f([7, 8, 9])"));
        assertEquals("[8, 9]", show("f(xs) = xs[1:]", "f([7, 8, 9])"));
        assertEquals("[7, 8]", show("f(xs) = xs[:-1]", "f([7, 8, 9])"));
        assertEquals("[7, 8, 9]", show("f(xs) = xs[-10:10]", "f([7, 8, 9])"));
        assertEquals("[]", show("f(xs) = xs[2:1]", "f([7, 8, 9])"));
        assertTrue(fails("f(xs) = xs[3]", "f([7, 8, 9])").getMessage().contains("out of range"));
        assertTrue(fails("f(xs) = xs[-4]", "f([7, 8, 9])").getMessage().contains("out of range"));
    }

    @Test
    void equalityComparesStructureAndAcrossTypesIsFalse() {
        assertEquals("true", show("f(xs) = xs == [1, 2]", "f([1, 2])"));
        assertEquals("false", show("f(xs) = xs == [1]", "f([1, 2])"));
        assertEquals("false", show("f(x) = x == true", "f(1)"));
        assertEquals("true", show("f(x) = [] != 0", "f(1)"));
    }

    @Test
    void runtimeErrorsAreEvaluationErrors() {
        assertTrue(fails("f(x) = x / 0", "f(1)").getMessage().contains("division by zero"));
        assertTrue(fails("f(x) = x % 0", "f(1)").getMessage().contains("division by zero"));
        assertTrue(fails("f(x) = x * x", "f(9223372036854775807)").getMessage().contains("overflow"));
        assertTrue(fails("f(x) = x + 1", "f(9223372036854775807)").getMessage().contains("overflow"));
        assertTrue(fails("f(x) = abs(x - 1)", "f(-9223372036854775807)").getMessage().contains("overflow"));
        assertTrue(fails("f(x) = (x - 1) / -1", "f(-9223372036854775807)").getMessage().contains("overflow"));
        assertTrue(fails("f(x) = x + true", "f(1)").getMessage().contains("expects an int"));
        assertTrue(fails("f(x) = if x then 1 else 2", "f(1)").getMessage().contains("expects a bool"));
        assertTrue(fails("f(x) = y", "f(1)").getMessage().contains("unknown variable 'y'"));
        assertTrue(fails("f(x) = g(x)", "f(1)").getMessage().contains("unknown function 'g'"));
        assertTrue(fails("f(x) = f(x, x)", "f(1)").getMessage().contains("takes 1 argument"));
        assertTrue(fails("f(xs) = [x > 0 for x in xs]", "f([1])").getMessage().contains("list element"));
        assertTrue(fails("f(xs) = max(xs)", "f([])").getMessage().contains("empty list"));
        assertTrue(fails("f(x) = len(x)", "f(1)").getMessage().contains("expects a list"));
    }
}
