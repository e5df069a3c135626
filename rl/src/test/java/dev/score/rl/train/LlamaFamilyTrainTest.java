package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.LlamaModel;
import dev.score.engine.io.LlamaConfig;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BasePretraining;
import dev.score.rl.math.MathTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RL layer runs unchanged on a Llama-family base: pretrained by {@code pretrain --family}, trained by SCoRe. */
class LlamaFamilyTrainTest {
    @Test
    void scoreTrainsAQwen3BaseEndToEnd(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base");
        ScoreConfig config = TinyRun.config("math", List.of("score"), List.of("I:1", "II:1"));
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        try (Backend backend = Backends.create("vector", 2)) {
            CausalLm pretrained = BasePretraining.run(new MathTask(), TinyRun.BASE, LlamaConfig.QWEN3, backend, base);
            LlamaConfig shape = assertInstanceOf(LlamaConfig.class, pretrained.config());
            assertEquals(List.of(LlamaConfig.QWEN3, 2, 1), List.of(shape.modelType(), shape.numAttentionHeads(),
                    shape.numKeyValueHeads()), "half as many key/value heads");
            new TrainJob(config, run, new BaseModelCache(dir.resolve("cache")), TinyRun.BASE).withBaseModel(base)
                    .run(backend);

            JsonNode metrics = new ObjectMapper().readTree(run.finalMetrics().toFile());
            for (String method : List.of("base", "score")) {
                double acc2 = metrics.get("methods").get(method).get("acc_t2").asDouble();
                assertTrue(acc2 >= 0 && acc2 <= 1, method + " acc_t2 = " + acc2);
            }
            CausalLm trained = CausalLms.load(run.method("score").best(), backend);
            assertInstanceOf(LlamaModel.class, trained);
            List<String> steps = Files.readAllLines(run.method("score").stepMetrics());
            assertEquals(2, steps.size(), "a Stage I and a Stage II step, logged: " + steps);
        }
    }
}
