package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.AdamW;
import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.engine.Tensor;
import dev.score.engine.io.Gpt2Config;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Split;
import dev.score.rl.train.StageObjective.AttemptWeights;
import dev.score.tokenizer.Tokenizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

    @ParameterizedTest
    @EnumSource(KlEstimator.class)
    void passesOfOneRolloutAddUpToTheUpdateOfOnePass(KlEstimator estimator) {
        List<AttemptWeights> weights = List.of(new AttemptWeights(0.7, -1.3, 0.4, 0.25),
                new AttemptWeights(-0.4, 0.9, 0.2, 0.5));
        Fixture whole = new Fixture();
        PolicyGradientStep.Stats one = whole.step(weights, estimator);
        Fixture split = new Fixture();
        PolicyGradientStep.Stats two = split.step(weights, estimator, 1);

        assertEquals(one.tokens(), two.tokens());
        assertEquals(one.loss(), two.loss(), 1e-6 * (1 + Math.abs(one.loss())), "loss");
        assertEquals(one.kl1(), two.kl1(), 1e-6, "KL over attempt 1");
        assertEquals(one.kl2(), two.kl2(), 1e-6, "KL over attempt 2");
        assertEquals(one.entropy(), two.entropy(), 1e-6, "entropy");
        assertEquals(one.gradNorm(), two.gradNorm(), 1e-6 * one.gradNorm(), "gradient norm");
        whole.policy.parameters().forEach((name, p) -> {
            float[] expected = p.gradToArray();
            float[] actual = split.policy.parameters().get(name).gradToArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), name + "[" + i + "]");
            }
        });
    }

    // The hand-checked tests below run on a tiny random model and conversations written by the test: ids
    // 1 problem, 2 attempt, 3 stop, 4 instruction; the rest are text.
    private static final int STOP = 3;
    private static final Gpt2Config TINY = Gpt2Config.of(23, 48, 16, 1, 2);
    /** The difference quotients' step along a unit direction, and their tolerance: errors seen are under 5e-5. */
    private static final double FD_STEP = 3e-2;
    private static final double FD_ATOL = 2e-5;
    private static final double FD_RTOL = 2e-3;

    @ParameterizedTest
    @EnumSource(KlEstimator.class)
    void theLossAndItsGradientAreTheHandComputedObjective(KlEstimator estimator) {
        Fixture f = new Fixture();
        List<AttemptWeights> weights = List.of(new AttemptWeights(0.7, -1.3, 0.4, 0.25),
                new AttemptWeights(-0.4, 0.9, 0.4, 0.25));
        HandPolicyObjective hand = f.objective(weights, estimator);
        PolicyGradientStep.Stats stats = f.step(weights, estimator);

        assertEquals(hand.tokens(), stats.tokens(), "every drawn token, and no other, is counted");
        assertEquals(hand.value(f.policy), stats.loss(), 1e-5 * (1 + Math.abs(stats.loss())), "loss");
        assertEquals(hand.meanKl(f.policy, 1), stats.kl1(), 1e-5, "mean KL over attempt 1");
        assertEquals(hand.meanKl(f.policy, 2), stats.kl2(), 1e-5, "mean KL over attempt 2");
        List<AttemptWeights> withoutKl = weights.stream()
                .map(w -> new AttemptWeights(w.advantage1(), w.advantage2(), 0, 0)).toList();
        double klPart = hand.value(f.policy) - f.objective(withoutKl, estimator).value(f.policy);
        assertTrue(Math.abs(klPart) > 1e-2, "the KL terms matter here: " + klPart);
        assertEquals(hand.entropy(f.policy), stats.entropy(), 1e-5, "entropy estimate");
        assertTrue(stats.maxLogProbGap() < 1e-5, "the sampler's log-probabilities line up with the tokens");
        f.assertGradientIsThatOf(hand);
    }

    @Test
    void eachAttemptsAdvantageReachesOnlyItsOwnTokens() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            Fixture f = new Fixture();
            List<AttemptWeights> weights = attempt == 1
                    ? List.of(new AttemptWeights(1.5, 0, 0, 0), new AttemptWeights(-0.8, 0, 0, 0))
                    : List.of(new AttemptWeights(0, 1.5, 0, 0), new AttemptWeights(0, -0.8, 0, 0));
            HandPolicyObjective hand = f.objective(weights, KlEstimator.EXACT);
            PolicyGradientStep.Stats stats = f.step(weights, KlEstimator.EXACT);
            assertEquals(hand.value(f.policy), stats.loss(), 1e-5, "attempt " + attempt + " alone: loss");
            f.assertGradientIsThatOf(hand);
        }
    }

    @Test
    void aStopTokenThatWasNeverDrawnGetsNoGradient() {
        // Rollout 1's attempt 1 was cut off: the protocol appended its stop token with a NaN sampler
        // log-probability. Only attempt 1 is pushed, so any gradient through that token would show.
        Fixture f = new Fixture();
        List<AttemptWeights> weights = List.of(new AttemptWeights(0, 0, 0, 0), new AttemptWeights(2.0, 0, 0, 0));
        HandPolicyObjective hand = f.objective(weights, KlEstimator.K3);
        PolicyGradientStep.Stats stats = f.step(weights, KlEstimator.K3);
        assertTrue(Float.isNaN(f.rollouts.get(1).samplerLogProbs()[3]), "the fixture has a NaN-masked token");
        assertEquals(hand.tokens(), stats.tokens());
        assertEquals(hand.value(f.policy), stats.loss(), 1e-5);
        assertTrue(Double.isFinite(stats.gradNorm()) && stats.gradNorm() > 0);
        f.assertGradientIsThatOf(hand);
    }

    @ParameterizedTest
    @EnumSource(value = KlEstimator.class, names = {"EXACT", "K3"})
    void aKlPenaltyAloneIsTheHandComputedKl(KlEstimator estimator) {
        // No advantage: the loss is the β-weighted mean KL alone, so an error in its gradient cannot hide
        // behind the policy-gradient term's.
        Fixture f = new Fixture();
        List<AttemptWeights> weights = List.of(new AttemptWeights(0, 0, 0.6, 0.3), new AttemptWeights(0, 0, 0.6, 0.3));
        HandPolicyObjective hand = f.objective(weights, estimator);
        PolicyGradientStep.Stats stats = f.step(weights, estimator);
        int n1 = (int) f.drawn.stream().filter(d -> d.attempt() == 1).count();
        double expected = (0.6 * n1 * hand.meanKl(f.policy, 1) + 0.3 * (hand.tokens() - n1) * hand.meanKl(f.policy, 2))
                / hand.tokens();
        assertEquals(expected, stats.loss(), 1e-6, "loss");
        assertTrue(expected > 1e-2, "the penalty is not negligible: " + expected);
        f.assertGradientIsThatOf(hand);
    }

    @Test
    void theK1PenaltyIsSubtractedFromTheAdvantageAndDetached() {
        // With no advantage the k1 loss is (1/N) Σ β·k1·log π with k1 = log π − log π_ref held fixed: its
        // gradient is β·k1·∇log π, not the gradient of k1 itself.
        Fixture f = new Fixture();
        List<AttemptWeights> weights = List.of(new AttemptWeights(0, 0, 0.6, 0.3), new AttemptWeights(0, 0, 0.6, 0.3));
        HandPolicyObjective hand = f.objective(weights, KlEstimator.K1);
        double[] lp = hand.logProbs(f.policy);
        double[] lq = hand.logProbs(f.reference);
        double loss = 0;
        double[] klSum = new double[3];
        int[] klCount = new int[3];
        for (int i = 0; i < lp.length; i++) {
            int attempt = f.drawn.get(i).attempt();
            double beta = attempt == 1 ? 0.6 : 0.3;
            double k1 = lp[i] - lq[i];
            loss += beta * k1 * lp[i] / lp.length;
            klSum[attempt] += k1;
            klCount[attempt]++;
        }
        PolicyGradientStep.Stats stats = f.step(weights, KlEstimator.K1);
        assertEquals(loss, stats.loss(), 1e-5, "loss");
        assertEquals(klSum[1] / klCount[1], stats.kl1(), 1e-5, "mean k1 over attempt 1");
        assertEquals(klSum[2] / klCount[2], stats.kl2(), 1e-5, "mean k1 over attempt 2");
        f.assertGradientIsThatOf(hand);
    }

    /**
     * Two rollouts written by hand on a tiny random policy and a reference near it. Rollout 0 stopped
     * attempt 1 itself and was cut off in attempt 2; rollout 1 was cut off in attempt 1 and is shorter, so
     * the batch pads it. A cut-off attempt is closed by an appended stop token that was never drawn.
     */
    private static final class Fixture {
        private static final int[] INSTRUCTION_TURN = {4, 11, 12, 2};
        final Gpt2Model policy = randomModel(1, null);
        final Gpt2Model reference = randomModel(2, policy);
        final List<Rollout> rollouts = new ArrayList<>();
        final List<HandPolicyObjective.Drawn> drawn = new ArrayList<>();

        Fixture() {
            add(new int[] {1, 5, 6, 7, 2}, new int[] {8, 9, 10, STOP}, new int[] {13, 14});
            add(new int[] {1, 15, 2}, new int[] {16, 17, 18}, new int[] {19, STOP});
        }

        private void add(int[] prompt, int[] attempt1, int[] attempt2) {
            int b = rollouts.size();
            int[] closed1 = closed(attempt1);
            int[] closed2 = closed(attempt2);
            int[] tokens = concat(prompt, closed1, INSTRUCTION_TURN, closed2);
            int start2 = prompt.length + closed1.length + INSTRUCTION_TURN.length;
            Conversation c = new Conversation(tokens, prompt.length, prompt.length + closed1.length, start2,
                    tokens.length);
            double[][] logP = HandPolicyObjective.logSoftmax(policy, tokens);
            float[] samplerLogProbs = new float[closed1.length + closed2.length];
            int i = 0;
            for (int attempt = 1; attempt <= 2; attempt++) {
                int start = attempt == 1 ? c.attempt1Start() : c.attempt2Start();
                int written = (attempt == 1 ? attempt1 : attempt2).length;
                int end = attempt == 1 ? c.attempt1End() : c.attempt2End();
                for (int p = start; p < end; p++) {
                    boolean wasDrawn = p < start + written;
                    samplerLogProbs[i++] = wasDrawn ? (float) logP[p - 1][tokens[p]] : Float.NaN;
                    if (wasDrawn) {
                        drawn.add(new HandPolicyObjective.Drawn(b, p, attempt));
                    }
                }
            }
            rollouts.add(new Rollout(null, c, "", "", 0, 0, samplerLogProbs));
        }

        HandPolicyObjective objective(List<AttemptWeights> weights, KlEstimator estimator) {
            return new HandPolicyObjective(policy, reference, rollouts, weights, estimator, drawn);
        }

        /** One step at learning rate 0 without clipping: the weights stay, the gradient is left in them. */
        PolicyGradientStep.Stats step(List<AttemptWeights> weights, KlEstimator estimator) {
            return step(weights, estimator, Passes.LOGITS_PER_PASS);
        }

        /** {@link #step(List, KlEstimator)} in passes of at most {@code logitsPerPass} logits. */
        PolicyGradientStep.Stats step(List<AttemptWeights> weights, KlEstimator estimator, long logitsPerPass) {
            Map<String, float[]> before = policy.parameterValues();
            AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
            PolicyGradientStep.Stats stats = new PolicyGradientStep(estimator, 1e9, logitsPerPass).apply(policy,
                    reference, optimizer, 0f, rollouts, weights);
            policy.parameterValues().forEach((name, values) -> assertArrayEquals(before.get(name), values, name));
            return stats;
        }

        /**
         * The policy's gradient against central differences of {@code hand} (fourth-order stencil, h =
         * {@value #FD_STEP}) along the whole gradient, along each tensor's own gradient, and along two
         * random directions: a wrong term, scale or token in the gradient moves at least one of them.
         */
        void assertGradientIsThatOf(HandPolicyObjective hand) {
            Map<String, float[]> gradient = new LinkedHashMap<>();
            policy.parameters().forEach((name, p) -> gradient.put(name, p.gradToArray()));
            double whole = assertDirectionalDerivative(hand, gradient, "the gradient");
            assertTrue(whole > 1e-2, "the gradient is not negligible: " + whole);
            for (String name : gradient.keySet()) {
                Map<String, float[]> own = new LinkedHashMap<>();
                gradient.forEach((other, g) -> own.put(other, other.equals(name) ? g : new float[g.length]));
                assertDirectionalDerivative(hand, own, name + "'s gradient");
            }
            Rng rng = new Rng(17);
            for (int k = 0; k < 2; k++) {
                Map<String, float[]> random = new LinkedHashMap<>();
                gradient.forEach((name, g) -> {
                    float[] d = new float[g.length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = (float) rng.nextGaussian();
                    }
                    random.put(name, d);
                });
                assertDirectionalDerivative(hand, random, "random direction " + k);
            }
        }

        /** Compares {@code ∇·d̂} with the difference quotient of {@code hand} along {@code d̂}; returns it. */
        private double assertDirectionalDerivative(HandPolicyObjective hand, Map<String, float[]> direction,
                String what) {
            double squares = 0;
            for (float[] d : direction.values()) {
                for (float x : d) {
                    squares += (double) x * x;
                }
            }
            double norm = Math.sqrt(squares);
            if (norm == 0) {
                return 0;
            }
            double analytic = 0;
            for (Map.Entry<String, Tensor> e : policy.parameters().entrySet()) {
                float[] g = e.getValue().gradToArray();
                float[] d = direction.get(e.getKey());
                for (int i = 0; i < g.length; i++) {
                    analytic += g[i] * (d[i] / norm);
                }
            }
            Map<String, float[]> base = policy.parameterValues();
            double[] f = new double[5];
            for (int k = -2; k <= 2; k++) {
                if (k == 0) {
                    continue;
                }
                double shift = k * FD_STEP / norm;
                policy.parameters().forEach((name, p) -> {
                    float[] values = base.get(name).clone();
                    float[] d = direction.get(name);
                    for (int i = 0; i < values.length; i++) {
                        values[i] += (float) (shift * d[i]);
                    }
                    p.set(values);
                });
                f[k + 2] = hand.value(policy);
            }
            policy.parameters().forEach((name, p) -> p.set(base.get(name)));
            double numeric = (-f[4] + 8 * f[3] - 8 * f[1] + f[0]) / (12 * FD_STEP);
            assertEquals(numeric, analytic, FD_ATOL + FD_RTOL * Math.abs(numeric), what);
            return numeric;
        }
    }

    /** Random weights of scale 0.2 (LayerNorm gains near 1), or {@code near}'s plus noise of scale 0.1. */
    private static Gpt2Model randomModel(long seed, Gpt2Model near) {
        Gpt2Model model = Gpt2Model.initialized(TINY, backend, seed);
        Rng rng = new Rng(seed);
        model.parameters().forEach((name, p) -> {
            float[] v = near != null ? near.parameters().get(name).toArray() : new float[p.size()];
            boolean gain = name.contains("ln_") && name.endsWith(".weight");
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (near != null ? 0.1 * rng.nextGaussian() : (gain ? 1 : 0) + 0.2 * rng.nextGaussian());
            }
            p.set(v);
        });
        return model;
    }

    private static int[] closed(int[] attempt) {
        if (attempt[attempt.length - 1] == STOP) {
            return attempt;
        }
        int[] out = Arrays.copyOf(attempt, attempt.length + 1);
        out[attempt.length] = STOP;
        return out;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
