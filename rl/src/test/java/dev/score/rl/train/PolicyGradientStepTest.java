package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.AdamW;
import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Split;
import dev.score.tokenizer.Tokenizers;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PolicyGradientStepTest extends TinyBaseModelTest {
    @ParameterizedTest
    @EnumSource(KlEstimator.class)
    void theUpdateUsesTheLogProbabilitiesTheSamplerDrewWith(KlEstimator estimator) throws Exception {
        MathTask task = new MathTask();
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        Gpt2Model policy = Gpt2Model.load(base, backend);
        Gpt2Model reference = Gpt2Model.load(base, backend);
        List<Rollout> rollouts = new RolloutSampler(protocol, task.verifier(), 24)
                .sample(policy, task.problems(Split.TRAIN, 3, 1), 2, 1.0, new Rng(3));
        assertEquals(6, rollouts.size());
        assertEquals(rollouts.get(0).problem(), rollouts.get(1).problem(), "samples of a problem are grouped");
        float[] before = policy.parameters().get("h.0.attn.c_attn.weight").toArray();
        AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
        PolicyGradientStep.Stats stats = new PolicyGradientStep(estimator, 1.0).apply(policy, reference, optimizer,
                1e-3f, rollouts, rollouts.stream().map(r -> new StageObjective.AttemptWeights(1, -1, 0.1, 0.01)).toList());
        assertTrue(stats.maxLogProbGap() < 1e-4, "sampler and update disagree by " + stats.maxLogProbGap());
        assertEquals(0, stats.kl1(), 1e-5, "the policy starts as the reference");
        assertEquals(0, stats.kl2(), 1e-5);
        assertTrue(stats.tokens() > 0 && Double.isFinite(stats.loss()) && stats.entropy() > 0);
        assertFalse(Arrays.equals(before, policy.parameters().get("h.0.attn.c_attn.weight").toArray()),
                "a step was taken");
    }
}
