package dev.score.cli;

import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.Rng;
import dev.score.engine.Sampler;
import dev.score.kernels.Backend;
import dev.score.rl.math.MathInstruction;
import dev.score.rl.protocol.ChatTemplateFile;
import dev.score.rl.protocol.Protocols;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: continues a prompt; prints the new ids (or, for a text prompt, the new text) on the
 * last stdout line.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a KV-cache sampler; prints the new token ids, space-separated.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    /** The prompt as ids, or as text for a model directory that holds its tokenizer. */
    static final class Prompt {
        @Option(names = "--prompt-ids", description = "The prompt's token ids, e.g. \"464 2068 7586\"; prints ids.")
        String ids;

        @Option(names = "--prompt", description = "The prompt as text, encoded with the tokenizer in the model "
                + "directory (tokenizer.json, or GPT-2's encoder.json + vocab.bpe); prints text.")
        String text;
    }

    @Option(names = "--chat", description = "With --prompt: send the text as a user turn in the model's chat template "
            + "(chat_template.jinja or tokenizer_config.json) with its generation prompt, and stop at the end of the "
            + "assistant's turn, as an instruct model expects.")
    boolean chat;

    @Range(min = 0, max = 1_048_576)
    @Option(names = "--max-new-tokens", defaultValue = "32", description = "0 to 1048576. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Range(min = 0, max = 100)
    @Option(names = "--temperature", defaultValue = "1.0", description = "0 = greedy; at most 100. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Range(min = 0, max = 1_048_576)
    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 = off; at most 1048576.")
    int topK;

    @Range(min = 0, minExclusive = true, max = 1)
    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling threshold in (0, 1]; 1 = off.")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--stop-ids", defaultValue = "", description = "Token ids that end the generation, besides "
            + "the model's eos_token_id from config.json (the Llama family's; GPT-2's config names none).")
    String stopIds;

    @Option(names = "--ignore-eos", description = "Do not stop at the model's eos_token_id: run to --max-new-tokens "
            + "or a --stop-ids token.")
    boolean ignoreEos;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        OptionPaths.modelDirectory("--model", model);
        try (Backend backend = backendOptions.open()) {
            CausalLm gpt = CausalLms.load(model, backend);
            int vocab = gpt.config().vocabSize();
            if (chat && prompt.text == null) {
                throw new UserError("--chat frames a text prompt: give --prompt TEXT, not --prompt-ids");
            }
            BpeTokenizer tokenizer = prompt.text != null ? Tokenizers.load(model) : null;
            SelfCorrectionProtocol chatFormat = chat ? chatFormat(tokenizer) : null;
            int[] promptTokens = chatFormat != null ? chatFormat.firstPrompt(prompt.text)
                    : tokenizer != null ? tokenizer.encode(prompt.text)
                    : TokenIds.parse(prompt.ids, "--prompt-ids", vocab);
            String option = tokenizer != null ? "--prompt" : "--prompt-ids";
            if (promptTokens.length == 0) {
                throw new UserError(option + ": the prompt needs at least one token");
            }
            if ((long) promptTokens.length + maxNewTokens > gpt.config().nPositions()) {
                throw new UserError(option + " of " + promptTokens.length + " tokens and --max-new-tokens "
                        + maxNewTokens + " exceed n_positions = " + gpt.config().nPositions());
            }
            Set<Integer> stops = Arrays.stream(TokenIds.parse(stopIds, "--stop-ids", vocab)).boxed()
                    .collect(Collectors.toCollection(HashSet::new));
            if (!ignoreEos) {
                // As Hugging Face's generate does: the config's end-of-sequence ids end the continuation.
                stops.addAll(gpt.config().eosTokenIds());
            }
            if (chatFormat != null) {
                stops.add(chatFormat.stopToken());
            }
            Sampler.Settings settings = new Sampler.Settings(maxNewTokens, temperature, topK, topP, stops);
            Sampler.Completion completion = Sampler.generate(gpt, List.of(promptTokens), settings, new Rng(seed))
                    .getFirst();
            requireFiniteLogits(completion);
            int[] tokens = completion.tokens();
            System.out.println(tokenizer != null ? tokenizer.decodeDrawn(tokens)
                    : Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        }
        return 0;
    }

    /** The model's chat format (the protocol's first turn and its stop token), or an error naming what is missing. */
    private SelfCorrectionProtocol chatFormat(BpeTokenizer tokenizer) throws IOException {
        if (ChatTemplateFile.find(model).isEmpty()) {
            throw new UserError("--chat: " + model + " has no chat template (" + ChatTemplateFile.JINJA + ", or "
                    + ChatTemplateFile.CONFIG + "'s chat_template)");
        }
        return Protocols.forModel(model, tokenizer, MathInstruction.CORRECTION, "");
    }

    /**
     * Loading refuses non-finite weights, but finite ones can still overflow float32 on the way to the logits;
     * a token drawn from NaN logits is no continuation, so it is an error rather than output. A drawn token's
     * log-probability is finite whenever its logits are.
     */
    private void requireFiniteLogits(Sampler.Completion completion) {
        float[] logProbs = completion.logProbs();
        for (int i = 0; i < logProbs.length; i++) {
            if (!Float.isFinite(logProbs[i])) {
                throw new UserError(model + ": the logits of new token " + (i + 1) + " are not finite: the model's "
                        + "activations overflow float32");
            }
        }
    }
}
