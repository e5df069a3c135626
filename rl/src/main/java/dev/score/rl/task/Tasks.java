package dev.score.rl.task;

import dev.score.rl.code.CodeTask;
import dev.score.rl.math.ArithmeticChainTask;
import dev.score.rl.math.MathTask;
import dev.score.rl.math.RootCheckTask;
import java.util.List;

/** The built-in tasks by command-line name. */
public final class Tasks {
    public static final List<String> NAMES = List.of("math", "code", "check", "chain");
    /**
     * The task {@code train}, {@code pretrain} and {@code eval} run without {@code --task}: the one where attempt 1
     * carries work attempt 2 can use (README, *Results*); {@code math} is its control.
     */
    public static final String DEFAULT = "chain";

    private Tasks() {
    }

    public static Task named(String name) {
        return switch (name) {
            case "math" -> new MathTask();
            case "code" -> new CodeTask();
            case "check" -> new RootCheckTask();
            case "chain" -> new ArithmeticChainTask();
            default -> throw new IllegalArgumentException("unknown task '" + name + "'; expected one of " + NAMES);
        };
    }
}
