package dev.score.rl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.BpeTrainer;
import dev.score.tokenizer.SpecialTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A problem longer than the model's context is counted as unanswered and the evaluation goes on (issue
 * 18, item 10): MATH-length problems on a 256-position model used to stop {@code eval --data} midway.
 */
class TwoAttemptSamplerTooLongTest {
    private static final int CONTEXT = 64;
    private static final int ATTEMPT_TOKENS = 8;

    @Test
    void aProblemBeyondTheContextIsUnansweredAndTheOthersAreSampled() {
        MathTask task = new MathTask();
        BpeTokenizer tokenizer = BpeTrainer.train("What is 1 + 2? The final answer is 3.", 270, SpecialTokens.ALL);
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(tokenizer, "Fix it.");
        Problem shortOne = new Problem("a", 1, "1 + 2", "s", "3");
        Problem longOne = new Problem("b", 1, "9 ".repeat(100), "s", "9");
        Problem another = new Problem("c", 1, "2 + 2", "s", "4");
        try (Backend backend = Backends.create("scalar", 1)) {
            Gpt2Model model = Gpt2Model.initialized(Gpt2Config.of(tokenizer.vocabSize(), CONTEXT, 16, 1, 2), backend,
                    3);
            List<AttemptPair> pairs = new TwoAttemptSampler(model, protocol, task, ATTEMPT_TOKENS, 2)
                    .run(List.of(shortOne, longOne, another), 0, new Rng(1), "test");

            assertEquals(List.of(shortOne, longOne, another), pairs.stream().map(AttemptPair::problem).toList());
            assertTrue(pairs.get(1).tooLong());
            assertFalse(pairs.get(1).correct1() || pairs.get(1).correct2());
            assertFalse(pairs.get(0).tooLong() || pairs.get(2).tooLong());
            SelfCorrectionMetrics metrics = SelfCorrectionMetrics.of(pairs, task);
            assertEquals(1, metrics.tooLong());
            assertEquals(3, metrics.problems());
        }
    }

    @Test
    void theLongestConversationCountsBothAttemptsTheClosingStopAndTheInstruction() {
        BpeTokenizer tokenizer = BpeTrainer.train("abc", 260, SpecialTokens.ALL);
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(tokenizer, "x");
        int instructionTurn = protocol.instructionTurn().length;
        assertEquals(10 + 64 + 1 + instructionTurn + 64, protocol.longestConversation(10, 64));
        // In long: no overflow past a context check for an absurd attempt length.
        assertTrue(protocol.longestConversation(10, Integer.MAX_VALUE) > Integer.MAX_VALUE);
    }
}
