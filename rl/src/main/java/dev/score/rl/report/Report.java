package dev.score.rl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.train.Method;
import dev.score.rl.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code report.html}: one self-contained page (inline SVG, no scripts) with the paper's table, the training
 * curves of each method from the {@code metrics.jsonl} of its training directory ({@code trained_in} in
 * {@code metrics.json}, else {@code METHOD/}): reward per attempt, their difference and validation accuracy, KL per
 * attempt (the supervised baselines log only a validation per round); the edit-distance-ratio histogram per
 * method, and sample conversations per method.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {
    }

    public static Path write(RunDirectory run) throws IOException {
        JsonNode metrics = JSON.readTree(run.finalMetrics().toFile());
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>SCoRe run "
                + "report</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                + "td:first-child,th:first-child{text-align:left}pre{background:#f6f6f6;padding:6px;margin:2px 0;"
                + "white-space:pre-wrap}.ok{color:#2a2}.bad{color:#c22}</style></head><body>");
        html.append("<h1>SCoRe run: ").append(Html.escape(metrics.path("task").asText())).append("</h1>");
        html.append("<p>Run directory <code>").append(Html.escape(run.root().toString()))
                .append("</code>. Greedy two-attempt evaluation on the test split; percentages of all problems.</p>");
        table(html, metrics.path("methods"));
        html.append("<h2>Training</h2>");
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.path("methods").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String method = entry.getKey();
            JsonNode trainedIn = entry.getValue().path("trained_in");
            List<JsonNode> steps = steps(trainedIn.isTextual() ? new RunDirectory(run.root().resolve(trainedIn.asText()))
                    : run.method(method));
            if (!steps.isEmpty()) {
                html.append("<h3>").append(Html.escape(method)).append("</h3>");
                curves(html, steps);
            }
        }
        histograms(html, metrics.path("methods"));
        samples(html, run.samples());
        html.append("</body></html>");
        Files.writeString(run.report(), html, StandardCharsets.UTF_8);
        return run.report();
    }

    /**
     * The paper's tables (see {@link Method#comparisonTables}), with the changed-answer rate and the paired
     * intervals ({@link dev.score.rl.train.JobResults}) beside them.
     */
    private static void table(StringBuilder html, JsonNode methods) {
        List<String> names = new ArrayList<>();
        methods.fieldNames().forEachRemaining(names::add);
        Method.comparisonTables(names).forEach((title, rows) -> {
            html.append("<h2>").append(Html.escape(title)).append("</h2><table><tr><th>method</th><th>Acc@t1</th>"
                    + "<th>Acc@t2</th><th>Δ(t1,t2)</th><th>Δ<sup>i→c</sup></th><th>Δ<sup>c→i</sup></th>"
                    + "<th>changed answers</th><th>Δ 95% CI</th><th>SCoRe − it, Acc@t2 (95% CI)</th></tr>");
            for (String name : rows) {
                JsonNode m = methods.path(name);
                html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%+.1f</td>"
                        + "<td>%.1f</td><td>%.1f</td><td>%.1f</td>", Html.escape(name),
                        100 * m.path("acc_t1").asDouble(), 100 * m.path("acc_t2").asDouble(),
                        100 * m.path("delta").asDouble(), 100 * m.path("delta_i2c").asDouble(),
                        100 * m.path("delta_c2i").asDouble(), 100 * m.path("changed_answer_rate").asDouble()));
                html.append("<td>").append(interval(m.path("delta_ci95"))).append("</td><td>");
                if (m.has("score_minus_acc_t2")) {
                    html.append(String.format(Locale.ROOT, "%+.1f ", 100 * m.path("score_minus_acc_t2").asDouble()))
                            .append(interval(m.path("score_minus_acc_t2_ci95")));
                }
                html.append("</td></tr>");
            }
            html.append("</table>");
        });
    }

    /** A {@code [low, high]} pair of fractions as percent, or nothing when the run wrote none. */
    private static String interval(JsonNode range) {
        return range.size() != 2 ? "" : String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * range.get(0).asDouble(),
                100 * range.get(1).asDouble());
    }

    private static List<JsonNode> steps(RunDirectory methodRun) throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        if (Files.exists(methodRun.stepMetrics())) {
            for (String line : Files.readAllLines(methodRun.stepMetrics(), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    steps.add(JSON.readTree(line));
                }
            }
        }
        return steps;
    }

    private static void curves(StringBuilder html, List<JsonNode> steps) {
        chart(html, "Reward per attempt (training samples, T = 1)", List.of(
                series("attempt 1", steps, "reward_t1", n -> n.path("reward_t1").asDouble()),
                series("attempt 2", steps, "reward_t2", n -> n.path("reward_t2").asDouble())));
        chart(html, "Δ(t1,t2) over training", List.of(
                series("r2 − r1 (train)", steps, "reward_t2",
                        n -> n.path("reward_t2").asDouble() - n.path("reward_t1").asDouble()),
                series("Δ validation", steps, "val_acc_t2",
                        n -> n.path("val_acc_t2").asDouble() - n.path("val_acc_t1").asDouble())));
        chart(html, "Validation accuracy (greedy)", List.of(
                series("Acc@t1", steps, "val_acc_t1", n -> n.path("val_acc_t1").asDouble()),
                series("Acc@t2", steps, "val_acc_t2", n -> n.path("val_acc_t2").asDouble())));
        chart(html, "KL to the base model per token", List.of(
                series("attempt 1", steps, "kl_t1", n -> n.path("kl_t1").asDouble()),
                series("attempt 2", steps, "kl_t2", n -> n.path("kl_t2").asDouble())));
    }

    /** A line chart over training steps of the series that have points; none when no series has one. */
    private static void chart(StringBuilder html, String title, List<SvgChart.Series> series) {
        List<SvgChart.Series> drawn = series.stream().filter(s -> s.x().length > 0).toList();
        if (!drawn.isEmpty()) {
            html.append(SvgChart.lines(title, "step", drawn));
        }
    }

    /** The points of steps that have {@code key}, smoothed over 5 steps when every step has it. */
    private static SvgChart.Series series(String name, List<JsonNode> steps, String key, ToDoubleFunction<JsonNode> y) {
        List<JsonNode> having = steps.stream().filter(n -> n.has(key)).toList();
        double[] xs = new double[having.size()];
        double[] ys = new double[having.size()];
        boolean smooth = having.size() == steps.size();
        for (int i = 0; i < having.size(); i++) {
            xs[i] = having.get(i).path("step").asDouble();
            double sum = 0;
            int count = 0;
            for (int j = Math.max(0, smooth ? i - 4 : i); j <= i; j++) {
                sum += y.applyAsDouble(having.get(j));
                count++;
            }
            ys[i] = sum / count;
        }
        return new SvgChart.Series(name, xs, ys);
    }

    private static void histograms(StringBuilder html, JsonNode methods) {
        List<String> bins = new ArrayList<>();
        for (int b = 0; b < SelfCorrectionMetrics.BINS; b++) {
            bins.add(String.format(Locale.ROOT, "%.1f", (double) b / SelfCorrectionMetrics.BINS));
        }
        List<SvgChart.Series> series = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode h = e.getValue().path("edit_ratio_histogram");
            double[] ys = new double[SelfCorrectionMetrics.BINS];
            double total = Math.max(1, e.getValue().path("problems").asDouble());
            for (int b = 0; b < ys.length; b++) {
                ys[b] = h.path(b).asDouble() / total;
            }
            series.add(new SvgChart.Series(e.getKey(), new double[ys.length], ys));
        }
        html.append("<h2>Edit distance between attempts</h2><p>Edit distance / (|y1| + |y2|); 0 means attempt 2 "
                + "copies attempt 1 (collapse).</p>");
        html.append(SvgChart.bars("Edit-distance ratio (fraction of problems)", "ratio bin", bins, series));
    }

    private static void samples(StringBuilder html, Path samplesFile) throws IOException {
        if (!Files.exists(samplesFile)) {
            return;
        }
        JsonNode samples = JSON.readTree(samplesFile.toFile());
        html.append("<h2>Sample conversations</h2><p>Greedy test conversations: first those whose attempt 2 "
                + "fixed a wrong attempt 1, then those where it broke a right one, then the first others.</p>");
        for (Iterator<Map.Entry<String, JsonNode>> it = samples.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            html.append("<h3>").append(Html.escape(e.getKey())).append("</h3>");
            for (JsonNode s : e.getValue()) {
                html.append("<p><b>Problem:</b> ").append(Html.escape(s.path("problem").asText())).append("</p>");
                attempt(html, "Attempt 1", s.path("attempt1").asText(), s.path("correct1").asBoolean());
                attempt(html, "Attempt 2", s.path("attempt2").asText(), s.path("correct2").asBoolean());
            }
        }
    }

    private static void attempt(StringBuilder html, String label, String text, boolean correct) {
        html.append("<div>").append(label).append(" <span class=\"").append(correct ? "ok\">right" : "bad\">wrong")
                .append("</span><pre>").append(Html.escape(text)).append("</pre></div>");
    }
}
