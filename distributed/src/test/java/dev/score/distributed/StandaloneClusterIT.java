package dev.score.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.score.rl.train.ClusterSteps;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.PolicySteps;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.TinyRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCoRe's steps on a standalone Spark cluster of a master and two one-core workers, each a JVM of its own on
 * 127.0.0.1, whose executors get our jars from the driver. The scalar backend makes every run give the same bits
 * for the same seed and shards, so a run whose executor is killed mid-step must give exactly the steps of one
 * that was left alone: a lost task's gradient recomputed once, never twice and never dropped.
 */
class StandaloneClusterIT {
    private static final int STEPS = 6;
    private static final List<String> COMPARED = List.of("loss", "grad_norm", "kl_t1", "kl_t2", "entropy",
            "reward_t1", "reward_t2");

    @TempDir
    static Path dir;
    static TinyTraining tiny;
    static StandaloneCluster cluster;
    static ScoreConfig config;

    @BeforeAll
    static void start() throws Exception {
        tiny = new TinyTraining(dir);
        config = ConfigTree.with(TinyRun.config(List.of("I:3", "II:3")), "problems_per_step", IntNode.valueOf(4));
        cluster = StandaloneCluster.start(dir.resolve("cluster"), Path.of(System.getProperty("engine.spark")), 2,
                "1g");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        tiny.close();
    }

    @Test
    void aTinyJobOnTwoWorkersFollowsOneProcess() throws Exception {
        List<JsonNode> here = tiny.train(PolicySteps.IN_PROCESS, config, "one-process");
        List<JsonNode> there = onCluster(Map.of(), "cluster");
        assertEquals(STEPS, there.size());
        for (int s = 0; s < STEPS; s++) {
            assertEquals(here.get(s).get("reward_t2").asDouble(), there.get(s).get("reward_t2").asDouble(), 0,
                    "step " + s + " draws what one process draws");
            assertEquals(here.get(s).get("loss").asDouble(), there.get(s).get("loss").asDouble(), 1e-4,
                    "step " + s + "'s loss");
        }
    }

    @Test
    void anExecutorKilledMidStepIsRetriedAndItsGradientCountedOnce() throws Exception {
        List<JsonNode> intact = onCluster(Map.of(), "intact");
        KillOneExecutor.reset();
        List<JsonNode> killed = onCluster(Map.of("spark.extraListeners", KillOneExecutor.class.getName()), "killed");
        assertTrue(KillOneExecutor.KILLED.get(), "an executor JVM was killed");
        assertTrue(KillOneExecutor.FAILED.get() >= 1, "the killed executor's task failed and was retried");
        assertEquals(STEPS, killed.size(), "every step ran once");
        for (int s = 0; s < STEPS; s++) {
            assertEquals(s, killed.get(s).get("step").asInt());
            for (String key : COMPARED) {
                assertEquals(intact.get(s).get(key).asDouble(), killed.get(s).get(key).asDouble(), 0,
                        "step " + s + "'s " + key + " as without the kill");
            }
        }
    }

    private static List<JsonNode> onCluster(Map<String, String> extra, String name) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("spark.ui.enabled", "false", "spark.driver.host",
                "127.0.0.1", "spark.executor.memory", "768m"));
        settings.putAll(extra);
        try (ClusterSteps steps = new SparkStepsProvider().open(new ClusterSteps.Spec(cluster.master(), settings, 2,
                "scalar"))) {
            return tiny.train(steps, config, name);
        }
    }
}
