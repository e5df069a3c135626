package dev.score.cli;

import dev.score.rl.compare.SweepSpec;
import dev.score.rl.train.Method;
import dev.score.rl.train.ScoreConfig;
import java.util.List;
import java.util.Set;

/**
 * {@code --sweep KEY=V1,V2[,…]}: a numeric hyperparameter and the values to try, each checked as a config
 * value before any work (its type and range, as {@code --set} would be). The seed is not swept (it is what
 * {@code --seeds} varies), nor are the sizes of the validation and test splits, which define how candidates
 * and methods are measured rather than how they train.
 */
final class SweepOption {
    private static final Set<String> MEASUREMENT_KEYS = Set.of("seed", "validation_problems", "test_problems");

    private SweepOption() {
    }

    static SweepSpec parse(String text, Hyperparameters hyperparameters, ScoreConfig config) {
        String option = "--sweep " + OptionPaths.shown(text);
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UserError(option + ": expected KEY=V1,V2[,V3], e.g. learning_rate=3e-5,1e-4,3e-4");
        }
        String key = text.substring(0, eq);
        if (MEASUREMENT_KEYS.contains(key)) {
            throw new UserError(option + ": " + key + " is not swept: it " + (key.equals("seed")
                    ? "is what --seeds varies" : "sets how every candidate is measured, not how it trains"));
        }
        if (!Hyperparameters.isNumeric(key)) {
            throw new UserError(option + ": expected a numeric hyperparameter (e.g. learning_rate or "
                    + "stage_two_learning_rate), got '" + OptionPaths.shown(key) + "'");
        }
        SweepSpec spec;
        try {
            spec = new SweepSpec(key, List.of(text.substring(eq + 1).split(",", -1)));
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        for (String value : spec.values()) {
            hyperparameters.buildWith(key, SweepSpec.number(value), option);
        }
        if (config.methods().stream().allMatch(m -> Method.parse(m) == Method.SELF_REFINE)) {
            throw new UserError(option + ": self_refine is a prompt with nothing to train, so nothing to tune; sweep "
                    + "a trained method");
        }
        return spec;
    }
}
