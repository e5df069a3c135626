package dev.score.rl.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.io.AtomicFiles;
import dev.score.engine.io.CheckpointException;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains one method from the base model in its own directory, or, when a finished training is already
 * there ({@code trained.json}), loads the policy it kept instead: a resumed job goes past its finished
 * methods, and a seed that reuses a sweep's training of the chosen value does not train it again (the
 * supervised baselines keep no checkpoint, so without this they would start over). {@code trained.json}
 * names the kept policy's directory, relative to the method's ({@code best}, or {@code star/best} for
 * STaR in Stage II, whose STaR rounds validate in {@code star/} beside the Stage I files), and its
 * validation Accuracy@t2.
 */
public final class MethodTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Task task;
    private final SelfCorrectionProtocol protocol;
    private final Path baseModel;
    private final CausalLm reference;
    private final PolicySteps steps;

    /** Training from the base model in {@code baseModel}, loaded as {@code reference} (frozen, for the KL). */
    public MethodTraining(Task task, SelfCorrectionProtocol protocol, Path baseModel, CausalLm reference) {
        this(task, protocol, baseModel, reference, PolicySteps.IN_PROCESS);
    }

    /** The same, with the RL methods' steps run where {@code steps} runs them; the supervised ones train here. */
    public MethodTraining(Task task, SelfCorrectionProtocol protocol, Path baseModel, CausalLm reference,
            PolicySteps steps) {
        this.task = task;
        this.protocol = protocol;
        this.baseModel = baseModel;
        this.reference = reference;
        this.steps = steps;
    }

    /** Trains {@code method} with {@code config} in {@code dir}, or loads what a finished training left there. */
    public TrainedPolicy train(Method method, ScoreConfig config, RunDirectory dir, String label) throws IOException {
        if (method == Method.SELF_REFINE) {
            throw new IllegalArgumentException(method.id() + " is a prompt, not trained");
        }
        if (Files.exists(dir.trained())) {
            return finished(dir);
        }
        Files.createDirectories(dir.root());
        CausalLm policy = CausalLms.load(baseModel, reference.backend());
        TrainedPolicy trained;
        String kept = "best";
        switch (method) {
            case STAR_D -> trained = new SftTrainer(config, task, protocol, dir)
                    .train(policy, SftTrainer.Filter.STAR_D, config.starRounds(), label);
            case STAR_D_PLUS -> trained = new SftTrainer(config, task, protocol, dir)
                    .train(policy, SftTrainer.Filter.STAR_D_PLUS, config.starRounds(), label);
            case PAIR_SFT -> trained = new SftTrainer(config, task, protocol, dir)
                    .train(policy, SftTrainer.Filter.PAIRS, 1, label);
            case STAR_STAGE_TWO -> {
                List<String> stageOne = config.schedule().stream().filter(p -> p.startsWith("I:")).toList();
                CausalLm initialized = new ScoreTrainer(config.withSchedule(stageOne), method, task, protocol, dir,
                        steps)
                        .train(policy, reference, label + " (Stage I)").policy();
                RunDirectory star = dir.starRounds();
                Files.createDirectories(star.root());
                trained = new SftTrainer(config, task, protocol, star)
                        .train(initialized, SftTrainer.Filter.STAR_D_PLUS, config.starRounds(), label + " (STaR)");
                kept = dir.root().relativize(star.best()).toString();
            }
            default -> trained = new ScoreTrainer(config, method, task, protocol, dir, steps)
                    .train(policy, reference, label);
        }
        AtomicFiles.write(dir.trained(), JSON.writeValueAsBytes(JSON.createObjectNode().put("policy", kept)
                .put("validation_acc_t2", trained.validationAccT2())));
        return trained;
    }

    private TrainedPolicy finished(RunDirectory dir) throws IOException {
        JsonNode record;
        try {
            record = JSON.readTree(dir.trained().toFile());
        } catch (JsonProcessingException e) {
            throw new CheckpointException(dir.trained(), "not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode kept = record == null ? null : record.get("policy");
        JsonNode accuracy = record == null ? null : record.get("validation_acc_t2");
        if (kept == null || !kept.isTextual() || accuracy == null || !accuracy.isNumber()) {
            throw new CheckpointException(dir.trained(), "expected {\"policy\": DIR, \"validation_acc_t2\": NUMBER}");
        }
        Path policy = dir.root().resolve(kept.asText());
        if (!Files.isRegularFile(policy.resolve("config.json"))) {
            throw new CheckpointException(dir.trained(), "the kept policy " + policy + " is gone (no config.json there)");
        }
        return new TrainedPolicy(policy, reference.backend(), accuracy.asDouble());
    }
}
