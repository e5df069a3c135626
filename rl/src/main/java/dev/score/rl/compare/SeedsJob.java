package dev.score.rl.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.score.engine.CausalLms;
import dev.score.engine.io.AtomicFiles;
import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.report.SummaryReport;
import dev.score.rl.task.Task;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.JobResults;
import dev.score.rl.train.MethodPlan;
import dev.score.rl.train.MethodTraining;
import dev.score.rl.train.PolicySteps;
import dev.score.rl.train.RunTask;
import dev.score.rl.train.ScoreConfig;
import dev.score.rl.train.TrainJob;
import dev.score.rl.util.DirectoryLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A comparison over several seeds, all from one base model: first, when the plan has one, the
 * {@linkplain Sweep sweep} on the first seed (validation only), then for each seed a complete
 * {@link TrainJob} in {@code seed-S/} with each method at the value its sweep chose (the first seed evaluates
 * the sweep's training of that value as it is), then the seeds combined ({@link SeedSummary}) into
 * {@code summary.json} and {@code report.html}. Every part is deterministic, a finished training is loaded
 * rather than repeated ({@code trained.json}) and an unfinished one resumes from its checkpoint, so a stopped
 * job resumes by running it again (its evaluations repeat, to the same numbers); the run directory is locked
 * for the whole job.
 */
public final class SeedsJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the job found: the sweep's table when it swept (else empty) and the seeds combined. */
    public record Result(Optional<String> sweepTable, SeedSummary summary) {
    }

    private final ScoreConfig config;
    private final SeedsPlan plan;
    private final SeedsDirectory dir;
    private final BaseModelCache cache;
    private final BaseModelConfig baseConfig;
    private final Path baseModel;
    private final PrintStream progress;
    private final PolicySteps steps;

    public SeedsJob(ScoreConfig config, SeedsPlan plan, SeedsDirectory dir, BaseModelCache cache,
            BaseModelConfig baseConfig, PrintStream progress) {
        this(config, plan, dir, cache, baseConfig, null, progress, PolicySteps.IN_PROCESS);
    }

    private SeedsJob(ScoreConfig config, SeedsPlan plan, SeedsDirectory dir, BaseModelCache cache,
            BaseModelConfig baseConfig, Path baseModel, PrintStream progress, PolicySteps steps) {
        this.config = config;
        this.plan = plan;
        this.dir = dir;
        this.cache = cache;
        this.baseConfig = baseConfig;
        this.baseModel = baseModel;
        this.progress = progress;
        this.steps = steps;
    }

    /** This job with {@code model} as its base model instead of the cache's. */
    public SeedsJob withBaseModel(Path model) {
        return new SeedsJob(config, plan, dir, cache, baseConfig, model, progress, steps);
    }

    /** This job with every RL step run where {@code policySteps} runs it (e.g. on a Spark cluster). */
    public SeedsJob withPolicySteps(PolicySteps policySteps) {
        return new SeedsJob(config, plan, dir, cache, baseConfig, baseModel, progress, policySteps);
    }

    public Result run(Backend backend) throws IOException {
        try (DirectoryLock lock = dir.run().lock()) {
            return runLocked(backend);
        }
    }

    private Result runLocked(Backend backend) throws IOException {
        Task task = RunTask.of(config);
        AtomicFiles.write(dir.run().config(), JSON.writeValueAsBytes(config));
        plan.write(dir.plan());
        Path base = dir.run().baseModel(() -> baseModel != null ? baseModel
                : RunTask.cachedBase(config, task, cache, baseConfig, backend));

        Map<String, Sweep.Choice> choices = Map.of();
        Optional<String> sweepTable = Optional.empty();
        if (plan.sweep().isPresent()) {
            SelfCorrectionProtocol protocol = RunTask.protocol(config, task, base, task.correctionInstruction());
            Sweep sweep = new Sweep(plan.sweep().get(), config, dir,
                    new MethodTraining(task, protocol, base, CausalLms.load(base, backend), steps));
            choices = sweep.run();
            sweepTable = Optional.of(sweep.table(choices));
            progress.print(sweepTable.get());
        }

        List<Path> seedRuns = new ArrayList<>();
        List<Long> seeds = plan.seedsFrom(config.seed());
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            var run = dir.seed(seed);
            progress.println("seed " + seed + " (" + (i + 1) + " of " + seeds.size() + "): " + run.root());
            Map<String, MethodPlan> plans = new LinkedHashMap<>();
            boolean first = i == 0;
            choices.forEach((method, choice) -> plans.put(method, first ? choice.plan()
                    : new MethodPlan(choice.settings(), run.method(method))));
            JobResults results = new TrainJob(ConfigTree.withSeed(config, seed), run, cache, baseConfig)
                    .withBaseModel(base).withMethodPlans(plans).withPolicySteps(steps).run(backend);
            progress.print("seed " + seed + ":\n" + results.table());
            seedRuns.add(run.root());
        }
        SeedSummary summary = SeedSummary.of(seedRuns);
        summary.write(dir.summary());
        SummaryReport.write(dir.summary(), dir.report());
        return new Result(sweepTable, summary);
    }
}
