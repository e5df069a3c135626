package dev.score.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.Checkpoint;
import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.compare.SeedsDirectory;
import dev.score.rl.compare.SeedsJob;
import dev.score.rl.compare.SeedsPlan;
import dev.score.rl.compare.SweepSpec;
import dev.score.rl.train.ClusterSteps;
import dev.score.rl.train.JobResults;
import dev.score.rl.train.Method;
import dev.score.rl.train.PolicySteps;
import dev.score.rl.train.RunDirectory;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.TrainJob;
import dev.score.rl.math.MathJsonl;
import dev.score.rl.task.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: the main job (base model → evaluation → SCoRe → evaluation → run directory). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run SCoRe end to end on the built-in task: base model (cached), evaluation, multi-turn RL, "
                + "evaluation; writes the run directory and prints the paper's table (with --seeds or --sweep: each "
                + "seed's run, then the seeds combined).")
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

    @Option(names = "--task", description = "chain (the default), math, code or check (same as --set task=…).")
    String task;

    @Option(names = "--method", description = "score (default), naive_multi_turn, no_stage_one, no_shaping, "
            + "single_turn, star_stage_two, self_refine, star_d, star_d_plus or pair_sft.")
    String method;

    @Option(names = "--compare", description = "Run every method on the same base model and data and print the "
            + "paper's comparison tables (Table 3: baselines; Table 5: ablations).")
    boolean compare;

    @Option(names = "--seeds", paramLabel = "N", description = "Run N seeds (the config's seed, then each next one), "
            + "each a complete run in OUT/seed-S/ from the same base model, and combine them: mean ± standard deviation "
            + "over seeds, each seed's paired intervals and the intervals pooled over (seed, problem) pairs "
            + "(summary.json, report.html).")
    @Range(min = 1, max = SeedsPlan.MAX_SEEDS, why = "each seed trains every method")
    Integer seeds;

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2[,V3]", description = "Before the seeds, train every method once "
            + "per value of one numeric hyperparameter on the first seed (e.g. learning_rate=3e-5,1e-4,3e-4), keep "
            + "for each method the value with the best validation Acc@t2 (sweep.json) and train every seed with it; "
            + "the test split is evaluated for the chosen values only. self_refine is not swept.")
    String sweep;

    @Option(names = "--resume", description = "Continue the run in this directory (what --out wrote) from its last "
            + "checkpoint, with the run's recorded config.json (and plan.json for --seeds and --sweep): --out, "
            + "--config, --set, --task, --method, --compare, --seeds and --sweep are refused with it.")
    Path resume;

    @Option(names = "--model", description = "Base model directory to start from (config.json, model.safetensors, "
            + "tokenizer.json), e.g. one written by pretrain or downloaded from Hugging Face (then its chat template "
            + "frames the conversation). Default: the cached base model, pretrained on first use. A resumed run goes "
            + "on from the base model it started from.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", description = "Train on the problems of a MATH-format JSON Lines "
            + "file (problem, and solution with \\boxed{} or answer) instead of a built-in task; validation and test "
            + "problems are carved from it by a hash of the statement unless --eval-data (same as --set data=…). "
            + "Needs --model.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE", description = "With --data: the test split is every problem "
            + "of this MATH-format file, up to test_problems (same as --set eval_data=…).")
    Path evalData;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        backendOptions.check();
        ScoreConfig config;
        Optional<SeedsPlan> plan;
        Path dir;
        if (resume != null) {
            refuseSettingsWithResume();
            RunDirectory previous = new RunDirectory(resume);
            OptionPaths.directory("--resume", resume);
            if (Files.isRegularFile(resume.resolve(Checkpoint.MODEL_FILE))) {
                throw new UserError(OptionPaths.where("--resume", resume) + "a model directory (config.json + "
                        + "model.safetensors), not a run directory; --resume takes the directory that train --out "
                        + "wrote (its config.json, metrics.jsonl and checkpoint/)");
            }
            if (!Files.isRegularFile(previous.config())) {
                throw new UserError(OptionPaths.where("--resume", resume) + "no config.json there; is it a run "
                        + "directory?");
            }
            Path parent = resume.toAbsolutePath().normalize().getParent();
            if (parent != null && SeedsDirectory.holdsSeeds(parent)) {
                // A seed's run alone would train with the job's config, not with the values its sweep chose.
                throw new UserError(OptionPaths.where("--resume", resume) + "one seed of the run " + parent
                        + " (its plan.json); resume that whole run: --resume " + parent);
            }
            config = Hyperparameters.recorded("--resume", previous.config());
            plan = SeedsDirectory.holdsSeeds(resume) ? Optional.of(SeedsPlan.read(new SeedsDirectory(resume).plan()))
                    : Optional.empty();
            dir = resume;
        } else {
            if (out != null) {
                OptionPaths.writableDirectory("--out", out);
                if (Files.exists(new RunDirectory(out).config())) {
                    throw new UserError("--out " + out + " already holds a run; continue it with --resume " + out
                            + ", or choose another --out");
                }
            }
            if (model != null) {
                OptionPaths.modelDirectory("--model", model);
            }
            Hyperparameters hyperparameters = resolve();
            config = hyperparameters.build(configFile != null ? configFile + " with the command line"
                    : "the command line");
            Optional<SweepSpec> sweepSpec = sweep == null ? Optional.empty()
                    : Optional.of(SweepOption.parse(sweep, hyperparameters, config));
            plan = seeds != null || sweep != null ? Optional.of(new SeedsPlan(seeds != null ? seeds : 1, sweepSpec))
                    : Optional.empty();
            dir = out != null ? out : Path.of("runs", config.task() + "-" + String.join("+", config.methods())
                    + plan.map(p -> "-seeds" + p.seeds()).orElse("") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (plan.isPresent()) {
            runSeeds(config, plan.get(), dir);
        } else {
            runOne(config, dir);
        }
        System.out.println("run directory: " + dir);
        return 0;
    }

    private void runOne(ScoreConfig config, Path dir) throws Exception {
        JobResults results;
        TrainJob job = new TrainJob(config, new RunDirectory(dir), BaseModelCache.inWorkingDirectory(),
                BaseModelConfig.defaults());
        try (Backend backend = backendOptions.open(); Steps steps = steps()) {
            job = model != null ? job.withBaseModel(model) : job;
            results = job.withPolicySteps(steps.policySteps()).run(backend);
        }
        System.out.print(results.table());
    }

    private void runSeeds(ScoreConfig config, SeedsPlan plan, Path dir) throws Exception {
        SeedsJob job = new SeedsJob(config, plan, new SeedsDirectory(dir), BaseModelCache.inWorkingDirectory(),
                BaseModelConfig.defaults(), System.err);
        SeedsJob.Result result;
        try (Backend backend = backendOptions.open(); Steps steps = steps()) {
            job = model != null ? job.withBaseModel(model) : job;
            result = job.withPolicySteps(steps.policySteps()).run(backend);
        }
        result.sweepTable().ifPresent(table -> System.out.print(table + "\n"));
        System.out.print(result.summary().table());
    }

    /** Where the job's RL steps run: on the --spark cluster, closed with the job, or in this process. */
    private record Steps(Optional<ClusterSteps> cluster) implements AutoCloseable {
        PolicySteps policySteps() {
            return cluster.<PolicySteps>map(c -> c).orElse(PolicySteps.IN_PROCESS);
        }

        @Override
        public void close() {
            cluster.ifPresent(ClusterSteps::close);
        }
    }

    private Steps steps() {
        return new Steps(sparkOptions.open(backendOptions.name));
    }

    /** A resumed run keeps its recorded config.json: an option that would change it is refused, not ignored. */
    private void refuseSettingsWithResume() {
        List<String> given = new ArrayList<>();
        if (out != null) {
            given.add("--out");
        }
        if (configFile != null) {
            given.add("--config");
        }
        if (!overrides.isEmpty()) {
            given.add("--set");
        }
        if (task != null) {
            given.add("--task");
        }
        if (method != null) {
            given.add("--method");
        }
        if (compare) {
            given.add("--compare");
        }
        if (model != null) {
            given.add("--model");
        }
        if (data != null) {
            given.add("--data");
        }
        if (evalData != null) {
            given.add("--eval-data");
        }
        if (seeds != null) {
            given.add("--seeds");
        }
        if (sweep != null) {
            given.add("--sweep");
        }
        if (!given.isEmpty()) {
            throw new UserError("--resume continues a run with its recorded config.json; " + String.join(", ", given)
                    + " cannot change it (start a new run with --out to use other settings)");
        }
    }

    /** A problems file, checked now (readable, and every record well-formed) and recorded by its absolute path. */
    private static com.fasterxml.jackson.databind.JsonNode dataFile(String option, Path file) throws Exception {
        OptionPaths.readableFile(option, file);
        MathJsonl.load(file);
        return JSON.getNodeFactory().textNode(file.toAbsolutePath().normalize().toString());
    }

    private Hyperparameters resolve() throws Exception {
        if (method != null && compare) {
            throw new UserError("--method and --compare exclude each other");
        }
        if (task != null && !Tasks.NAMES.contains(task)) {
            throw new UserError("--task " + OptionPaths.shown(task) + ": unknown task; expected one of " + Tasks.NAMES);
        }
        if (method != null) {
            try {
                Method.parse(method);
            } catch (IllegalArgumentException e) {
                throw new UserError("--method " + OptionPaths.shown(method) + ": unknown method; expected one of "
                        + Method.ids());
            }
        }
        Hyperparameters hyperparameters = new Hyperparameters();
        if (configFile != null) {
            hyperparameters.merge("--config", configFile);
        }
        for (String override : overrides) {
            hyperparameters.set(override);
        }
        if (task != null) {
            hyperparameters.setOption("task", JSON.getNodeFactory().textNode(task));
        }
        if (method != null) {
            hyperparameters.setOption("methods", JSON.valueToTree(List.of(method)));
        }
        if (compare) {
            hyperparameters.setOption("methods", JSON.valueToTree(Method.ids()));
        }
        if (evalData != null && data == null) {
            throw new UserError("--eval-data needs --data: it is the test split of a run on that file");
        }
        if (data != null) {
            if (model == null) {
                throw new UserError("--data needs --model: a base model that reads the file's problems (e.g. a "
                        + "downloaded instruct model); the cached base model knows only the built-in tasks");
            }
            hyperparameters.setOption("data", dataFile("--data", data));
        }
        if (evalData != null) {
            hyperparameters.setOption("eval_data", dataFile("--eval-data", evalData));
        }
        return hyperparameters;
    }
}
