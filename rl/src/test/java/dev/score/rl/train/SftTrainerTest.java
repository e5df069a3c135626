package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.task.Problem;
import dev.score.tokenizer.BpeTrainer;
import dev.score.tokenizer.SpecialTokens;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftTrainerTest {
    private static final Problem P = new Problem("p", 1, "What is 1+1?", "", "2");
    private final MathTask task = new MathTask();
    private final SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(
            BpeTrainer.train("What is 1+1? The final answer is 2. " + task.correctionInstruction(), 300,
                    SpecialTokens.ALL, true), task.correctionInstruction());

    @Test
    void starKeepsCorrectionsAndDPlusAlsoKeepsCorrectRepeats() {
        List<Rollout> rollouts = List.of(rollout("a", "b", 0, 1), rollout("c", "d", 1, 1), rollout("e", "f", 1, 0),
                rollout("g", "h", 0, 0));
        assertEquals(List.of("a"), firstAttempts(SftTrainer.traces(rollouts, SftTrainer.Filter.STAR_D)));
        assertEquals(List.of("a", "c"), firstAttempts(SftTrainer.traces(rollouts, SftTrainer.Filter.STAR_D_PLUS)));
    }

    @Test
    void pairSftPairsAWrongAttemptWithARightOneOfTheSameProblem() {
        SftTrainer sft = new SftTrainer(ScoreConfig.defaults(), task, protocol, new RunDirectory(Path.of("unwritten")));
        List<Rollout> rollouts = List.of(rollout("The final answer is 3.", "The final answer is 3.", 0, 0),
                rollout("The final answer is 2.", "The final answer is 2.", 1, 1),
                /* a problem with no right attempt gives no pair */
                rollout("x", "y", 0, 0), rollout("z", "w", 0, 0));
        List<Conversation> pairs = sft.pairs(rollouts, 2);
        assertEquals(1, pairs.size());
        Conversation c = pairs.get(0);
        assertEquals("The final answer is 3.", protocol.text(part(c, c.attempt1Start(), c.attempt1End())));
        assertEquals("The final answer is 2.", protocol.text(part(c, c.attempt2Start(), c.attempt2End())));
    }

    private Rollout rollout(String y1, String y2, double r1, double r2) {
        return new Rollout(P, protocol.conversation(P.statement(), y1, y2), y1, y2, r1, r2, new float[0]);
    }

    private List<String> firstAttempts(List<Conversation> kept) {
        return kept.stream().map(c -> protocol.text(part(c, c.attempt1Start(), c.attempt1End()))).toList();
    }

    private static int[] part(Conversation c, int from, int to) {
        return Arrays.copyOfRange(c.tokens(), from, to);
    }
}
