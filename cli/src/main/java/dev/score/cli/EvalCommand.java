package dev.score.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.score.engine.Gpt2Model;
import dev.score.kernels.Backend;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.task.Tasks;
import dev.score.rl.train.ScoreTrainer;
import dev.score.rl.train.TrainJob;
import dev.score.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval}: greedy two-attempt evaluation, printed as the paper's row and optionally written as JSON. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Greedy two-attempt evaluation: Accuracy@t1, Accuracy@t2, Δ, Δ^{i→c}, Δ^{c→i}.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (with tokenizer.json).")
    Path model;

    @Option(names = "--task", defaultValue = "math", description = "math or code. Default: ${DEFAULT-VALUE}.")
    String taskName;

    @Option(names = "--split", defaultValue = "test", description = "train, validation or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--problems", defaultValue = "500", description = "How many problems. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--max-attempt-tokens", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int maxAttemptTokens;

    @Option(names = "--seed", defaultValue = "1", description = "Which problems are drawn. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", description = "Also write the metrics as JSON to this file.")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        Task task = Tasks.named(taskName);
        Split which = Split.parse(split);
        if (count < 1) {
            throw new UserError("--problems must be ≥ 1, got " + count);
        }
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(model), task.correctionInstruction());
        SelfCorrectionMetrics metrics;
        try (Backend backend = backendOptions.open()) {
            Gpt2Model gpt = Gpt2Model.load(model, backend);
            List<AttemptPair> pairs = ScoreTrainer.evaluate(gpt, protocol, task, task.problems(which, count, seed),
                    maxAttemptTokens, "eval");
            metrics = SelfCorrectionMetrics.of(pairs, task);
        }
        System.out.print(TrainJob.table(Map.of(model.getFileName().toString(), metrics)));
        if (out != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), TrainJob.json(metrics));
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
