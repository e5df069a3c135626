package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole model's analytic gradients against finite differences of its float32 loss, at coordinates
 * the loss depends on: the embedding rows of the batch's tokens, the position rows below T, and in
 * every other tensor (the query, key and value columns of each attention projection apart) entries
 * whose finite difference is clearly above the noise. An entry the batch never touches has a gradient
 * of 0 both ways, so probing it would prove nothing; those entries are checked to get exactly 0.
 *
 * <p>The difference is the fourth-order stencil {@code (−f(2h) + 8f(h) − 8f(−h) + f(−2h)) / 12h} with
 * h = 3e-2: its truncation error is O(h⁴), and the float32 rounding of a loss near 3.6 (about 2e-7,
 * times 18/12h) moves it by about 1e-5 at most. That is accurate enough to see a gradient off by 1 %.
 */
class ModelGradientCheckTest {
    private static final double STEP = 3e-2;
    private static final double ATOL = 1e-5;
    private static final double RTOL = 2e-3;
    /** A probe must move the loss this much per unit: 100 times the stencil's noise. */
    private static final double MIN_SIGNAL = 1e-3;
    private static final int PROBES = 3;
    private static final int TRIES = 60;
    private static final int BATCH = 2;
    private static final int T = 9;

    private static Backend backend;
    private static Gpt2Config config;
    private static Gpt2Model model;
    private static int[] tokens;
    private static int[] targets;

    @BeforeAll
    static void backward() {
        backend = Backends.create("scalar", 1);
        config = TestModels.tinyConfig();
        model = TestModels.randomModel(config, backend, 11);
        tokens = TestModels.randomTokens(BATCH * T, config.vocabSize(), 5);
        targets = TestModels.randomTokens(BATCH * T, config.vocabSize(), 6);
        targets[3] = -1; // an ignored position must not disturb anything
        model.loss(tokens, targets, BATCH, T).backward();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void everyUsedPartOfEveryParameterMatchesFiniteDifferences() {
        Rng rng = new Rng(99);
        List<Group> groups = usedGroups();
        for (Group group : groups) {
            float[] analytic = group.tensor.gradToArray();
            int probed = 0;
            for (int attempt = 0; attempt < TRIES && probed < PROBES; attempt++) {
                int i = group.entries[rng.nextInt(group.entries.length)];
                double numeric = finiteDifference(group.tensor, i);
                if (Math.abs(numeric) < MIN_SIGNAL) {
                    continue; // the loss barely moves: a match here would say little
                }
                double error = Math.abs(numeric - analytic[i]);
                assertTrue(error <= ATOL + RTOL * Math.abs(numeric), group.name + "[" + i + "]: analytic "
                        + analytic[i] + ", finite difference " + numeric);
                probed++;
            }
            assertEquals(PROBES, probed, group.name + ": fewer than " + PROBES + " of " + TRIES
                    + " entries move the loss by " + MIN_SIGNAL + " per unit");
        }
        // Every tensor, with c_attn's weight in three groups and its bias in two (the key bias has none).
        assertEquals(4 + 15 * config.nLayer(), groups.size());
    }

    @Test
    void entriesTheBatchNeverReachesGetNoGradient() {
        int c = config.nEmbd();
        float[] positions = model.parameters().get("wpe.weight").gradToArray();
        for (int i = T * c; i < positions.length; i++) {
            assertEquals(0f, positions[i], "wpe.weight[" + i + "]: position " + i / c + " ≥ T = " + T);
        }
        // A key bias adds q·b to every score of a query's row, which the softmax cancels: no gradient at all.
        for (int layer = 0; layer < config.nLayer(); layer++) {
            float[] bias = model.parameters().get("h." + layer + ".attn.c_attn.bias").gradToArray();
            for (int i = c; i < 2 * c; i++) {
                assertEquals(0f, bias[i], 1e-8f, "h." + layer + ".attn.c_attn.bias[" + i + "], a key bias");
            }
        }
    }

    /** A tensor's entries that the batch's loss depends on, under a name for messages. */
    private record Group(String name, Tensor tensor, int[] entries) {
    }

    private static List<Group> usedGroups() {
        int c = config.nEmbd();
        int[] present = Arrays.stream(tokens).distinct().toArray();
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, Tensor> entry : model.parameters().entrySet()) {
            String name = entry.getKey();
            Tensor p = entry.getValue();
            if (name.equals("wte.weight")) {
                // Every row feeds the tied head; the rows of the batch's tokens are also looked up.
                groups.add(group(name + " rows " + Arrays.toString(present), p,
                        i -> Arrays.stream(present).anyMatch(token -> token == i / c)));
            } else if (name.equals("wpe.weight")) {
                groups.add(group(name + " rows < " + T, p, i -> i / c < T));
            } else if (name.endsWith("attn.c_attn.weight")) {
                groups.add(group(name + " query columns", p, i -> i % (3 * c) < c));
                groups.add(group(name + " key columns", p, i -> i % (3 * c) >= c && i % (3 * c) < 2 * c));
                groups.add(group(name + " value columns", p, i -> i % (3 * c) >= 2 * c));
            } else if (name.endsWith("attn.c_attn.bias")) {
                groups.add(group(name + " query", p, i -> i < c));
                groups.add(group(name + " value", p, i -> i >= 2 * c));
            } else {
                groups.add(group(name, p, i -> true));
            }
        }
        return groups;
    }

    private static Group group(String name, Tensor p, IntPredicate used) {
        return new Group(name, p, IntStream.range(0, p.size()).filter(used).toArray());
    }

    private static double finiteDifference(Tensor p, int i) {
        float[] values = p.toArray();
        float original = values[i];
        try (GradMode.Scope off = GradMode.disabled()) {
            double[] loss = new double[5];
            for (int k = -2; k <= 2; k++) {
                if (k != 0) {
                    values[i] = (float) (original + k * STEP);
                    p.set(values);
                    loss[k + 2] = model.loss(tokens, targets, BATCH, T).item();
                }
            }
            values[i] = original;
            p.set(values);
            return (-loss[4] + 8 * loss[3] - 8 * loss[1] + loss[0]) / (12 * STEP);
        }
    }
}
