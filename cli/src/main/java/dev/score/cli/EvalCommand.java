package dev.score.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.Rng;
import dev.score.rl.eval.InferenceScaling;
import dev.score.rl.eval.TwoAttemptSampler;
import dev.score.rl.task.Problem;
import java.util.ArrayList;
import java.util.Locale;
import dev.score.engine.Gpt2Model;
import dev.score.kernels.Backend;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.math.MathDatasetTask;
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
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--model", required = true, description = "Model directory (with tokenizer.json).")
    Path model;

    @Option(names = "--task", defaultValue = "math", description = "math or code. Default: ${DEFAULT-VALUE}.")
    String taskName;

    @Option(names = "--data", description = "Evaluate on a MATH-format JSON Lines file (problem, solution with "
            + "\\boxed{}, level, type; MATH500's answer and unique_id too), every problem of it up to --problems.")
    Path data;

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

    @Option(names = "--scaling", description = "Also measure inference-time scaling: majority vote over 2K samples "
            + "against K samples each self-corrected once, K = 1, 2, 4, 8, 16, at temperature 0.7 (32 two-attempt "
            + "samples per problem: use fewer --problems, e.g. 100).")
    boolean scaling;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new UserError("--problems must be ≥ 1, got " + count);
        }
        Task task;
        List<Problem> problems;
        if (data != null) {
            MathDatasetTask dataset = MathDatasetTask.load(data);
            task = dataset;
            problems = dataset.all().subList(0, Math.min(count, dataset.all().size()));
        } else {
            task = Tasks.named(taskName);
            problems = task.problems(Split.parse(split), count, seed);
        }
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(model), task.correctionInstruction());
        SelfCorrectionMetrics metrics;
        try (Backend backend = backendOptions.open()) {
            Gpt2Model gpt = Gpt2Model.load(model, backend);
            List<AttemptPair> pairs = ScoreTrainer.evaluate(gpt, protocol, task, problems, maxAttemptTokens, "eval");
            metrics = SelfCorrectionMetrics.of(pairs, task);
            System.out.print(TrainJob.table(Map.of(model.getFileName().toString(), metrics)));
            ObjectNode json = TrainJob.json(metrics);
            if (scaling) {
                json.set("inference_scaling", scaling(gpt, protocol, task, problems));
            }
            if (out != null) {
                MAPPER.writeValue(out.toFile(), json);
                System.out.println("wrote " + out);
            }
        }
        return 0;
    }

    private ArrayNode scaling(Gpt2Model gpt, SelfCorrectionProtocol protocol, Task task, List<Problem> problems) {
        int n = InferenceScaling.samplesPerProblem();
        List<AttemptPair> flat = new TwoAttemptSampler(gpt, protocol, task, maxAttemptTokens, 64)
                .run(InferenceScaling.repeated(problems), 0.7, new Rng(seed), "scaling");
        List<List<AttemptPair>> grouped = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += n) {
            grouped.add(flat.subList(i, i + n));
        }
        ArrayNode points = MAPPER.createArrayNode();
        System.out.println("| K | majority@2K (parallel) | majority over K self-corrections (sequential) |");
        System.out.println("|---|---|---|");
        for (InferenceScaling.Point p : InferenceScaling.measure(grouped, task)) {
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f |%n", p.k(), 100 * p.parallel(), 100 * p.sequential());
            points.addObject().put("k", p.k()).put("parallel", p.parallel()).put("sequential", p.sequential());
        }
        return points;
    }
}
