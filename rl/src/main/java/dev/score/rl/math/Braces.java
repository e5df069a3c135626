package dev.score.rl.math;

/** Brace matching in TeX text, where {@code \{} and {@code \}} are literal braces, not groups. */
final class Braces {

    private Braces() {}

    /**
     * The index of the brace that closes the group opened at {@code open}, searching before
     * {@code limit}; -1 when the group does not close there.
     */
    static int matching(String text, int open, int limit) {
        int depth = 0;
        for (int i = open; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * For every index of {@code text}: the index of the brace that closes the group an unescaped
     * {@code '{'} there opens, else -1. The same as {@link #matching} for each such brace, in one pass.
     */
    static int[] allMatching(String text) {
        int[] closes = new int[text.length()];
        java.util.Arrays.fill(closes, -1);
        int[] open = new int[text.length()];
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                open[depth++] = i;
            } else if (c == '}' && depth > 0) {
                closes[open[--depth]] = i;
            }
        }
        return closes;
    }
}
