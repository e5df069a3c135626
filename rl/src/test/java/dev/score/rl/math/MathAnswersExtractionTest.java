package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MathAnswersExtractionTest {

    static Stream<Arguments> solutions() {
        return Stream.of(
                Arguments.of("so $x = \\boxed{5}$.", "5"),
                Arguments.of("nested: \\boxed{\\frac{1}{\\sqrt{2}}}", "\\frac{1}{\\sqrt{2}}"),
                Arguments.of("first \\boxed{1}, then \\boxed{2}, finally \\boxed{3}.", "3"),
                Arguments.of("\\fbox{7} is it", "7"),
                Arguments.of("\\boxed{4} and then \\fbox{8}", "8"),
                Arguments.of("a set: \\boxed{\\{1, 2\\}}", "\\{1, 2\\}"),
                Arguments.of("spaced: \\boxed { 9 }", "9"),
                Arguments.of("the MATH code's form: $\\boxed 12$ done", "12"),
                Arguments.of("Steps.\nThe final answer is 42.", "42"),
                Arguments.of("Steps.\nthe FINAL answer is 3.5.", "3.5"),
                Arguments.of("The final answer is: 6", "6"),
                Arguments.of("Work with \\boxed{1}.\nThe final answer is 2.", "2"),
                Arguments.of("The final answer is 1.\nOn reflection, the final answer is 2.\nDone.", "2"),
                Arguments.of("The final answer is $\\frac{1}{2}$.", "\\frac{1}{2}"),
                Arguments.of("The final answer is $$7$$", "7"),
                Arguments.of("The final answer is \\(8\\).", "8"),
                Arguments.of("The final answer is $5$ cm.", "5"),
                Arguments.of("The final answer is \\$3.", "\\$3"),
                Arguments.of("The final answer is \\boxed{\\frac{3}{4}}.", "\\frac{3}{4}"),
                Arguments.of("The final answer is $\\boxed{10}$.", "10"),
                Arguments.of("Final Answer: The final answer is $\\frac{2}{3}$. I hope it is correct.", "\\frac{2}{3}"),
                Arguments.of("Final Answer: The final answer is 17. I hope it is correct.", "17"),
                Arguments.of("The final answer is\n\\boxed{5}", "5"),
                Arguments.of("\\boxed{2} then a broken one \\boxed{3", null),
                Arguments.of("no answer here", null),
                Arguments.of("\\boxed{}", null),
                Arguments.of("The final answer is .", null),
                Arguments.of("}}}{{{ \\boxed", null),
                Arguments.of("\\boxed{\\}", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("solutions")
    void extractsTheFinalAnswer(String solution, String answer) {
        assertEquals(answer, MathAnswers.extract(solution));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "The final answer is", "\\fbox", "$", "$$", "\\(", "\\boxed{{{}"})
    void degenerateTextsHaveNoAnswer(String solution) {
        assertNull(MathAnswers.extract(solution));
    }

    @Test
    void lastBoxedIgnoresTheFinalAnswerLine() {
        assertEquals("1", MathAnswers.lastBoxed("Work with \\boxed{1}.\nThe final answer is 2."));
        assertEquals("\\frac{1}{\\sqrt{2}}", MathAnswers.lastBoxed("\\boxed{3} \\boxed{\\frac{1}{\\sqrt{2}}}"));
        assertNull(MathAnswers.lastBoxed("The final answer is 2."));
        assertNull(MathAnswers.lastBoxed(null));
    }
}
