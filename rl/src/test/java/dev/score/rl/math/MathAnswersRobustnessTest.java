package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.score.engine.Rng;
import org.junit.jupiter.api.Test;

/** Model output is arbitrary text: reading, normalizing and comparing it must never throw. */
class MathAnswersRobustnessTest {

    private static final String[] PIECES = {
        "\\boxed", "\\fbox", "{", "}", "\\{", "\\}", "\\", "$", "$$", "\\(", "\\)", "The final answer is",
        "I hope it is correct.", "\\frac", "\\dfrac", "\\sqrt", "\\text{", "\\text{ ", "\\left", "\\right",
        "=", "/", ".", ",", "-", "+", "%", "\\%", "^\\circ", "\\!", " ", "\n", "0", "1", "12", "3.5", "x",
        "cm", "{,}", "\\\\", "é", "\uD83D\uDE00", "\uD800"
    };

    @Test
    void randomTexNeverThrows() {
        Rng rng = new Rng(7);
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder();
            int length = rng.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.append(PIECES[rng.nextInt(PIECES.length)]);
            }
            String other = PIECES[rng.nextInt(PIECES.length)] + PIECES[rng.nextInt(PIECES.length)];
            String s = text.toString();
            assertDoesNotThrow(() -> {
                MathAnswers.extract(s);
                MathAnswers.lastBoxed(s);
                MathAnswers.normalize(s);
                MathAnswers.canonical(s);
                MathAnswers.equivalent(s, other);
                MathAnswers.equivalent(MathAnswers.extract(s), other);
            }, s);
        }
    }
}
