package dev.score.rl.code;

/**
 * How a program fared on a problem's tests. {@code failure} says why the first failing test failed
 * (or why the program did not parse), and is null when every test passed.
 */
public record TestReport(int passed, int total, String failure) {

    public boolean allPassed() {
        return failure == null && passed == total;
    }
}
