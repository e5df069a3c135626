package dev.score.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.Gpt2Model;
import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.task.Tasks;
import dev.score.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job, end to end: the base model (from the cache, or pretrained once), a greedy evaluation of
 * it, RL with the configured method, a greedy evaluation of the best policy, then {@code metrics.json}
 * and the paper's table. Everything lands in the run directory.
 */
public final class TrainJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ScoreConfig config;
    private final RunDirectory run;
    private final BaseModelCache cache;

    public TrainJob(ScoreConfig config, RunDirectory run, BaseModelCache cache) {
        this.config = config;
        this.run = run;
        this.cache = cache;
    }

    /** Runs the job; returns each method's test metrics, the base model first. */
    public Map<String, SelfCorrectionMetrics> run(Backend backend) throws IOException {
        Task task = Tasks.named(config.task());
        Files.createDirectories(run.root());
        JSON.writeValue(run.config().toFile(), config);
        Path baseDir = cache.ensure(task, BaseModelConfig.defaults(), backend);
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(baseDir),
                task.correctionInstruction());
        List<Problem> test = task.problems(Split.TEST, config.testProblems(), config.seed());

        Map<String, SelfCorrectionMetrics> results = new LinkedHashMap<>();
        Gpt2Model reference = Gpt2Model.load(baseDir, backend);
        results.put("base", evaluate(reference, protocol, task, test, "test: base"));

        Gpt2Model policy = Gpt2Model.load(baseDir, backend);
        ScoreTrainer trainer = new ScoreTrainer(config, task, protocol, run);
        Gpt2Model best = trainer.train(policy, reference, config.method());
        results.put(config.method(), evaluate(best, protocol, task, test, "test: " + config.method()));

        writeMetrics(task, results);
        return results;
    }

    private SelfCorrectionMetrics evaluate(Gpt2Model model, SelfCorrectionProtocol protocol, Task task,
            List<Problem> problems, String label) {
        List<AttemptPair> pairs = ScoreTrainer.evaluate(model, protocol, task, problems, config.maxAttemptTokens(), label);
        return SelfCorrectionMetrics.of(pairs, task);
    }

    private void writeMetrics(Task task, Map<String, SelfCorrectionMetrics> results) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.name());
        ObjectNode methods = root.putObject("methods");
        results.forEach((name, m) -> {
            ObjectNode entry = methods.putObject(name);
            entry.put("acc_t1", m.accT1());
            entry.put("acc_t2", m.accT2());
            entry.put("delta", m.delta());
            entry.put("delta_i2c", m.deltaI2C());
            entry.put("delta_c2i", m.deltaC2I());
            entry.put("changed_answer_rate", m.changedAnswerRate());
            entry.put("parseable_rate", m.parseableRate());
            entry.put("mean_edit_ratio", m.meanEditRatio());
            entry.set("edit_ratio_histogram", JSON.valueToTree(m.editRatioHistogram()));
            entry.put("problems", m.problems());
        });
        JSON.writeValue(run.finalMetrics().toFile(), root);
    }

    /** The paper's table: one row per method, in percent. */
    public static String table(Map<String, SelfCorrectionMetrics> results) {
        StringBuilder out = new StringBuilder("| method | Acc@t1 | Acc@t2 | Δ(t1,t2) | Δ^{i→c} | Δ^{c→i} |\n");
        out.append("|---|---|---|---|---|---|\n");
        results.forEach((name, m) -> out.append(m.row(name)).append('\n'));
        return out.toString();
    }
}
