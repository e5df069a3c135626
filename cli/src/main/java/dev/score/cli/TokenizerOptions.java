package dev.score.cli;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.Gpt2Files;
import dev.score.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where {@code tokenize} and {@code detokenize} find their tokenizer: exactly one of two formats. */
final class TokenizerOptions {
    // A heading gives the group its own help section: without one, picocli lists a mixin's group options twice.
    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Tokenizer (exactly one):%n")
    Source source;

    static final class Source {
        @Option(names = "--gpt2", paramLabel = "DIR", description = "Directory with GPT-2's encoder.json and vocab.bpe.")
        Path gpt2;

        @Option(names = "--tokenizer", paramLabel = "DIR", description = "Directory with a tokenizer.json in Hugging Face's format (e.g. a model directory, ours or downloaded).")
        Path ours;
    }

    BpeTokenizer load() throws IOException {
        if (source.gpt2 == null) {
            OptionPaths.directory("--tokenizer", source.ours);
            OptionPaths.readableFile("--tokenizer", source.ours.resolve(TokenizerJson.FILE));
            return TokenizerJson.load(source.ours);
        }
        OptionPaths.directory("--gpt2", source.gpt2);
        OptionPaths.readableFile("--gpt2", source.gpt2.resolve(Gpt2Files.ENCODER));
        OptionPaths.readableFile("--gpt2", source.gpt2.resolve(Gpt2Files.MERGES));
        try {
            return Gpt2Files.load(source.gpt2);
        } catch (CharacterCodingException e) {
            throw new UserError(invalidUtf8(source.gpt2.resolve(Gpt2Files.MERGES), source.gpt2.resolve(
                    Gpt2Files.ENCODER)));
        }
    }

    /**
     * Which of GPT-2's files is not UTF-8 and where: the reader's decoding error names neither, and a
     * failure is the only time the bytes are looked at twice.
     */
    private static String invalidUtf8(Path... files) throws IOException {
        for (Path file : files) {
            try {
                TokenizeCommand.strictUtf8(Files.readAllBytes(file), file.toString());
            } catch (UserError e) {
                return e.getMessage();
            }
        }
        return "--gpt2: encoder.json or vocab.bpe is not valid UTF-8";
    }
}
