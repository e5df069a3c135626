package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.task.Problem;
import org.junit.jupiter.api.Test;

class MathVerifierTest {

    private final MathVerifier verifier = new MathVerifier();
    private final Problem half = new Problem("p", 2, "What is 1 divided by 2?", "It is \\boxed{\\frac12}.", "\\frac{1}{2}");

    @Test
    void acceptsAnEquivalentFinalAnswer() {
        assertTrue(verifier.isCorrect(half, "Dividing, we get 0.5.\nThe final answer is 0.5."));
        assertTrue(verifier.isCorrect(half, "So $x = \\boxed{\\dfrac{1}{2}}$."));
        assertTrue(verifier.isCorrect(half, "Final Answer: The final answer is $1/2$. I hope it is correct."));
    }

    @Test
    void rejectsAWrongFinalAnswerEvenWhenTheRightOneAppearsEarlier() {
        assertFalse(verifier.isCorrect(half, "Maybe \\boxed{\\frac{1}{2}}, no.\nThe final answer is 2."));
        assertFalse(verifier.isCorrect(half, "The final answer is 0.499."));
    }

    @Test
    void rejectsAttemptsWithoutAnAnswerAndNeverThrows() {
        assertFalse(verifier.isCorrect(half, "I think it is one half."));
        assertFalse(verifier.isCorrect(half, "\\boxed{\\frac{1}{2}"));
        assertFalse(verifier.isCorrect(half, ""));
        assertFalse(verifier.isCorrect(half, null));
        assertFalse(verifier.isCorrect(null, "The final answer is 5."));
    }
}
