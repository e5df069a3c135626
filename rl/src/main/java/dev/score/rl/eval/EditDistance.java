package dev.score.rl.eval;

/** Levenshtein distance over characters, and the paper's edit-distance ratio. */
public final class EditDistance {
    private EditDistance() {
    }

    public static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** {@code distance / (|a| + |b|)}, in [0, 1]: 0 for identical attempts, 1 for nothing in common. */
    public static double ratio(String a, String b) {
        int total = a.length() + b.length();
        return total == 0 ? 0 : (double) between(a, b) / total;
    }
}
