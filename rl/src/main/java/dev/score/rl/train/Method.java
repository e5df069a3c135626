package dev.score.rl.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * The RL methods one trainer runs, each a rule for the objective of a schedule phase (SCORE.md lists them):
 * SCoRe itself, naive multi-turn RL (both attempts on their own rewards, no Stage I, no shaping — the
 * paper's Eq. 1), and the ablations without Stage I, without reward shaping, and without multi-turn training.
 */
public enum Method {
    SCORE("score"),
    NAIVE_MULTI_TURN("naive_multi_turn"),
    NO_STAGE_ONE("no_stage_one"),
    NO_SHAPING("no_shaping"),
    SINGLE_TURN("single_turn");

    private final String id;

    Method(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Every method's id, SCoRe first. */
    public static java.util.List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }

    public static Method parse(String name) {
        return Arrays.stream(values()).filter(m -> m.id.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown method '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(Method::id).toList()));
    }

    /** The objective of a phase of stage {@code stage} ({@code I} or {@code II}) under this method. */
    public StageObjective objective(String stage, ScoreConfig config) {
        boolean stageOne = stage.equals("I");
        return switch (this) {
            case SCORE -> stageOne ? StageObjective.stageOne(config.beta1(), config.beta2())
                    : StageObjective.stageTwo(config.alpha(), config.beta1());
            case NAIVE_MULTI_TURN -> StageObjective.stageTwo(0, config.beta1());
            case NO_STAGE_ONE -> StageObjective.stageTwo(config.alpha(), config.beta1());
            case NO_SHAPING -> stageOne ? StageObjective.stageOne(config.beta1(), config.beta2())
                    : StageObjective.stageTwo(0, config.beta1());
            case SINGLE_TURN -> StageObjective.singleTurn(config.beta1());
        };
    }
}
