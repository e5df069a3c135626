package dev.score.rl.code;

/**
 * The bounds every untrusted program runs under, per test call. Together they make any program text
 * finish in milliseconds with a few megabytes at most: the source and its nesting are bounded before
 * anything runs, each evaluation step costs fuel (list operations cost one per element they touch),
 * nesting is counted so the tree-walker never overflows the Java stack, and list elements allocated
 * are counted before the allocation happens.
 *
 * @param maxSourceChars  longest accepted program text
 * @param maxSyntaxDepth  deepest accepted nesting of the parsed expression tree
 * @param fuel            evaluation steps per test call
 * @param maxDepth        deepest nesting of evaluation (sub-expressions plus function calls)
 * @param maxListElements list elements allocated per test call, all lists together
 */
public record SandboxLimits(int maxSourceChars, int maxSyntaxDepth, long fuel, int maxDepth, long maxListElements) {

    /** Generous for the task's programs (tens of steps, lists of ten), tight enough to stop any abuse fast. */
    public static final SandboxLimits DEFAULT = new SandboxLimits(4_000, 100, 100_000, 1_000, 100_000);
}
