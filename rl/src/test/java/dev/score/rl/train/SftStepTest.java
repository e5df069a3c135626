package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.Tensor;
import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.base.TokenBatch;
import dev.score.rl.protocol.Conversation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SftStepTest {
    private static final Gpt2Config TINY = Gpt2Config.of(23, 48, 16, 1, 2);
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.create("scalar", 1);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    /** Three conversations of different lengths: problem, attempt 1, instruction, attempt 2. */
    private static final List<Conversation> BATCH = List.of(
            conversation(new int[] {1, 5, 2}, new int[] {8, 9, 10, 3}, new int[] {4, 2}, new int[] {13, 3}),
            conversation(new int[] {1, 15, 6, 7, 2}, new int[] {16, 3}, new int[] {4, 2}, new int[] {19, 20, 21, 3}),
            conversation(new int[] {1, 11, 2}, new int[] {12, 14, 17, 18, 22, 3}, new int[] {4, 2}, new int[] {5, 3}));

    private static Conversation conversation(int[] prompt, int[] attempt1, int[] instruction, int[] attempt2) {
        int[] tokens = new int[prompt.length + attempt1.length + instruction.length + attempt2.length];
        int at = 0;
        for (int[] part : new int[][] {prompt, attempt1, instruction, attempt2}) {
            System.arraycopy(part, 0, tokens, at, part.length);
            at += part.length;
        }
        int end1 = prompt.length + attempt1.length;
        int start2 = end1 + instruction.length;
        return new Conversation(tokens, prompt.length, end1, start2, tokens.length);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void passesOfOneConversationGiveTheWholeBatchsMeanLossAndItsGradient(boolean bothAttempts) {
        // The expectation: the model's own mean cross-entropy over the whole padded batch, and its gradient.
        CausalLm expected = CausalLms.initialized(TINY, backend, 5);
        TokenBatch whole = TokenBatch.of(BATCH, bothAttempts, TINY.nPositions());
        expected.zeroGrad();
        Tensor loss = expected.loss(whole.tokens(), whole.targets(), whole.batch(), whole.length());
        loss.backward();

        for (long logitsPerPass : new long[] {Passes.LOGITS_PER_PASS, 1}) {
            CausalLm policy = CausalLms.initialized(TINY, backend, 5);
            AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
            double value = new SftStep(1e9, logitsPerPass).apply(policy, optimizer, 0f, BATCH, bothAttempts);
            String label = (logitsPerPass == 1 ? "one conversation per pass" : "one pass")
                    + (bothAttempts ? "" : ", attempt 2 only");
            assertEquals(loss.item(), value, 1e-6 * (1 + Math.abs(value)), label + ": loss");
            for (Map.Entry<String, Tensor> p : policy.parameters().entrySet()) {
                float[] want = expected.parameters().get(p.getKey()).gradToArray();
                float[] got = p.getValue().gradToArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-6 * (1 + Math.abs(want[i])), label + ": " + p.getKey() + "[" + i + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBatchWithNothingToLearnIsRefused(boolean bothAttempts) {
        Conversation empty = new Conversation(new int[] {1, 5, 2}, 3, 3, 3, 3);
        CausalLm policy = CausalLms.initialized(TINY, backend, 5);
        AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
        assertThrows(IllegalArgumentException.class,
                () -> new SftStep(1.0).apply(policy, optimizer, 1e-3f, List.of(empty), bothAttempts));
    }
}
