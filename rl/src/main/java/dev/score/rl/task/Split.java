package dev.score.rl.task;

/** The three disjoint parts of a task's problems: a problem belongs to exactly one. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    /**
     * The split of a problem by a hash of its statement: 80% train, 10% validation, 10% test. Hashing
     * the statement (not drawing order) keeps the splits disjoint however many problems are drawn.
     */
    public static Split of(String statement) {
        long h = 1125899906842597L;
        for (int i = 0; i < statement.length(); i++) {
            h = 31 * h + statement.charAt(i);
        }
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 32;
        int bucket = (int) Math.floorMod(h, 10L);
        return bucket < 8 ? TRAIN : bucket == 8 ? VALIDATION : TEST;
    }

    /** The split named {@code train}, {@code validation} or {@code test}. */
    public static Split parse(String name) {
        for (Split split : values()) {
            if (split.cliName().equals(name)) {
                return split;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "'; expected train, validation or test");
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
