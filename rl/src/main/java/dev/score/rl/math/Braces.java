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
}
