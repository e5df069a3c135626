package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class MathAnswersEquivalenceTest {

    @ParameterizedTest(name = "[{index}] {0} ~ {1}: {2} ({3})")
    @CsvFileSource(resources = "/math/equivalence.csv", delimiter = '|')
    void comparesAnswersLikeTheMathBenchmark(String a, String b, boolean equivalent, String why) {
        assertEquals(equivalent, MathAnswers.equivalent(a, b), why);
        assertEquals(equivalent, MathAnswers.equivalent(b, a), why + " (swapped)");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvFileSource(resources = "/math/normalization.csv", delimiter = '|')
    void normalizesLikeStripString(String answer, String normalized) {
        assertEquals(normalized, MathAnswers.normalize(answer));
    }

    @Test
    void missingOrEmptyAnswersEqualNothing() {
        assertFalse(MathAnswers.equivalent(null, null));
        assertFalse(MathAnswers.equivalent(null, "5"));
        assertFalse(MathAnswers.equivalent("5", null));
        assertFalse(MathAnswers.equivalent("", ""));
        assertFalse(MathAnswers.equivalent("$ $", "\\$"));
        assertEquals(null, MathAnswers.normalize(null));
    }

    @Test
    void canonicalSpellsEveryNumberOneWay() {
        assertEquals("\\frac{1}{2}", MathAnswers.canonical("0.5"));
        assertEquals("\\frac{1}{2}", MathAnswers.canonical("2/4"));
        assertEquals("\\frac{5}{2}", MathAnswers.canonical("2.50"));
        assertEquals("-\\frac{1}{2}", MathAnswers.canonical("\\frac{-1}{2}"));
        assertEquals("3", MathAnswers.canonical("x = 3.0"));
        assertEquals("0", MathAnswers.canonical("-0"));
        assertEquals("(1,2)", MathAnswers.canonical("\\left( 1, 2 \\right)"));
        assertEquals(null, MathAnswers.canonical(""));
        assertEquals(null, MathAnswers.canonical(null));
    }

    @Test
    void largeNumbersCompareExactly() {
        assertTrue(MathAnswers.equivalent("123456789012345678901234567890", "123456789012345678901234567890.0"));
        assertFalse(MathAnswers.equivalent("123456789012345678901234567890", "123456789012345678901234567891"));
        assertFalse(MathAnswers.equivalent("0.1", "0.10000000000000000001"));
    }
}
