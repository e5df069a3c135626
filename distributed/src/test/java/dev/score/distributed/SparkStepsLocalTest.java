package dev.score.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.train.ClusterSteps;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.KlEstimator;
import dev.score.rl.train.Method;
import dev.score.rl.train.PolicyGradientStep;
import dev.score.rl.train.PolicyStep;
import dev.score.rl.train.PolicySteps;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.TinyRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCoRe's steps on Spark in {@code local[2]} (two executor threads in this JVM), beside the same steps in one
 * process. The scalar backend gives the same bits on every run (see rl's TinyBaseModelTest), so what differs is
 * only what the data parallelism changes: the order the shards' gradients are summed in.
 */
class SparkStepsLocalTest {
    /** Five problems over two shards: three and two, so the cut is uneven. */
    private static final int PROBLEMS = 5;
    /**
     * How far a step's loss may be from one process's after 20 steps. Each step's gradient is summed in another
     * order (shard by shard), about 1e-7 relative per step; the loss then follows the same tokens unless such a
     * difference flips a drawn token, which these 20 steps do not.
     */
    private static final double LOSS_TOLERANCE = 1e-4;

    @TempDir
    static Path dir;
    static TinyTraining tiny;
    static ClusterSteps spark;

    @BeforeAll
    static void start() throws Exception {
        tiny = new TinyTraining(dir);
        spark = new SparkStepsProvider().open(new ClusterSteps.Spec("local[2]", Map.of("spark.ui.enabled", "false"),
                2, "scalar"));
    }

    @AfterAll
    static void stop() {
        spark.close();
        tiny.close();
    }

    private static ScoreConfig config(List<String> schedule) {
        return ConfigTree.with(TinyRun.config(schedule), "problems_per_step", IntNode.valueOf(PROBLEMS));
    }

    @Test
    void theFirstStepDrawsTheTokensOneProcessDrawsAndTakesTheSameUpdate() throws Exception {
        ScoreConfig config = config(List.of("II:1"));
        List<Problem> batch = tiny.task.problems(Split.TRAIN, PROBLEMS, 3);
        CausalLm reference = CausalLms.load(tiny.base, tiny.backend);
        Taken here = take(PolicySteps.IN_PROCESS, config, reference, batch);
        Taken there = take(spark, config, reference, batch);

        assertEquals(PROBLEMS * config.samplesPerProblem(), there.outcome.rollouts().size());
        for (int i = 0; i < here.outcome.rollouts().size(); i++) {
            Rollout expected = here.outcome.rollouts().get(i);
            Rollout actual = there.outcome.rollouts().get(i);
            assertArrayEquals(expected.conversation().tokens(), actual.conversation().tokens(), "row " + i);
            assertArrayEquals(expected.samplerLogProbs(), actual.samplerLogProbs(), 0f, "row " + i);
            assertEquals(expected.reward2(), actual.reward2(), "row " + i);
        }
        PolicyGradientStep.Stats a = here.outcome.stats();
        PolicyGradientStep.Stats b = there.outcome.stats();
        assertTrue(a.gradNorm() > 0, "the batch has a gradient");
        assertEquals(a.tokens(), b.tokens());
        assertEquals(a.loss(), b.loss(), 1e-6 * (1 + Math.abs(a.loss())), "loss");
        assertEquals(a.gradNorm(), b.gradNorm(), 1e-5 * a.gradNorm(), "gradient norm");
        assertEquals(a.kl2(), b.kl2(), 1e-6, "KL over attempt 2");
        here.policy.parameters().forEach((name, p) -> assertArrayEquals(p.toArray(),
                there.policy.parameters().get(name).toArray(), 1e-6f, "the updated " + name));
    }

    private record Taken(CausalLm policy, PolicyStep.Outcome outcome) {
    }

    private static Taken take(PolicySteps steps, ScoreConfig config, CausalLm reference, List<Problem> batch) {
        CausalLm policy = CausalLms.load(tiny.base, tiny.backend);
        AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
        RolloutSampler sampler = new RolloutSampler(tiny.protocol, tiny.task.verifier(), config.maxAttemptTokens());
        PolicyGradientStep update = new PolicyGradientStep(KlEstimator.parse(config.klEstimator()), config.clipNorm());
        try (PolicyStep step = steps.open(config, sampler, update, reference)) {
            return new Taken(policy, step.take(policy, optimizer, 1e-3f, batch, 77L,
                    Method.SCORE.objective("II", config)));
        }
    }

    @Test
    void twentyStepsRepeatThemselvesAndFollowOneProcess() throws Exception {
        ScoreConfig config = config(List.of("I:10", "II:10"));
        List<JsonNode> here = tiny.train(PolicySteps.IN_PROCESS, config, "one-process");
        List<JsonNode> first = tiny.train(spark, config, "spark-1");
        List<JsonNode> second = tiny.train(spark, config, "spark-2");
        assertEquals(20, first.size());
        for (int s = 0; s < 20; s++) {
            for (String key : List.of("loss", "grad_norm", "kl_t1", "kl_t2", "entropy", "reward_t1", "reward_t2")) {
                assertEquals(first.get(s).get(key).asDouble(), second.get(s).get(key).asDouble(), 0,
                        "step " + s + "'s " + key + " repeats exactly");
            }
            assertEquals(here.get(s).get("reward_t2").asDouble(), first.get(s).get("reward_t2").asDouble(), 0,
                    "step " + s + " draws what one process draws");
            assertEquals(here.get(s).get("loss").asDouble(), first.get(s).get("loss").asDouble(), LOSS_TOLERANCE,
                    "step " + s + "'s loss");
        }
        assertTrue(first.get(19).get("kl_t2").asDouble() > 0, "the steps move the policy away from the base: "
                + first.get(19));
    }
}
