package dev.score.tokenizer;

/**
 * GPT-2's reversible table between the 256 byte values and 256 printable Unicode characters
 * ({@code bytes_to_unicode} in OpenAI's encoder.py). {@code encoder.json} and {@code vocab.bpe} spell every
 * token's bytes with these characters, so that no token string contains whitespace or control characters.
 */
public final class ByteUnicode {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteUnicode() {
    }

    /** The printable character that stands for byte {@code b} (0–255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte that {@code c} stands for, or −1 if {@code c} is not one of the 256 table characters. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The table spelling of {@code bytes}, e.g. the bytes of " the" become "Ġthe". */
    public static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /** The bytes a table spelling stands for, or null if some character is not in the table. */
    public static byte[] decode(String spelled) {
        byte[] bytes = new byte[spelled.length()];
        for (int i = 0; i < bytes.length; i++) {
            int b = byteOf(spelled.charAt(i));
            if (b < 0) {
                return null;
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}
