package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.score.engine.Gpt2Model;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.tokenizer.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shard of a step's batch, sampled apart at the row its first problem starts, gets the rollouts the whole
 * batch gives those rows: what data-parallel sampling needs so that its first step draws what one process does.
 */
class RolloutShardTest extends TinyBaseModelTest {
    @Test
    void aShardSampledApartGetsTheWholeBatchsRollouts() throws Exception {
        MathTask task = new MathTask();
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        Gpt2Model policy = Gpt2Model.load(base, backend);
        RolloutSampler sampler = new RolloutSampler(protocol, task.verifier(), 24);
        List<Problem> problems = task.problems(Split.TRAIN, 5, 4);
        int k = 2;
        List<Rollout> whole = sampler.sample(policy, problems, k, 1.0, 91, 0);
        List<Rollout> shard = sampler.sample(policy, problems.subList(3, 5), k, 1.0, 91, 3 * k);
        assertEquals(4, shard.size());
        for (int i = 0; i < shard.size(); i++) {
            Rollout expected = whole.get(3 * k + i);
            Rollout actual = shard.get(i);
            assertEquals(expected.problem(), actual.problem(), "row " + (3 * k + i));
            assertArrayEquals(expected.conversation().tokens(), actual.conversation().tokens(), "row " + (3 * k + i));
            assertArrayEquals(expected.samplerLogProbs(), actual.samplerLogProbs(), 0f, "row " + (3 * k + i));
        }
        List<Rollout> misplaced = sampler.sample(policy, problems.subList(3, 5), k, 1.0, 91, 0);
        assertNotEquals(whole.subList(3 * k, 5 * k).stream().map(r -> List.of(r.attempt1(), r.attempt2())).toList(),
                misplaced.stream().map(r -> List.of(r.attempt1(), r.attempt2())).toList(),
                "a row's stream follows its place in the batch");
    }
}
