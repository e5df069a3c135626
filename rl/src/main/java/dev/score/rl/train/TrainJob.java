package dev.score.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.io.AtomicFiles;
import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.PairedBootstrap;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.report.Report;
import dev.score.rl.task.LevelMix;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.util.DirectoryLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job, end to end: the base model (from the cache, or pretrained once), a greedy evaluation of
 * it, then for each configured method RL from that same base model and a greedy evaluation of its best
 * policy, then {@code metrics.json}, {@code outcomes.jsonl}, {@code report.html} and the paper's table.
 * Everything lands in the run directory, each method's training files in a subdirectory named after it,
 * unless {@linkplain #withMethodPlans a plan} puts them elsewhere (a sweep's run of the value it chose).
 */
public final class TrainJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SAMPLES = 8;

    private final ScoreConfig config;
    private final RunDirectory run;
    private final BaseModelCache cache;
    private final BaseModelConfig baseConfig;
    private final Path baseModel;
    private final Map<String, MethodPlan> plans;
    private final PolicySteps steps;

    public TrainJob(ScoreConfig config, RunDirectory run, BaseModelCache cache, BaseModelConfig baseConfig) {
        this(config, run, cache, baseConfig, null, Map.of(), PolicySteps.IN_PROCESS);
    }

    private TrainJob(ScoreConfig config, RunDirectory run, BaseModelCache cache, BaseModelConfig baseConfig,
            Path baseModel, Map<String, MethodPlan> plans, PolicySteps steps) {
        this.config = config;
        this.run = run;
        this.cache = cache;
        this.baseConfig = baseConfig;
        this.baseModel = baseModel;
        this.plans = Map.copyOf(plans);
        this.steps = steps;
    }

    /**
     * Runs the job; returns each method's test metrics and intervals, the base model first. The run directory is locked
     * for the whole job, so a second process cannot write it at the same time.
     */
    public JobResults run(Backend backend) throws IOException {
        try (DirectoryLock lock = run.lock()) {
            return runLocked(backend);
        }
    }

    /**
     * This job with {@code dir} as its base model instead of the cache's (a model directory with its
     * tokenizer, e.g. one written by {@code pretrain}).
     */
    public TrainJob withBaseModel(Path dir) {
        return new TrainJob(config, run, cache, baseConfig, dir, plans, steps);
    }

    /**
     * This job with the methods of {@code methodPlans} trained as their plans say (other settings, another
     * directory); the others train with the job's config in {@code METHOD/}.
     */
    public TrainJob withMethodPlans(Map<String, MethodPlan> methodPlans) {
        return new TrainJob(config, run, cache, baseConfig, baseModel, methodPlans, steps);
    }

    /** This job with every RL step run where {@code policySteps} runs it (e.g. on a Spark cluster). */
    public TrainJob withPolicySteps(PolicySteps policySteps) {
        return new TrainJob(config, run, cache, baseConfig, baseModel, plans, policySteps);
    }

    private MethodPlan plan(String method) {
        return plans.getOrDefault(method, new MethodPlan(JSON.createObjectNode(), run.method(method)));
    }

    private JobResults runLocked(Backend backend) throws IOException {
        Task task = RunTask.of(config);
        AtomicFiles.write(run.config(), JSON.writeValueAsBytes(config));
        Path baseDir = run.baseModel(() -> baseModel != null ? baseModel
                : RunTask.cachedBase(config, task, cache, baseConfig, backend));
        SelfCorrectionProtocol protocol = RunTask.protocol(config, task, baseDir, task.correctionInstruction());
        List<Problem> test = task.problems(Split.TEST, config.testProblems(), config.seed());
        if (config.evalData().isEmpty()) {
            // Both splits come from one source, so a different mix is the source running out, which a size can fix.
            LevelMix.mismatch(test, task.problems(Split.VALIDATION, config.validationProblems(), config.seed()))
                    .ifPresent(mismatch -> System.err.println("warning: " + mismatch));
        }

        Map<String, List<AttemptPair>> untrained = evaluateUntrained(baseDir, backend, protocol, task, test);
        Map<String, List<AttemptPair>> outcomes = new LinkedHashMap<>();
        outcomes.put("base", untrained.get("base"));
        CausalLm reference = CausalLms.load(baseDir, backend);
        MethodTraining training = new MethodTraining(task, protocol, baseDir, reference, steps);
        for (String name : config.methods()) {
            Method method = Method.parse(name);
            if (method == Method.SELF_REFINE) {
                outcomes.put(name, untrained.get(name));
                continue;
            }
            MethodPlan plan = plan(name);
            CausalLm trained = training.train(method, plan.config(config), plan.dir(), name).policy();
            outcomes.put(name, evaluate(trained, protocol, task, test, "test: " + name));
        }

        Map<String, SelfCorrectionMetrics> metrics = new LinkedHashMap<>();
        outcomes.forEach((name, pairs) -> metrics.put(name, SelfCorrectionMetrics.of(pairs, task)));
        JobResults results = JobResults.of(metrics, outcomes, config.seed());
        OutcomesFile.write(run.outcomes(), outcomes);
        writeMetrics(task, results);
        writeSamples(outcomes);
        Report.write(run);
        return results;
    }

    /**
     * The base model's test outcomes, and self_refine's when the config lists it. The model is loaded here
     * and let go on return: decoding gave it a packed copy of its weights (for a 0.5B model, 2 GB), so the
     * frozen reference of training is loaded anew, without one.
     */
    private Map<String, List<AttemptPair>> evaluateUntrained(Path baseDir, Backend backend,
            SelfCorrectionProtocol protocol, Task task, List<Problem> test) throws IOException {
        Map<String, List<AttemptPair>> untrained = new LinkedHashMap<>();
        CausalLm base = CausalLms.load(baseDir, backend);
        untrained.put("base", evaluate(base, protocol, task, test, "test: base"));
        String selfRefine = Method.SELF_REFINE.id();
        if (config.methods().contains(selfRefine)) {
            SelfCorrectionProtocol prompt = RunTask.protocol(config, task, baseDir, protocol.tokenizer(),
                    Method.SELF_REFINE_INSTRUCTION);
            untrained.put(selfRefine, evaluate(base, prompt, task, test, "test: " + selfRefine));
        }
        return untrained;
    }

    private List<AttemptPair> evaluate(CausalLm model, SelfCorrectionProtocol protocol, Task task,
            List<Problem> problems, String label) {
        return ScoreTrainer.evaluate(model, protocol, task, problems, config.maxAttemptTokens(), label);
    }

    /** A few test conversations of each method for the report (see {@link #sampleOf}). */
    private void writeSamples(Map<String, List<AttemptPair>> outcomes) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        outcomes.forEach((name, pairs) -> {
            var list = root.putArray(name);
            for (AttemptPair pair : sampleOf(pairs, SAMPLES)) {
                list.addObject().put("problem", pair.problem().statement()).put("attempt1", pair.attempt1())
                        .put("attempt2", pair.attempt2()).put("correct1", pair.correct1())
                        .put("correct2", pair.correct2());
            }
        });
        JSON.writeValue(run.samples().toFile(), root);
    }

    /**
     * Up to {@code n} of {@code pairs}, so a reader sees what correction looks like: up to half of them
     * wrong→right, up to a quarter right→wrong, the rest the first others; each kind in test order.
     */
    static List<AttemptPair> sampleOf(List<AttemptPair> pairs, int n) {
        List<AttemptPair> fixed = pairs.stream().filter(p -> !p.correct1() && p.correct2()).limit(n / 2).toList();
        List<AttemptPair> broken = pairs.stream().filter(p -> p.correct1() && !p.correct2()).limit(n / 4).toList();
        List<AttemptPair> picked = new ArrayList<>(fixed);
        picked.addAll(broken);
        pairs.stream().filter(p -> !fixed.contains(p) && !broken.contains(p)).limit(n - picked.size())
                .forEach(picked::add);
        return picked;
    }

    /**
     * {@code metrics.json}: each method's {@link #json} with {@code delta_ci95} and, beside SCoRe,
     * {@code score_minus_acc_t2} (estimate) and {@code score_minus_acc_t2_ci95}, each interval as [low, high];
     * for a trained method, {@code trained_in} (its training directory, relative to the run's) and
     * {@code settings} (what its plan sets beside the job's config, e.g. a learning rate a sweep chose).
     */
    private void writeMetrics(Task task, JobResults results) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.name());
        ObjectNode methods = root.putObject("methods");
        results.metrics().forEach((name, m) -> {
            ObjectNode entry = json(m);
            PairedBootstrap.Interval delta = results.deltaIntervals().get(name);
            entry.putArray("delta_ci95").add(delta.low()).add(delta.high());
            results.scoreMinus(name).ifPresent(i -> {
                entry.put("score_minus_acc_t2", i.estimate());
                entry.putArray("score_minus_acc_t2_ci95").add(i.low()).add(i.high());
            });
            if (config.methods().contains(name) && Method.parse(name) != Method.SELF_REFINE) {
                MethodPlan plan = plan(name);
                entry.put("trained_in", run.root().toAbsolutePath().relativize(plan.dir().root().toAbsolutePath())
                        .toString());
                entry.set("settings", plan.settings());
            }
            methods.set(name, entry);
        });
        JSON.writeValue(run.finalMetrics().toFile(), root);
    }

    /**
     * One method's metrics as JSON: the paper's row as fractions in [0, 1] ({@code acc_t1}, {@code acc_t2},
     * {@code delta}, {@code delta_i2c}, {@code delta_c2i}) and the collapse diagnostics.
     */
    public static ObjectNode json(SelfCorrectionMetrics m) {
        ObjectNode entry = JSON.createObjectNode();
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
        return entry;
    }
}
