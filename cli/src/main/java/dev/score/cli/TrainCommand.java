package dev.score.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.train.Method;
import dev.score.rl.train.RunDirectory;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: the main job (base model → evaluation → SCoRe → evaluation → run directory). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run SCoRe end to end on the built-in task: base model (cached), evaluation, multi-turn RL, "
                + "evaluation; writes the run directory and prints the paper's table.")
final class TrainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--out", description = "Run directory (a new one: an existing run continues only with --resume). "
            + "Default: runs/TASK-METHOD-TIMESTAMP.")
    Path out;

    @Option(names = "--config", description = "JSON file of hyperparameters (keys as in the run's config.json).")
    Path configFile;

    @Option(names = "--set", description = "Override one hyperparameter, KEY=VALUE (repeatable), e.g. --set alpha=5 "
            + "--set schedule=I:40,II:80.")
    List<String> overrides = List.of();

    @Option(names = "--task", description = "math or code (same as --set task=…).")
    String task;

    @Option(names = "--method", description = "score (default), naive_multi_turn, no_stage_one, no_shaping, "
            + "single_turn, star_stage_two, self_refine, star_d, star_d_plus or pair_sft.")
    String method;

    @Option(names = "--compare", description = "Run every method on the same base model and data and print the "
            + "paper's comparison tables (Table 3: baselines; Table 5: ablations).")
    boolean compare;

    @Option(names = "--resume", description = "Continue the run in this directory from its last checkpoint.")
    Path resume;

    @Option(names = "--model", description = "Base model directory to start from (config.json, model.safetensors, "
            + "tokenizer.json), e.g. one written by pretrain. Default: the cached base model, pretrained on first use.")
    Path model;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        ScoreConfig config;
        Path dir;
        if (resume != null) {
            RunDirectory previous = new RunDirectory(resume);
            if (!Files.isRegularFile(previous.config())) {
                throw new UserError("--resume " + resume + ": no config.json there; is it a run directory?");
            }
            config = config(JSON.readTree(previous.config().toFile()), previous.config().toString());
            dir = resume;
        } else {
            config = resolve();
            if (out != null && Files.exists(new RunDirectory(out).config())) {
                throw new UserError("--out " + out + " already holds a run; continue it with --resume " + out
                        + ", or choose another --out");
            }
            dir = out != null ? out : Path.of("runs", config.task() + "-" + String.join("+", config.methods()) + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        Map<String, SelfCorrectionMetrics> results;
        TrainJob job = new TrainJob(config, new RunDirectory(dir), BaseModelCache.inWorkingDirectory(),
                BaseModelConfig.defaults());
        try (Backend backend = backendOptions.open()) {
            results = (model != null ? job.withBaseModel(model) : job).run(backend);
        }
        System.out.print(TrainJob.table(results));
        System.out.println("run directory: " + dir);
        return 0;
    }

    private ScoreConfig resolve() throws Exception {
        ObjectNode tree = JSON.valueToTree(ScoreConfig.defaults());
        if (configFile != null) {
            JsonNode file = JSON.readTree(configFile.toFile());
            if (!file.isObject()) {
                throw new UserError(configFile + ": expected a JSON object of hyperparameters");
            }
            file.fields().forEachRemaining(e -> put(tree, e.getKey(), e.getValue(), configFile.toString()));
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--set " + override + ": expected KEY=VALUE");
            }
            String key = override.substring(0, eq);
            String value = override.substring(eq + 1);
            JsonNode parsed = key.equals("schedule")
                    ? JSON.valueToTree(List.of(value.split(",")))
                    : key.equals("methods") ? JSON.valueToTree(List.of(value.split(",")))
                    : tree.has(key) && tree.get(key).isTextual() ? JSON.getNodeFactory().textNode(value)
                    : parseValue(value, override);
            put(tree, key, parsed, "--set");
        }
        if (task != null) {
            tree.put("task", task);
        }
        if (method != null && compare) {
            throw new UserError("--method and --compare exclude each other");
        }
        if (method != null) {
            tree.set("methods", JSON.valueToTree(List.of(method)));
        }
        if (compare) {
            tree.set("methods", JSON.valueToTree(Method.ids()));
        }
        return config(tree, configFile != null ? configFile + " with the command line" : "the command line");
    }

    /** The config a JSON tree describes; a bad value is the user's, named with where it came from. */
    private static ScoreConfig config(JsonNode tree, String source) {
        try {
            return JSON.treeToValue(tree, ScoreConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError(source + ": " + cause.getMessage());
        } catch (JsonProcessingException e) {
            throw new UserError(source + ": " + e.getOriginalMessage());
        }
    }

    private static void put(ObjectNode tree, String key, JsonNode value, String source) {
        if (!tree.has(key)) {
            throw new UserError(source + ": unknown hyperparameter '" + key + "'; known: "
                    + String.join(", ", (Iterable<String>) tree::fieldNames));
        }
        tree.set(key, value);
    }

    private static JsonNode parseValue(String value, String override) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new UserError("--set " + override + ": '" + value + "' is not a number");
        }
    }
}
