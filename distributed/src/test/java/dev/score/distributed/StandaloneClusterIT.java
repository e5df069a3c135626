package dev.score.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.train.ClusterSteps;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.Method;
import dev.score.rl.train.PolicySteps;
import dev.score.rl.train.RunDirectory;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.ScoreTrainer;
import dev.score.rl.train.TinyRun;
import dev.score.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 6;
    private static final List<String> COMPARED = List.of("loss", "grad_norm", "kl_t1", "kl_t2", "entropy",
            "reward_t1", "reward_t2");

    @TempDir
    static Path dir;
    static Backend backend;
    static Path base;
    static EvenLengthTask task;
    static SelfCorrectionProtocol protocol;
    static StandaloneCluster cluster;
    static ScoreConfig config;

    @BeforeAll
    static void start() throws Exception {
        backend = Backends.create("scalar", 1);
        base = TinyRun.baseModel(backend, dir.resolve("base"));
        task = new EvenLengthTask();
        protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        config = ConfigTree.with(TinyRun.config(List.of("I:3", "II:3")), "problems_per_step", IntNode.valueOf(4));
        cluster = StandaloneCluster.start(dir.resolve("cluster"), Path.of(System.getProperty("engine.spark")), 2,
                "1g");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        backend.close();
    }

    @Test
    void aTinyJobOnTwoWorkersFollowsOneProcess() throws Exception {
        List<JsonNode> here = train(PolicySteps.IN_PROCESS, "one-process");
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
            return train(steps, name);
        }
    }

    private static List<JsonNode> train(PolicySteps steps, String name) throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve(name));
        Files.createDirectories(run.root());
        CausalLm reference = CausalLms.load(base, backend);
        new ScoreTrainer(config, Method.SCORE, task, protocol, run, steps).train(CausalLms.load(base, backend),
                reference, name);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.stepMetrics())) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
