package dev.score.tokenizer;

/**
 * Unicode's White_Space property, which is {@code \s} in Oniguruma and in Rust's {@code regex} (the engines
 * Hugging Face's tokenizers run). Java's {@code Character.isWhitespace} leaves out no-break spaces, and
 * JavaScript's {@code \s} adds U+FEFF and drops U+0085.
 */
final class UnicodeSpace {
    private UnicodeSpace() {
    }

    static boolean is(int c) {
        return (c >= '\t' && c <= '\r') || c == ' ' || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }
}
