package dev.score.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.train.ClusterSteps;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {
    @Test
    void executorsGetTheVectorModuleEvenBesideOptionsOfTheirOwn() {
        SparkConf conf = SparkSettings.conf(new ClusterSteps.Spec("spark://h:7077",
                Map.of(SparkSettings.EXECUTOR_OPTIONS, "-Xss4m", "spark.executor.memory", "3g"), 4, "vector"));
        String options = conf.get(SparkSettings.EXECUTOR_OPTIONS);
        assertTrue(options.startsWith("-Xss4m "), options);
        assertTrue(options.contains("--add-modules=jdk.incubator.vector"), options);
        assertEquals("3g", conf.get("spark.executor.memory"));
        assertEquals("spark://h:7077", conf.get("spark.master"));
    }

    @Test
    void aWorkerWithoutTheVectorModuleRefusesEveryBackendButTheReference() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WorkerModels.requireVectorModule("vector", false));
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> WorkerModels.requireVectorModule("auto", false));
        WorkerModels.requireVectorModule("scalar", false);
        WorkerModels.requireVectorModule("vector", true);
    }
}
