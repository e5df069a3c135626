package dev.score.cli;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.Gpt2Files;
import dev.score.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where {@code tokenize} and {@code detokenize} find their tokenizer: exactly one of two formats. */
final class TokenizerOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--gpt2", paramLabel = "DIR", description = "Directory with GPT-2's encoder.json and vocab.bpe.")
        Path gpt2;

        @Option(names = "--tokenizer", paramLabel = "DIR", description = "Directory with our tokenizer.json (e.g. a model directory).")
        Path ours;
    }

    BpeTokenizer load() throws IOException {
        return source.gpt2 != null ? Gpt2Files.load(source.gpt2) : TokenizerJson.load(source.ours);
    }
}
