package dev.score.tokenizer;

/**
 * Splits text into the chunks that BPE runs on, exactly as GPT-2's pattern
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} does, written out as a
 * scanner: faster than a regex, and free of Java's narrower {@code \s}. Two engines run this pattern and
 * differ only in {@code \s}: JavaScript's {@code u} flag (the reference GPT-2 encoder's regex) counts U+FEFF
 * as a space and U+0085 as not, Oniguruma (Hugging Face's {@code ByteLevel}) follows Unicode's White_Space,
 * the other way round; {@link Space} picks one. It walks code points, so an emoji's surrogate pair stays whole; a lone surrogate
 * is a code point of its own that is neither letter, number nor space, as in JavaScript. Letters and numbers
 * follow the JDK's Unicode tables (Unicode 16 in Java 25, 15.1 in node 20), so only characters assigned
 * between those versions could split differently.
 */
public final class Gpt2Pretokenizer {
    private static final int LETTER = 0;
    private static final int NUMBER = 1;
    private static final int SPACE = 2;
    private static final int OTHER = 3;
    private static final String[] CONTRACTIONS = {"s", "t", "re", "ve", "m", "ll", "d"};
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            // The two spaces agree on ASCII.
            ASCII_CLASS[c] = (byte) classify(c, Space.JAVASCRIPT);
        }
    }

    /** Which regex engine's {@code \s} the scanner follows. */
    public enum Space {
        JAVASCRIPT, UNICODE
    }

    private Gpt2Pretokenizer() {
    }

    /**
     * Where the chunk that starts at {@code start} (&lt; text.length()) ends (exclusive, a char index), with
     * {@code \s} as {@code space} has it.
     */
    public static int chunkEnd(String text, int start, Space space) {
        int length = text.length();
        int c = text.codePointAt(start);
        if (c == '\'') {
            for (String rest : CONTRACTIONS) {
                if (text.startsWith(rest, start + 1)) {
                    return start + 1 + rest.length();
                }
            }
        }
        int kind = classOf(c, space);
        if (c == ' ' && start + 1 < length) {
            int nextKind = classOf(text.codePointAt(start + 1), space);
            if (nextKind != SPACE) {
                return runEnd(text, start + 1, nextKind, space);
            }
        }
        if (kind != SPACE) {
            return runEnd(text, start, kind, space);
        }
        int end = runEnd(text, start, SPACE, space);
        if (end == length) {
            return end;
        }
        // \s+(?!\S) backs off one character so that the last space can lead the next word; a single
        // space before a non-space falls through to the plain \s+.
        return end - start >= 2 ? end - Character.charCount(text.codePointBefore(end)) : end;
    }

    private static int runEnd(String text, int from, int kind, Space space) {
        int i = from;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (classOf(c, space) != kind) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static int classOf(int c, Space space) {
        return c < 128 ? ASCII_CLASS[c] : classify(c, space);
    }

    private static int classify(int c, Space space) {
        if (Character.isLetter(c)) {
            return LETTER;
        }
        int type = Character.getType(c);
        if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER) {
            return NUMBER;
        }
        boolean isSpace = space == Space.JAVASCRIPT ? isJavaScriptSpace(c) : UnicodeSpace.is(c);
        return isSpace ? SPACE : OTHER;
    }

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator of ECMA-262, wider than Java's default. */
    private static boolean isJavaScriptSpace(int c) {
        return (c >= '\t' && c <= '\r') || c == ' ' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
    }
}
