package dev.score.rl.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParserTest {

    static String error(String source) {
        return assertThrows(SyntaxError.class, () -> Program.parse(source)).getMessage();
    }

    @Test
    void errorsNameLineAndColumn() {
        assertEquals("1:11: expected an expression, found end of input", error("f(x) = x +"));
        assertEquals("2:8: unexpected character '$'", error("f(x) = 1\ng(y) = $"));
        assertEquals("1:10: expected a function name, found 'if'", error("f(x) = 1 if"));
        assertTrue(error("f(x) = 1 < x < 3").contains("do not chain"));
        assertTrue(error("f(x) = 1\nf(y) = 2").startsWith("2:1: function 'f' is defined twice"));
        assertTrue(error("len(x) = 1").contains("builtin"));
        assertTrue(error("f(x, x) = 1").contains("appears twice"));
        assertTrue(error("f(x) = range(1, 2, 3)").contains("range takes 1 or 2 argument(s), got 3"));
        assertTrue(error("f(x) = 99999999999999999999").contains("too large"));
        assertTrue(error("f(x) = 012").contains("must not start with 0"));
        assertTrue(error("f(x) = 3x").contains("runs into a name"));
        assertTrue(error("f(x) = x ! 1").contains("'!' must be followed by '='"));
        assertTrue(error("").contains("expected a function name"));
        assertTrue(error("f(x) = \u00e9").contains("U+00E9"));
    }

    @Test
    void canonicalLayoutIgnoresWhitespaceAndRedundantParentheses() {
        String canonical = "f(x) = if x % 2 == 0 then (x + 1) * 2 else -x";
        assertEquals(canonical, Program.parse("f( x )=if x%2==0 then ((x+1))*2\n else -(x)").canonical());
        assertEquals(canonical, Program.parse(canonical).canonical());
        assertEquals("f(x) = x - (1 - 2)", Program.parse("f(x)=x-(1-2)").canonical());
        assertEquals("f(x) = x - 1 - 2", Program.parse("f(x)=(x-1)-2").canonical());
        assertEquals("f(x) = (if x > 0 then 1 else 2) + 3", Program.parse("f(x)=(if x>0 then 1 else 2)+3").canonical());
        assertEquals("f(xs) = [x * x for x in xs[1:] if not x == 2]",
                Program.parse("f(xs)=[x*x for x in xs[1:] if not(x==2)]").canonical());
        assertEquals("f(x) = g(x)\ng(y) = (let z = y in z)[0]", Program.parse("f(x)=g(x) g(y)=(let z=y in z)[0]").canonical());
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        assertTrue(error("f(x) = " + "(".repeat(150) + "x" + ")".repeat(150)).contains("nested deeper"));
        assertTrue(error("f(x) = " + "-".repeat(150) + "x").contains("nested deeper"));
        assertTrue(error("f(x) = " + "not ".repeat(150) + "x").contains("nested deeper"));
        assertTrue(error("f(x) = x" + " + 1".repeat(150)).contains("nested deeper"));
        assertTrue(error("f(xs) = xs" + "[0]".repeat(150)).contains("nested deeper"));
        assertTrue(error("f(x) = " + "[".repeat(150)).contains("nested deeper"));
        assertTrue(error("f(x) = " + "x".repeat(5000)).contains("longer than"));
    }
}
