package dev.score.rl.train;

import dev.score.rl.eval.AttemptPair;
import dev.score.rl.eval.PairedBootstrap;
import dev.score.rl.eval.PairedBootstrap.Interval;
import dev.score.rl.eval.SelfCorrectionMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A job's test results: each method's metrics (the base model first), the paired 95 % interval of its Δ,
 * and, beside SCoRe, the paired interval of SCoRe's Acc@t2 minus the method's (see {@link PairedBootstrap};
 * every method is evaluated on the same test problems).
 */
public record JobResults(Map<String, SelfCorrectionMetrics> metrics, Map<String, Interval> deltaIntervals,
        Map<String, Interval> scoreMinusIntervals) {
    static final String SCORE = "score";

    /** The intervals of outcomes evaluated on one list of problems, drawn under {@code seed}. */
    public static JobResults of(Map<String, SelfCorrectionMetrics> metrics,
            Map<String, List<AttemptPair>> outcomes, long seed) {
        Map<String, Interval> deltas = new LinkedHashMap<>();
        Map<String, Interval> versusScore = new LinkedHashMap<>();
        outcomes.forEach((name, pairs) -> {
            deltas.put(name, PairedBootstrap.delta(pairs, seed));
            if (outcomes.containsKey(SCORE) && !name.equals(SCORE)) {
                versusScore.put(name, PairedBootstrap.accT2Difference(outcomes.get(SCORE), pairs, seed));
            }
        });
        return new JobResults(metrics, deltas, versusScore);
    }

    /** SCoRe's Acc@t2 minus {@code method}'s, when both ran. */
    public Optional<Interval> scoreMinus(String method) {
        return Optional.ofNullable(scoreMinusIntervals.get(method));
    }

    /**
     * The paper's tables (Table 3 and Table 5 when both kinds of method ran, see {@link Method#comparisonTables}), one
     * row per method in percent, with two columns more: Δ's 95 % interval and, when
     * SCoRe ran, SCoRe's Acc@t2 minus the row's with its interval, all in percent.
     */
    public String table() {
        Map<String, List<String>> tables = Method.comparisonTables(List.copyOf(metrics.keySet()));
        StringBuilder out = new StringBuilder();
        tables.forEach((title, names) -> {
            if (tables.size() > 1) {
                out.append(out.isEmpty() ? "" : "\n").append(title).append('\n');
            }
            out.append("| method | Acc@t1 | Acc@t2 | Δ(t1,t2) | Δ^{i→c} | Δ^{c→i} | Δ 95% CI | SCoRe − it, Acc@t2 |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            names.forEach(name -> {
                String lead = scoreMinus(name).map(i -> String.format(Locale.ROOT, " %+.1f %s", 100 * i.estimate(),
                        range(i))).orElse("");
                out.append(metrics.get(name).row(name)).append(' ').append(range(deltaIntervals.get(name)))
                        .append(" |").append(lead).append(" |\n");
            });
        });
        return out.toString();
    }

    private static String range(Interval i) {
        return i == null ? "" : String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * i.low(), 100 * i.high());
    }
}
