package dev.score.rl.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every method the trainer runs from the same base model (SCORE.md lists them). The reinforcement-learning
 * ones differ only in the objective of each schedule phase: SCoRe itself, naive multi-turn RL (both attempts
 * on their own rewards, no Stage I, no shaping — the paper's Eq. 1), and the ablations without Stage I,
 * without reward shaping and without multi-turn training. The others are the paper's baselines:
 * Self-Refine-style prompting (no training), STaR with the D and D+ filters, Pair-SFT, and SCoRe with STaR
 * in place of REINFORCE in Stage II.
 */
public enum Method {
    SCORE("score"),
    NAIVE_MULTI_TURN("naive_multi_turn"),
    NO_STAGE_ONE("no_stage_one"),
    NO_SHAPING("no_shaping"),
    SINGLE_TURN("single_turn"),
    STAR_STAGE_TWO("star_stage_two"),
    SELF_REFINE("self_refine"),
    STAR_D("star_d"),
    STAR_D_PLUS("star_d_plus"),
    PAIR_SFT("pair_sft");

    /**
     * The Self-Refine-style prompt: ask for a critique before the rewrite. Our base model never saw it in
     * pretraining, as Self-Refine's prompts are new to the models it is applied to.
     */
    public static final String SELF_REFINE_INSTRUCTION = "Review the solution above step by step and check every "
            + "calculation. If you find a mistake, explain it, then rewrite the solution.";

    private final String id;

    Method(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Every method's id, SCoRe first. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }

    public static Method parse(String name) {
        return Arrays.stream(values()).filter(m -> m.id.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown method '" + name + "'; expected one of "
                        + ids()));
    }

    /**
     * The rows of the paper's two comparison tables among {@code names} (method ids, {@code base}, or any
     * other label such as an evaluated model directory's name, which counts as a baseline row), in the order
     * given: Table 3 compares SCoRe with the base model and the baselines, Table 5 with its ablations (naive
     * multi-turn RL among them). Without both a baseline and an ablation it is one table, {@code Results}.
     */
    public static Map<String, List<String>> comparisonTables(List<String> names) {
        List<String> baselines = new ArrayList<>();
        List<String> ablations = new ArrayList<>();
        for (String name : names) {
            boolean score = name.equals(SCORE.id);
            boolean ablation = !score && ids().contains(name) && parse(name).isAblation();
            if (score || !ablation) {
                baselines.add(name);
            }
            if (score || ablation) {
                ablations.add(name);
            }
        }
        Map<String, List<String>> tables = new LinkedHashMap<>();
        boolean both = baselines.stream().anyMatch(n -> !n.equals(SCORE.id) && !n.equals("base"))
                && ablations.stream().anyMatch(n -> !n.equals(SCORE.id));
        if (both) {
            tables.put("Baselines (the paper's Table 3)", baselines);
            tables.put("Ablations (the paper's Table 5)", ablations);
        } else {
            tables.put("Results", names);
        }
        return tables;
    }

    private boolean isAblation() {
        return this == NAIVE_MULTI_TURN || this == NO_STAGE_ONE || this == NO_SHAPING || this == SINGLE_TURN
                || this == STAR_STAGE_TWO;
    }

    /** The objective of a phase of stage {@code stage} ({@code I} or {@code II}) under this method. */
    public StageObjective objective(String stage, ScoreConfig config) {
        boolean stageOne = stage.equals("I");
        return switch (this) {
            case SCORE, STAR_STAGE_TWO -> stageOne ? StageObjective.stageOne(config.beta1(), config.beta2())
                    : stageTwo(config.alpha(), config);
            case NAIVE_MULTI_TURN -> stageTwo(0, config);
            case NO_STAGE_ONE -> stageTwo(config.alpha(), config);
            case NO_SHAPING -> stageOne ? StageObjective.stageOne(config.beta1(), config.beta2())
                    : stageTwo(0, config);
            case SINGLE_TURN -> StageObjective.singleTurn(config.beta1());
            case SELF_REFINE, STAR_D, STAR_D_PLUS, PAIR_SFT ->
                    throw new IllegalStateException(id + " is not trained by reinforcement learning");
        };
    }

    /** SCoRe's Stage II under {@code config}: its attempt-1 KL weight and attempt-2 baseline. */
    private static StageObjective stageTwo(double alpha, ScoreConfig config) {
        return StageObjective.stageTwo(alpha, config.beta1(), config.stageTwoBetaT1(),
                Attempt2Baseline.parse(config.attempt2Baseline()));
    }
}
