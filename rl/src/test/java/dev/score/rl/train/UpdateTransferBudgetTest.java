package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.engine.AdamW;
import dev.score.engine.Gpt2Model;
import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.CountingBackend;
import dev.score.kernels.VectorBackend;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.train.StageObjective.AttemptWeights;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An RL update moves a fixed handful of values between the backend and the host, the same for a policy of
 * one layer and of three: per pass, the tokens' log-probabilities under the policy and the reference and
 * the KL terms come back for the step's statistics and the loss is read; the policy-gradient and KL
 * weights are uploaded with the seed gradient; the step then reads the gradient norm once. Nothing in the
 * KL, its mask or its gradient crosses to the host (the exact KL once read and rescaled its {@code [rows, V]}
 * gradient there).
 */
class UpdateTransferBudgetTest {

    private static final int[] INSTRUCTION_TURN = {4, 11, 12, 2};

    @ParameterizedTest
    @EnumSource(KlEstimator.class)
    void anUpdateMakesTheSameFewTransfersWhateverTheDepth(KlEstimator estimator) {
        boolean klTerms = estimator != KlEstimator.K1;
        long expectedReads = klTerms ? 5 : 4;
        long expectedUploads = klTerms ? 3 : 2;
        for (int layers : new int[] {1, 3}) {
            try (Backend inner = new VectorBackend(2)) {
                CountingBackend counting = new CountingBackend(inner);
                Gpt2Config config = Gpt2Config.of(23, 48, 16, layers, 2);
                Gpt2Model policy = Gpt2Model.initialized(config, counting.backend(), 1);
                Gpt2Model reference = Gpt2Model.initialized(config, counting.backend(), 2);
                AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
                List<Rollout> rollouts = List.of(rollout(new int[] {1, 5, 6, 2}, new int[] {8, 9, 3},
                        new int[] {13, 14, 3}), rollout(new int[] {1, 15, 2}, new int[] {16, 3}, new int[] {19, 3}));
                List<AttemptWeights> weights = List.of(new AttemptWeights(0.7, -1.3, 0.4, 0.25),
                        new AttemptWeights(-0.4, 0.9, 0.2, 0.5));
                PolicyGradientStep step = new PolicyGradientStep(estimator, 1.0);
                step.apply(policy, reference, optimizer, 1e-3f, rollouts, weights);
                counting.reset();
                step.apply(policy, reference, optimizer, 1e-3f, rollouts, weights);
                assertEquals(expectedReads, counting.reads(), layers + " layers: reads");
                assertEquals(expectedUploads, counting.uploads(), layers + " layers: uploads");
            }
        }
    }

    /** A conversation whose attempt tokens were all drawn, each with a made-up log-probability. */
    private static Rollout rollout(int[] prompt, int[] attempt1, int[] attempt2) {
        int length = prompt.length + attempt1.length + INSTRUCTION_TURN.length + attempt2.length;
        int[] tokens = new int[length];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        System.arraycopy(attempt1, 0, tokens, prompt.length, attempt1.length);
        int start2 = prompt.length + attempt1.length + INSTRUCTION_TURN.length;
        System.arraycopy(INSTRUCTION_TURN, 0, tokens, prompt.length + attempt1.length, INSTRUCTION_TURN.length);
        System.arraycopy(attempt2, 0, tokens, start2, attempt2.length);
        Conversation c = new Conversation(tokens, prompt.length, prompt.length + attempt1.length, start2, length);
        float[] samplerLogProbs = new float[attempt1.length + attempt2.length];
        Arrays.fill(samplerLogProbs, -3f);
        return new Rollout(null, c, "", "", 0, 0, samplerLogProbs);
    }
}
