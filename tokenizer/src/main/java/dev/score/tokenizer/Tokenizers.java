package dev.score.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the tokenizer stored in a model directory: {@code tokenizer.json} if present, else GPT-2's two files. */
public final class Tokenizers {
    private Tokenizers() {
    }

    public static BpeTokenizer load(Path dir) throws IOException {
        return Files.exists(dir.resolve(TokenizerJson.FILE)) ? TokenizerJson.load(dir) : Gpt2Files.load(dir);
    }
}
