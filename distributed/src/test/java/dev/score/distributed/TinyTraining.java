package dev.score.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.CausalLms;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.protocol.SelfCorrectionProtocol;
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
import java.util.List;

/**
 * What the Spark tests train: TinyRun's base model on the scalar backend (the same bits on every run) and
 * {@link EvenLengthTask}, whose rewards move the policy from the first step.
 */
final class TinyTraining implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Backend backend = Backends.create("scalar", 1);
    final EvenLengthTask task = new EvenLengthTask();
    final Path dir;
    final Path base;
    final SelfCorrectionProtocol protocol;

    TinyTraining(Path dir) throws Exception {
        this.dir = dir;
        this.base = TinyRun.baseModel(backend, dir.resolve("base"));
        this.protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
    }

    /** Trains SCoRe with {@code config} in {@code dir/name} with its steps run by {@code steps}; its step lines. */
    List<JsonNode> train(PolicySteps steps, ScoreConfig config, String name) throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve(name));
        Files.createDirectories(run.root());
        new ScoreTrainer(config, Method.SCORE, task, protocol, run, steps).train(CausalLms.load(base, backend),
                CausalLms.load(base, backend), name);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.stepMetrics())) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Override
    public void close() {
        backend.close();
    }
}
