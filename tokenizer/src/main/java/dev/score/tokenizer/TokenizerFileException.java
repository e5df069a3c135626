package dev.score.tokenizer;

/** A tokenizer file that cannot be read as one; the message names the file and, where it can, the line and token. */
public final class TokenizerFileException extends IllegalArgumentException {
    public TokenizerFileException(String message) {
        // A token or a parser's message may hold a line break; a command line's error stays one line.
        super(message.replaceAll("\\R+", " "));
    }
}
