package dev.score.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.Rng;
import dev.score.engine.TrainingDivergedException;
import dev.score.engine.io.CheckpointException;
import dev.score.engine.io.TrainingState;
import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.EditDistance;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.eval.TwoAttemptSampler;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The multi-turn RL loop for every {@link Method}: each step samples {@code k} two-attempt rollouts for a
 * batch of training problems at temperature 1, weighs them by the current phase's {@link StageObjective},
 * and takes one {@link PolicyGradientStep} against the frozen base model. Every {@code eval_every} steps a
 * greedy validation keeps the policy with the best Accuracy@t2 in {@code best/}; every
 * {@code checkpoint_every} steps the policy, AdamW state, step and RNG are saved as one unit in
 * {@code checkpoint/} ({@link Checkpoints}), from which {@link #train} resumes losing at most that interval. A
 * step whose loss or gradient norm is not finite stops the run before the weights change.
 */
public final class ScoreTrainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScoreConfig config;
    private final Method method;
    private final Task task;
    private final SelfCorrectionProtocol protocol;
    private final RunDirectory run;
    private final PolicySteps steps;

    public ScoreTrainer(ScoreConfig config, Method method, Task task, SelfCorrectionProtocol protocol,
            RunDirectory run) {
        this(config, method, task, protocol, run, PolicySteps.IN_PROCESS);
    }

    /** A trainer whose steps sample and update where {@code steps} runs them. */
    public ScoreTrainer(ScoreConfig config, Method method, Task task, SelfCorrectionProtocol protocol,
            RunDirectory run, PolicySteps steps) {
        this.config = config;
        this.method = method;
        this.task = task;
        this.protocol = protocol;
        this.run = run;
        this.steps = steps;
    }

    /**
     * Trains {@code policy} (which starts as a copy of {@code reference}) and returns the best validated
     * policy with its validation Accuracy@t2. With a checkpoint in the run directory, the policy and optimizer
     * resume from it.
     */
    public TrainedPolicy train(CausalLm policy, CausalLm reference, String label) throws IOException {
        List<Problem> trainProblems = task.problems(Split.TRAIN, config.trainProblems(), config.seed());
        AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
        Checkpoints checkpoints = run.checkpoints();
        Optional<Resumed> resumed = resume(checkpoints, policy, optimizer);
        Rng rng = resumed.map(Resumed::rng).orElseGet(() -> new Rng(config.seed()));
        long start = resumed.map(Resumed::step).orElse(0L);
        Path lastSave = resumed.map(Resumed::dir).orElse(null);
        run.truncateStepsFrom(start);

        RolloutSampler sampler = new RolloutSampler(protocol, task.verifier(), config.maxAttemptTokens());
        PolicyGradientStep update = new PolicyGradientStep(KlEstimator.parse(config.klEstimator()), config.clipNorm());
        GreedyValidation validation = new GreedyValidation(config, task, protocol, policy, run.best(),
                resumed.map(Resumed::bestAccuracy).orElse(-1.0));
        int total = config.totalSteps();
        try (ProgressBar progress = new ProgressBar(label, total);
                PolicyStep policyStep = steps.open(config, sampler, update, reference)) {
            progress.advance(start);
            for (long step = start; step < total; step++) {
                String stage = stageAt(step);
                StageObjective objective = method.objective(stage, config);
                List<Problem> batch = new ArrayList<>(config.problemsPerStep());
                for (int i = 0; i < config.problemsPerStep(); i++) {
                    batch.add(trainProblems.get(rng.nextInt(trainProblems.size())));
                }
                long t0 = System.nanoTime();
                PolicyStep.Outcome outcome;
                try {
                    outcome = policyStep.take(policy, optimizer, (float) config.learningRate(stage), batch,
                            rng.nextLong(), objective);
                } catch (TrainingDivergedException e) {
                    throw new TrainingDivergedException(label + ", step " + step + ": " + e.getMessage() + "; "
                            + (lastSave == null ? "no checkpoint was written yet" : "the last good checkpoint is "
                                    + lastSave) + " (try a lower learning_rate)", e);
                }
                List<Rollout> rollouts = outcome.rollouts();
                PolicyGradientStep.Stats stats = outcome.stats();
                double seconds = (System.nanoTime() - t0) / 1e9;

                ObjectNode line = stepLine(step, objective, rollouts, stats, seconds);
                boolean last = step + 1 == total;
                if ((step + 1) % config.evalEvery() == 0 || last) {
                    SelfCorrectionMetrics val = validation.measure(policy);
                    line.put("val_acc_t1", val.accT1());
                    line.put("val_acc_t2", val.accT2());
                    progress.status(String.format(Locale.ROOT, "val t1 %.3f t2 %.3f", val.accT1(), val.accT2()));
                }
                run.appendStep(JSON.writeValueAsString(line));
                if ((step + 1) % config.checkpointEvery() == 0 || last) {
                    long saved = step + 1;
                    ObjectNode extras = JSON.createObjectNode().put("best_val_acc_t2", validation.bestAccT2());
                    long[] rngState = rng.state();
                    lastSave = checkpoints.save(saved, dir -> {
                        policy.save(dir);
                        TrainingState.save(dir, policy.config(), saved, optimizer.firstMomentValues(),
                                optimizer.secondMomentValues(), rngState, extras);
                    });
                }
                progress.advance(1);
            }
        }
        return new TrainedPolicy(run.best(), policy.backend(), validation.bestAccT2());
    }

    /** Where a resumed run goes on from: the step after its last save, its generator, its best validation. */
    private record Resumed(long step, Rng rng, double bestAccuracy, Path dir) {
    }

    /** Loads the newest whole checkpoint, if any, into {@code policy} and {@code optimizer}. */
    private static Optional<Resumed> resume(Checkpoints checkpoints, CausalLm policy, AdamW optimizer)
            throws IOException {
        Optional<Checkpoints.Saved> latest = checkpoints.latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Path dir = latest.get().dir();
        TrainingState state = TrainingState.load(dir, policy.config());
        if (state.step() != latest.get().step()) {
            throw new CheckpointException(dir.resolve(TrainingState.JSON_FILE), "step " + state.step()
                    + " in a save named after step " + latest.get().step());
        }
        CausalLm saved = CausalLms.load(dir, policy.backend());
        policy.parameters().forEach((name, tensor) -> tensor.set(saved.parameters().get(name).toArray()));
        optimizer.restore(state.firstMoments(), state.secondMoments(), (int) state.step());
        return Optional.of(new Resumed(state.step(), Rng.fromState(state.rngState()),
                state.extras().path("best_val_acc_t2").asDouble(-1), dir));
    }

    private String stageAt(long step) {
        long end = 0;
        for (ScoreConfig.Phase phase : config.phases()) {
            end += phase.steps();
            if (step < end) {
                return phase.stage();
            }
        }
        throw new IllegalStateException("step " + step + " is past the schedule");
    }

    private ObjectNode stepLine(long step, StageObjective objective, List<Rollout> rollouts,
            PolicyGradientStep.Stats stats, double seconds) {
        double r1 = 0;
        double r2 = 0;
        double edit = 0;
        int changed = 0;
        for (Rollout r : rollouts) {
            r1 += r.reward1();
            r2 += r.reward2();
            edit += EditDistance.ratio(r.attempt1(), r.attempt2());
            changed += Objects.equals(task.finalAnswer(r.attempt1()), task.finalAnswer(r.attempt2())) ? 0 : 1;
        }
        int n = rollouts.size();
        int sequenceTokens = rollouts.stream().mapToInt(r -> r.conversation().length()).sum();
        ObjectNode line = JSON.createObjectNode();
        line.put("step", step);
        line.put("stage", objective.name());
        line.put("reward_t1", r1 / n);
        line.put("reward_t2", r2 / n);
        line.put("kl_t1", stats.kl1());
        line.put("kl_t2", stats.kl2());
        line.put("entropy", stats.entropy());
        line.put("changed_answer_rate", (double) changed / n);
        line.put("edit_ratio", edit / n);
        line.put("loss", stats.loss());
        line.put("grad_norm", stats.gradNorm());
        line.put("logprob_gap", stats.maxLogProbGap());
        line.put("tokens_per_s", sequenceTokens / seconds);
        line.put("seconds", seconds);
        return line;
    }

    /** The greedy two-attempt results of {@code model} on {@code problems}. */
    public static List<AttemptPair> evaluate(CausalLm model, SelfCorrectionProtocol protocol, Task task,
            List<Problem> problems, int maxAttemptTokens, String label) {
        return new TwoAttemptSampler(model, protocol, task, maxAttemptTokens, 64).run(problems, 0, new Rng(1), label);
    }
}
