package dev.score.cli;

import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.kernels.Backend;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.eval.TwoAttemptSampler;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.task.Tasks;
import dev.score.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval}: greedy two-attempt evaluation, printed as the paper's row. */
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

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        Task task = Tasks.named(taskName);
        Split which = Split.valueOf(split.toUpperCase(java.util.Locale.ROOT));
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(model), task.correctionInstruction());
        try (Backend backend = backendOptions.open()) {
            Gpt2Model gpt = Gpt2Model.load(model, backend);
            TwoAttemptSampler sampler = new TwoAttemptSampler(gpt, protocol, task, 96, 64);
            List<AttemptPair> pairs = sampler.run(task.problems(which, count, seed), 0, new Rng(seed), "eval");
            SelfCorrectionMetrics metrics = SelfCorrectionMetrics.of(pairs, task);
            System.out.println(metrics.row("model"));
            System.out.println(metrics);
            for (int i = 0; i < 6; i++) {
                System.out.println(pairs.get(i));
            }
        }
        return 0;
    }
}
