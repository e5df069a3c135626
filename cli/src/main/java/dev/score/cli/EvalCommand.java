package dev.score.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.Rng;
import dev.score.kernels.Backend;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.InferenceScaling;
import dev.score.rl.eval.PairedBootstrap;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.eval.TwoAttemptSampler;
import dev.score.rl.math.MathDatasetTask;
import dev.score.rl.protocol.Protocols;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.task.Tasks;
import dev.score.rl.train.JobResults;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.ScoreTrainer;
import dev.score.rl.train.TrainJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code eval}: two-attempt evaluation, greedy unless a temperature is given, printed as the paper's row and
 * optionally written as JSON.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Two-attempt evaluation, greedy unless --temperature: Accuracy@t1, Accuracy@t2, Δ, Δ^{i→c}, Δ^{c→i}.")
final class EvalCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--model", required = true, description = "Model directory (with tokenizer.json).")
    Path model;

    @Option(names = "--task", defaultValue = Tasks.DEFAULT, description = "chain, math, code or check. "
            + "Default: ${DEFAULT-VALUE}.")
    String taskName;

    @Option(names = "--data", description = "Evaluate on a MATH-format JSON Lines file (problem, solution with "
            + "\\boxed{}, level, type; MATH500's answer and unique_id too), every problem of it up to --problems.")
    Path data;

    @Option(names = "--prompt-suffix", paramLabel = "TEXT", description = "Appended to every problem statement in the "
            + "first prompt. Default: the task's own (with --data: a request for the final answer in \\boxed{}; none "
            + "for the built-in tasks).")
    String promptSuffix;

    @Option(names = "--split", defaultValue = "test", description = "train, validation or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Range(min = 1, max = ScoreConfig.MAX_PROBLEMS, why = "the problems and their attempts are held in memory")
    @Option(names = "--problems", defaultValue = "2000", description = "How many problems, 1 to 100000. "
            + "Default: ${DEFAULT-VALUE}.")
    int count;

    @Range(min = 1, max = 65536)
    @Option(names = "--max-attempt-tokens", defaultValue = "64", description = "Tokens per attempt, 1 to 65536; "
            + "a problem whose prompt and two such attempts exceed the model's n_positions is counted as "
            + "unanswered (too_long). Default: ${DEFAULT-VALUE}.")
    int maxAttemptTokens;

    @Option(names = "--seed", defaultValue = "1", description = "Which problems are drawn. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Range(min = 0, max = 100)
    @Option(names = "--temperature", defaultValue = "0", description = "0 evaluates greedily (the paper's metrics); "
            + "above 0, one sampled two-attempt conversation per problem at this temperature, drawn under --seed "
            + "(e.g. 1.0 to see how often sampling alone corrects an answer: the sampled Δ^{i→c}). "
            + "Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--out", description = "Also write the metrics as JSON to this file (checked before the "
            + "evaluation starts).")
    Path out;

    @Option(names = "--scaling", description = "Also measure inference-time scaling: majority vote over 2K samples "
            + "against K samples each self-corrected once, K = 1, 2, 4, 8, 16, at temperature 0.7 (32 two-attempt "
            + "samples per problem: use fewer --problems, e.g. 100).")
    boolean scaling;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        OptionPaths.modelDirectory("--model", model);
        if (out != null) {
            OptionPaths.writableFile("--out", out);
        }
        backendOptions.check();
        Task task;
        List<Problem> problems;
        if (data != null) {
            OptionPaths.readableFile("--data", data);
            MathDatasetTask dataset = MathDatasetTask.load(data);
            task = dataset;
            problems = dataset.all().subList(0, Math.min(count, dataset.all().size()));
        } else {
            if (!Tasks.NAMES.contains(taskName)) {
                throw new UserError("--task " + OptionPaths.shown(taskName) + ": unknown task; expected one of "
                        + Tasks.NAMES);
            }
            Split chosen;
            try {
                chosen = Split.parse(split);
            } catch (IllegalArgumentException e) {
                throw new UserError("--split " + OptionPaths.shown(split) + ": unknown split; expected train, "
                        + "validation or test");
            }
            task = Tasks.named(taskName);
            problems = task.problems(chosen, count, seed);
        }
        SelfCorrectionProtocol protocol = Protocols.forModel(model, task.correctionInstruction(),
                promptSuffix != null ? promptSuffix : task.promptSuffix());
        SelfCorrectionMetrics metrics;
        try (Backend backend = backendOptions.open()) {
            CausalLm gpt = CausalLms.load(model, backend);
            int context = gpt.config().nPositions();
            if (protocol.longestConversation(protocol.shortestFirstPrompt(), maxAttemptTokens) > context) {
                String suffix = promptSuffix == null ? "" : " with --prompt-suffix (" + (protocol.shortestFirstPrompt()
                        - 1) + " tokens of prompt without the problem)";
                throw new UserError("--max-attempt-tokens " + maxAttemptTokens + suffix + ": two attempts of that "
                        + "length and the instruction leave no room for a problem in n_positions = " + context);
            }
            List<AttemptPair> pairs = temperature == 0
                    ? ScoreTrainer.evaluate(gpt, protocol, task, problems, maxAttemptTokens, "eval")
                    : new TwoAttemptSampler(gpt, protocol, task, maxAttemptTokens, 64).run(problems, temperature,
                            new Rng(seed), "eval at temperature " + temperature);
            metrics = SelfCorrectionMetrics.of(pairs, task);
            JobResults results = JobResults.of(Map.of(label(model), metrics), Map.of(label(model), pairs), seed);
            System.out.print(results.table());
            if (metrics.tooLong() > 0) {
                System.out.println("too long: " + metrics.tooLong() + " of " + metrics.problems() + " problems do not "
                        + "fit n_positions = " + context + " with two attempts of " + maxAttemptTokens + " tokens; "
                        + "they count as wrong at both attempts");
            }
            ObjectNode json = TrainJob.json(metrics);
            json.put("too_long", metrics.tooLong());
            json.put("temperature", temperature);
            PairedBootstrap.Interval delta = results.deltaIntervals().get(label(model));
            json.putArray("delta_ci95").add(delta.low()).add(delta.high());
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

    /** The table's row label: the model directory's name, whatever it is (a run's best/ included). */
    private static String label(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name != null ? name.toString() : dir.toString();
    }

    private ArrayNode scaling(CausalLm gpt, SelfCorrectionProtocol protocol, Task task, List<Problem> problems) {
        int n = InferenceScaling.samplesPerProblem();
        List<AttemptPair> flat = new TwoAttemptSampler(gpt, protocol, task, maxAttemptTokens, 64)
                .run(InferenceScaling.repeated(problems), 0.7, new Rng(seed), "scaling");
        List<List<AttemptPair>> grouped = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += n) {
            grouped.add(flat.subList(i, i + n));
        }
        ArrayNode points = MAPPER.createArrayNode();
        System.out.println("| K | majority@2K (parallel) | majority over K self-corrections (sequential) | "
                + "sequential − parallel (95% CI) |");
        System.out.println("|---|---|---|---|");
        for (InferenceScaling.Point p : InferenceScaling.measure(grouped, task, seed)) {
            PairedBootstrap.Interval gap = p.sequentialMinusParallel();
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %+.1f [%+.1f, %+.1f] |%n", p.k(), 100 * p.parallel(),
                    100 * p.sequential(), 100 * gap.estimate(), 100 * gap.low(), 100 * gap.high());
            points.addObject().put("k", p.k()).put("parallel", p.parallel()).put("sequential", p.sequential())
                    .put("sequential_minus_parallel", gap.estimate()).put("ci95_low", gap.low())
                    .put("ci95_high", gap.high());
        }
        return points;
    }
}
