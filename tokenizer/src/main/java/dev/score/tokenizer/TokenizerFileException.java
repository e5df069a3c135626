package dev.score.tokenizer;

/** A tokenizer file that cannot be read as one; the message names the file and, where it can, the line and token. */
public final class TokenizerFileException extends IllegalArgumentException {
    public TokenizerFileException(String message) {
        super(message);
    }
}
