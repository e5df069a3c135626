package dev.score.rl.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.math.MathTask;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.BpeTrainer;
import dev.score.tokenizer.SpecialTokens;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SelfCorrectionProtocolTest {
    private final MathTask task = new MathTask();
    private final BpeTokenizer tokenizer = BpeTrainer.train(
            "What is 12+34? 12+34=46\nThe final answer is 46. " + task.correctionInstruction(), 300,
            SpecialTokens.ALL, true);
    private final SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(tokenizer, task.correctionInstruction());

    @Test
    void theSecondPromptCarriesNoSignalOfWhetherAttemptOneWasRight() {
        Problem p = task.problems(Split.TEST, 1, 1).get(0);
        int[] first = protocol.firstPrompt(p.statement());
        int[] right = tokenizer.encode(p.solution());
        int[] wrong = tokenizer.encode(task.flawedSolution(p, new dev.score.engine.Rng(1)));
        int[] afterRight = tail(protocol.secondPrompt(first, right), first.length + right.length);
        int[] afterWrong = tail(protocol.secondPrompt(first, wrong), first.length + wrong.length);
        assertArrayEquals(afterRight, afterWrong, "the same tokens follow attempt 1 whatever it was");
        assertEquals(protocol.stopToken(), afterRight[0]);
        assertEquals(tokenizer.specialId(SpecialTokens.INSTRUCTION), afterRight[1]);
        assertEquals(tokenizer.specialId(SpecialTokens.ATTEMPT), afterRight[afterRight.length - 1]);
        assertEquals(task.correctionInstruction(),
                tokenizer.decode(Arrays.copyOfRange(afterRight, 2, afterRight.length - 1)));
    }

    @Test
    void aConversationMarksEachAttemptsTokensStopTokenIncluded() {
        Conversation c = protocol.conversation("What is 12+34?", "12+34=46", "12+34=46\nThe final answer is 46.");
        assertEquals(tokenizer.specialId(SpecialTokens.PROBLEM), c.tokens()[0]);
        assertEquals(tokenizer.specialId(SpecialTokens.ATTEMPT), c.tokens()[c.attempt1Start() - 1]);
        assertEquals(protocol.stopToken(), c.tokens()[c.attempt1End() - 1]);
        assertEquals(protocol.stopToken(), c.tokens()[c.length() - 1]);
        assertEquals(c.length(), c.attempt2End());
        assertEquals("12+34=46", protocol.text(Arrays.copyOfRange(c.tokens(), c.attempt1Start(), c.attempt1End())));
        assertFalse(c.isAttemptToken(c.attempt1End()), "the instruction is not the model's");
        assertTrue(c.isAttemptToken(c.attempt2Start()));
    }

    @Test
    void anIdTheTokenizerLacksReadsAsAReplacementCharacter() {
        int[] known = tokenizer.encode("12+34");
        int past = tokenizer.vocabSize() + 7;
        int[] attempt = new int[known.length + 2];
        System.arraycopy(known, 0, attempt, 0, 2);
        attempt[2] = past;
        System.arraycopy(known, 2, attempt, 3, known.length - 2);
        attempt[attempt.length - 1] = protocol.stopToken();
        String expected = tokenizer.decode(Arrays.copyOf(known, 2)) + "\uFFFD"
                + tokenizer.decode(Arrays.copyOfRange(known, 2, known.length));
        assertEquals(expected, protocol.text(attempt));
        assertEquals("\uFFFD\uFFFD", protocol.text(new int[] {past, -1}));
    }

    @Test
    void anAttemptCutOffByTheLengthLimitIsClosed() {
        int[] first = protocol.firstPrompt("What is 12+34?");
        int[] cut = tokenizer.encode("12+3");
        int[] second = protocol.secondPrompt(first, cut);
        assertEquals(protocol.stopToken(), second[first.length + cut.length]);
    }

    private static int[] tail(int[] tokens, int from) {
        return Arrays.copyOfRange(tokens, from, tokens.length);
    }
}
