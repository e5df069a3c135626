package dev.score.rl.base;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.AdamW;
import dev.score.engine.CosineSchedule;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.OptimizerStep;
import dev.score.engine.Rng;
import dev.score.engine.Tensor;
import dev.score.engine.TrainingDivergedException;
import dev.score.engine.Workspace;
import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.LlamaConfig;
import dev.score.engine.io.ModelConfig;
import dev.score.engine.io.ModelFamily;
import dev.score.kernels.Backend;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.util.ProgressBar;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.BpeTrainer;
import dev.score.tokenizer.SpecialTokens;
import dev.score.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes the project's base model, since no pretrained weights can be downloaded here: a byte-level BPE
 * trained on the task's traces (digits kept apart), then a small GPT-2 (or Llama-family model) trained from
 * scratch to imitate the two-attempt traces of {@link BaseTraces}. The result is a model directory: {@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json} and {@code base.json} (how it was made).
 */
public final class BasePretraining {
    public static final String RECIPE_FILE = "base.json";

    private BasePretraining() {
    }

    /** The GPT-2 base model of {@code task}, written to {@code out}. */
    public static CausalLm run(Task task, BaseModelConfig config, Backend backend, Path out) throws IOException {
        return run(task, config, ModelFamily.GPT2, backend, out);
    }

    /**
     * The base model of {@code task} in {@code family}: GPT-2, or a Llama-family model ({@code llama},
     * {@code qwen2}, {@code qwen3}) of the same depth and width, with half as many key/value heads as query
     * heads (where that divides) and the family's usual MLP width.
     */
    public static CausalLm run(Task task, BaseModelConfig config, String family, Backend backend, Path out)
            throws IOException {
        long start = System.nanoTime();
        List<Problem> problems = task.problems(Split.TRAIN, config.trainProblems(), config.seed());
        BaseTraces traces = new BaseTraces(task, config.errorRate(), config.copyRate());
        Rng rng = new Rng(config.seed());

        BpeTokenizer tokenizer = BpeTrainer.train(corpus(task, problems, traces, config.tokenizerTraces(), rng),
                config.vocabSize(), SpecialTokens.ALL, true);
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(tokenizer, task.correctionInstruction());
        CausalLm model = CausalLms.initialized(shape(family, tokenizer.vocabSize(), config), backend, config.seed());
        AdamW optimizer = AdamW.forModel(model, 0.9f, 0.95f, 1e-8f, (float) config.weightDecay());
        CosineSchedule schedule = new CosineSchedule(config.learningRate(), config.learningRate() / 10,
                Math.min(config.warmupSteps(), config.steps() / 10), config.steps());

        double smoothedLoss = Double.NaN;
        Workspace workspace = new Workspace();
        try (ProgressBar progress = new ProgressBar("pretrain " + task.name(), config.steps())) {
            for (int step = 0; step < config.steps(); step++) {
                List<Conversation> conversations = new ArrayList<>(config.batch());
                for (int b = 0; b < config.batch(); b++) {
                    Problem problem = problems.get(rng.nextInt(problems.size()));
                    BaseTraces.Trace trace = traces.draw(problem, rng);
                    conversations.add(protocol.conversation(problem.statement(), trace.attempt1(), trace.attempt2()));
                }
                TokenBatch batch = TokenBatch.of(conversations, config.context());
                model.zeroGrad();
                float value;
                try (Workspace.Scope pass = workspace.open()) {
                    Tensor loss = model.loss(batch.tokens(), batch.targets(), batch.batch(), batch.length());
                    loss.backward();
                    value = loss.item();
                }
                try {
                    OptimizerStep.clipAndStep(optimizer, model.parameters().values(), 1.0, (float) schedule.at(step),
                            value);
                } catch (TrainingDivergedException e) {
                    throw new TrainingDivergedException("pretraining step " + step + ": " + e.getMessage()
                            + "; nothing was written to " + out, e);
                }
                smoothedLoss = Double.isNaN(smoothedLoss) ? value : 0.95 * smoothedLoss + 0.05 * value;
                progress.status(String.format(Locale.ROOT, "loss %.4f", smoothedLoss));
                progress.advance(1);
            }
        }
        model.save(out);
        TokenizerJson.save(tokenizer, out);
        writeRecipe(out, task, config, family, smoothedLoss, (System.nanoTime() - start) / 1e9);
        return model;
    }

    private static ModelConfig shape(String family, int vocab, BaseModelConfig config) {
        if (family.equals(ModelFamily.GPT2)) {
            return Gpt2Config.of(vocab, config.context(), config.dim(), config.layers(), config.heads());
        }
        if (!ModelFamily.SUPPORTED.contains(family)) {
            throw new IllegalArgumentException("no family \"" + family + "\"; expected one of " + ModelFamily.SUPPORTED);
        }
        int kvHeads = config.heads() % 2 == 0 ? config.heads() / 2 : config.heads();
        return LlamaConfig.of(family, vocab, config.context(), config.dim(), config.layers(), config.heads(), kvHeads,
                LlamaConfig.usualIntermediate(config.dim()));
    }

    private static String corpus(Task task, List<Problem> problems, BaseTraces traces, int count, Rng rng) {
        StringBuilder corpus = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Problem problem = problems.get(rng.nextInt(problems.size()));
            BaseTraces.Trace trace = traces.draw(problem, rng);
            corpus.append(problem.statement()).append('\n').append(trace.attempt1()).append('\n')
                    .append(task.correctionInstruction()).append('\n').append(trace.attempt2()).append('\n');
        }
        return corpus.toString();
    }

    private static void writeRecipe(Path out, Task task, BaseModelConfig config, String family, double loss,
            double seconds) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode recipe = json.createObjectNode();
        recipe.put("task", task.name());
        recipe.put("family", family);
        recipe.set("config", json.valueToTree(config));
        recipe.put("final_loss", loss);
        recipe.put("seconds", seconds);
        Files.writeString(out.resolve(RECIPE_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsString(recipe));
    }
}
