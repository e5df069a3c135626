package dev.score.rl.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.io.AtomicFiles;
import dev.score.rl.eval.PairedBootstrap;
import dev.score.rl.eval.PairedBootstrap.Interval;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.Method;
import dev.score.rl.train.OutcomesFile.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One-seed runs of the same job combined: per method the mean and sample standard deviation over seeds of
 * Acc@t1, Acc@t2, Δ, Δ^{i→c} and Δ^{c→i}; each seed's paired 95 % intervals (Δ, and SCoRe's Acc@t2 minus the
 * method's), as its own run computed them; and the same two intervals pooled, by a paired bootstrap over
 * every (seed, problem) pair, the most honest single interval for the whole comparison. The pooled interval
 * measures how much the test problems drawn could move the difference; the standard deviation over seeds is
 * what training itself varies. Runs combine only when their configs differ in the seed alone (the task,
 * every hyperparameter and each method's settings equal); runs of other methods at one seed join into one
 * (separate {@code train --method M} invocations from the same base model), and every seed must then hold the
 * same methods, none twice. They are ordered by seed, and the pooled bootstrap draws under the first.
 */
public record SeedSummary(String task, List<Long> seeds, List<Path> runs, int problemsPerSeed,
        Map<String, MethodSummary> methods) {
    /** The paper's five numbers, as the keys of {@code metrics.json}. */
    public static final List<String> METRICS = List.of("acc_t1", "acc_t2", "delta", "delta_i2c", "delta_c2i");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCORE = Method.SCORE.id();

    /** A number over seeds: its mean, sample standard deviation (NaN for one seed) and each seed's value. */
    public record Spread(double mean, double sd, List<Double> perSeed) {
        static Spread of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Spread(mean, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : Double.NaN,
                    List.copyOf(values));
        }
    }

    /**
     * One method over the seeds: its five numbers, its settings, each seed's intervals (SCoRe's lead empty
     * for SCoRe itself and when SCoRe did not run) and the pooled ones ({@code scoreMinus} null likewise).
     */
    public record MethodSummary(Map<String, Spread> metrics, JsonNode settings, List<Interval> deltaPerSeed,
            List<Interval> scoreMinusPerSeed, Interval delta, Interval scoreMinus) {
    }

    /** Reads and combines the finished runs in {@code dirs}. */
    public static SeedSummary of(List<Path> dirs) throws IOException {
        List<FinishedRun> runs = new ArrayList<>();
        for (Path dir : dirs) {
            runs.add(FinishedRun.read(dir));
        }
        return combine(runs);
    }

    static SeedSummary combine(List<FinishedRun> given) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("no runs to combine");
        }
        FinishedRun first = given.getFirst();
        Map<Long, FinishedRun> bySeed = new TreeMap<>();
        Map<Long, List<Path>> dirsBySeed = new TreeMap<>();
        for (FinishedRun run : given) {
            requireSameJob(first, run);
            bySeed.merge(run.seed(), run, FinishedRun::joined);
            dirsBySeed.computeIfAbsent(run.seed(), s -> new ArrayList<>()).add(run.dir());
        }
        List<FinishedRun> runs = List.copyOf(bySeed.values());
        FinishedRun lowest = runs.getFirst();
        for (FinishedRun run : runs) {
            if (!run.outcomes().keySet().equals(lowest.outcomes().keySet())) {
                throw new IllegalArgumentException("seed " + run.seed() + " ran " + run.outcomes().keySet()
                        + " but seed " + lowest.seed() + " " + lowest.outcomes().keySet() + "; every seed needs the "
                        + "same methods");
            }
            requireSameSettings(lowest, run, dirsBySeed);
        }
        List<Long> seeds = List.copyOf(bySeed.keySet());
        int problems = first.outcomes().get("base").size();
        Map<String, MethodSummary> methods = new LinkedHashMap<>();
        for (String method : lowest.outcomes().keySet()) {
            methods.put(method, summarize(method, runs));
        }
        List<Path> dirs = dirsBySeed.values().stream().flatMap(List::stream).toList();
        return new SeedSummary(first.task(), seeds, dirs, problems, methods);
    }

    /** Refuses {@code run} beside {@code first} unless the two differ in the seed and the methods alone. */
    private static void requireSameJob(FinishedRun first, FinishedRun run) {
        if (!run.task().equals(first.task())) {
            throw new IllegalArgumentException(run.dir() + ": task " + run.task() + ", but " + first.dir() + " ran "
                    + first.task() + "; only runs of one task combine");
        }
        ObjectNode differences = ConfigTree.differences(first.configBesidesSeedAndMethods(),
                run.configBesidesSeedAndMethods());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(run.dir() + ": its config differs from " + first.dir() + "'s in "
                    + describe(differences, first.configBesidesSeedAndMethods()) + "; runs combine only when they "
                    + "differ in the seed alone (or, at one seed, in the methods)");
        }
        if (run.outcomes().get("base").size() != first.outcomes().get("base").size()) {
            throw new IllegalArgumentException(run.dir() + ": " + run.outcomes().get("base").size() + " test problems, "
                    + first.dir() + " " + first.outcomes().get("base").size());
        }
    }

    /** Refuses a method trained at {@code run}'s seed with other settings (a sweep's choice) than at the lowest. */
    private static void requireSameSettings(FinishedRun lowest, FinishedRun run, Map<Long, List<Path>> dirs) {
        for (Map.Entry<String, JsonNode> e : lowest.settings().entrySet()) {
            JsonNode theirs = run.settings().getOrDefault(e.getKey(), JSON.createObjectNode());
            ObjectNode settingsDiffer = ConfigTree.differences(e.getValue(), theirs);
            if (!settingsDiffer.isEmpty()) {
                throw new IllegalArgumentException(dirs.get(run.seed()) + ": " + e.getKey() + " trained with other "
                        + "settings than in " + dirs.get(lowest.seed()) + " (" + describe(settingsDiffer, e.getValue())
                        + "); runs combine only when they differ in the seed alone");
            }
        }
    }

    /** {@code key (here → there), …} for the differing keys. */
    private static String describe(ObjectNode differences, JsonNode before) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = differences.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode was = before.get(e.getKey());
            parts.add(e.getKey() + " (" + e.getValue() + " against " + (was == null ? "none" : was) + ")");
        }
        return String.join(", ", parts);
    }

    private static MethodSummary summarize(String method, List<FinishedRun> runs) {
        Map<String, Spread> metrics = new LinkedHashMap<>();
        metrics.put("acc_t1", spread(method, runs, o -> o.correct1() ? 1.0 : 0.0));
        metrics.put("acc_t2", spread(method, runs, o -> o.correct2() ? 1.0 : 0.0));
        metrics.put("delta", spread(method, runs, o -> (o.correct2() ? 1.0 : 0.0) - (o.correct1() ? 1.0 : 0.0)));
        metrics.put("delta_i2c", spread(method, runs, o -> !o.correct1() && o.correct2() ? 1.0 : 0.0));
        metrics.put("delta_c2i", spread(method, runs, o -> o.correct1() && !o.correct2() ? 1.0 : 0.0));
        boolean versusScore = !method.equals(SCORE) && runs.getFirst().outcomes().containsKey(SCORE);
        List<Interval> deltas = new ArrayList<>();
        List<Interval> leads = new ArrayList<>();
        List<Outcome> pooled = new ArrayList<>();
        List<Outcome> pooledScore = new ArrayList<>();
        for (FinishedRun run : runs) {
            List<Outcome> outcomes = run.outcomes().get(method);
            // The same draws as the run's own table (JobResults), so each seed's interval reads as it did there.
            deltas.add(PairedBootstrap.meanDifference(correct(outcomes, 2), correct(outcomes, 1),
                    PairedBootstrap.RESAMPLES, run.seed()));
            pooled.addAll(outcomes);
            if (versusScore) {
                List<Outcome> score = run.outcomes().get(SCORE);
                leads.add(PairedBootstrap.meanDifference(correct(score, 2), correct(outcomes, 2),
                        PairedBootstrap.RESAMPLES, run.seed()));
                pooledScore.addAll(score);
            }
        }
        long firstSeed = runs.getFirst().seed();
        Interval delta = PairedBootstrap.meanDifference(correct(pooled, 2), correct(pooled, 1),
                PairedBootstrap.RESAMPLES, firstSeed);
        Interval lead = versusScore ? PairedBootstrap.meanDifference(correct(pooledScore, 2), correct(pooled, 2),
                PairedBootstrap.RESAMPLES, firstSeed) : null;
        JsonNode settings = runs.getFirst().settings().getOrDefault(method, JSON.createObjectNode());
        return new MethodSummary(metrics, settings, deltas, leads, delta, lead);
    }

    private static Spread spread(String method, List<FinishedRun> runs, Function<Outcome, Double> value) {
        List<Double> perSeed = new ArrayList<>();
        for (FinishedRun run : runs) {
            List<Outcome> outcomes = run.outcomes().get(method);
            perSeed.add(outcomes.stream().mapToDouble(value::apply).sum() / outcomes.size());
        }
        return Spread.of(perSeed);
    }

    private static boolean[] correct(List<Outcome> outcomes, int attempt) {
        boolean[] out = new boolean[outcomes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = attempt == 1 ? outcomes.get(i).correct1() : outcomes.get(i).correct2();
        }
        return out;
    }

    /**
     * The comparison tables (Table 3 and 5, as {@link Method#comparisonTables}), mean ± standard deviation in
     * percent, with the pooled intervals; then each seed's intervals, and the settings a sweep chose.
     */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Seeds %s: mean ± standard deviation over "
                + "seeds, %%; the intervals pool the %d (seed, problem) pairs (paired bootstrap, 95 %%)%n",
                seedList(), seeds.size() * problemsPerSeed));
        Map<String, List<String>> tables = Method.comparisonTables(List.copyOf(methods.keySet()));
        tables.forEach((title, names) -> {
            if (tables.size() > 1) {
                out.append('\n').append(title).append('\n');
            }
            out.append("| method | Acc@t1 | Acc@t2 | Δ(t1,t2) | Δ^{i→c} | Δ^{c→i} | Δ 95% CI | SCoRe − it, Acc@t2 |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (String name : names) {
                MethodSummary m = methods.get(name);
                out.append("| ").append(name);
                for (String key : METRICS) {
                    out.append(" | ").append(spread(m.metrics().get(key), key.equals("delta")));
                }
                out.append(" | ").append(range(m.delta())).append(" |");
                if (m.scoreMinus() != null) {
                    out.append(String.format(Locale.ROOT, " %+.1f %s", 100 * m.scoreMinus().estimate(),
                            range(m.scoreMinus())));
                }
                out.append(" |\n");
            }
        });
        perSeed(out, "Δ 95% CI, each seed on its own", MethodSummary::deltaPerSeed);
        if (methods.containsKey(SCORE) && methods.size() > 1) {
            perSeed(out, "SCoRe − it, Acc@t2 (95% CI), each seed on its own", MethodSummary::scoreMinusPerSeed);
        }
        List<String> settings = new ArrayList<>();
        methods.forEach((name, m) -> {
            if (!m.settings().isEmpty()) {
                settings.add(name + " " + ConfigTree.describe(m.settings()));
            }
        });
        if (!settings.isEmpty()) {
            out.append("\nTrained with: ").append(String.join("; ", settings)).append('\n');
        }
        return out.toString();
    }

    private void perSeed(StringBuilder out, String title, Function<MethodSummary, List<Interval>> intervals) {
        out.append('\n').append(title).append('\n').append("| method |");
        seeds.forEach(s -> out.append(" seed ").append(s).append(" |"));
        out.append("\n|---|").append("---|".repeat(seeds.size())).append('\n');
        methods.forEach((name, m) -> {
            if (intervals.apply(m).isEmpty()) {
                return;
            }
            out.append("| ").append(name).append(" |");
            intervals.apply(m).forEach(i -> out.append(String.format(Locale.ROOT, " %+.1f %s |", 100 * i.estimate(),
                    range(i))));
            out.append('\n');
        });
    }

    private String seedList() {
        return String.join(", ", seeds.stream().map(String::valueOf).toList());
    }

    /** {@code 61.2 ± 0.8} in percent ({@code +1.8 ± 0.9} for Δ); the mean alone for one seed. */
    static String spread(Spread s, boolean signed) {
        String mean = String.format(Locale.ROOT, signed ? "%+.1f" : "%.1f", 100 * s.mean());
        return Double.isNaN(s.sd()) ? mean : mean + String.format(Locale.ROOT, " ± %.1f", 100 * s.sd());
    }

    private static String range(Interval i) {
        return String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * i.low(), 100 * i.high());
    }

    /**
     * {@code summary.json}: the task, seeds, runs, {@code problems_per_seed}, and per method each of the five
     * numbers as {@code {mean, sd, per_seed}} (fractions; {@code sd} null for one seed), its {@code settings},
     * the pooled {@code delta_ci95} and, beside SCoRe, {@code score_minus_acc_t2} with
     * {@code score_minus_acc_t2_ci95}, and {@code per_seed}: each seed's intervals.
     */
    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode().put("task", task);
        root.set("seeds", JSON.valueToTree(seeds));
        ArrayNode runList = root.putArray("runs");
        runs.forEach(r -> runList.add(r.toString()));
        root.put("problems_per_seed", problemsPerSeed);
        ObjectNode methodsNode = root.putObject("methods");
        methods.forEach((name, m) -> {
            ObjectNode entry = methodsNode.putObject(name);
            m.metrics().forEach((key, s) -> {
                ObjectNode value = entry.putObject(key).put("mean", s.mean());
                if (Double.isNaN(s.sd())) {
                    value.putNull("sd");
                } else {
                    value.put("sd", s.sd());
                }
                value.set("per_seed", JSON.valueToTree(s.perSeed()));
            });
            entry.set("settings", m.settings());
            entry.put("delta_pooled", m.delta().estimate());
            entry.set("delta_ci95", interval(m.delta()));
            if (m.scoreMinus() != null) {
                entry.put("score_minus_acc_t2", m.scoreMinus().estimate());
                entry.set("score_minus_acc_t2_ci95", interval(m.scoreMinus()));
            }
            ArrayNode perSeed = entry.putArray("per_seed");
            for (int i = 0; i < seeds.size(); i++) {
                ObjectNode seed = perSeed.addObject().put("seed", seeds.get(i)).put("delta", m.deltaPerSeed().get(i)
                        .estimate());
                seed.set("delta_ci95", interval(m.deltaPerSeed().get(i)));
                if (!m.scoreMinusPerSeed().isEmpty()) {
                    seed.put("score_minus_acc_t2", m.scoreMinusPerSeed().get(i).estimate());
                    seed.set("score_minus_acc_t2_ci95", interval(m.scoreMinusPerSeed().get(i)));
                }
            }
        });
        return root;
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json()));
    }

    private static ArrayNode interval(Interval i) {
        return JSON.createArrayNode().add(i.low()).add(i.high());
    }
}
