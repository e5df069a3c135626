package dev.score.rl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.AtomicFiles;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.Method;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report.html} of several seeds combined, from their {@code summary.json}: the comparison tables
 * as mean ± standard deviation over seeds with the pooled paired intervals, each seed's intervals, Acc@t2 per
 * method and seed as a chart, the sweep (from a {@code sweep.json} beside the summary, when the seeds ran
 * after one), and a link to each seed's own report.
 */
public final class SummaryReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LABELS = {"Acc@t1", "Acc@t2", "Δ(t1,t2)", "Δ<sup>i→c</sup>", "Δ<sup>c→i</sup>"};
    private static final String[] KEYS = {"acc_t1", "acc_t2", "delta", "delta_i2c", "delta_c2i"};

    private SummaryReport() {
    }

    /** Writes {@code report} from {@code summaryJson}; returns {@code report}. */
    public static Path write(Path summaryJson, Path report) throws IOException {
        JsonNode summary = JSON.readTree(summaryJson.toFile());
        JsonNode methods = summary.path("methods");
        List<String> seeds = new ArrayList<>();
        summary.path("seeds").forEach(s -> seeds.add(s.asText()));
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>SCoRe over "
                + "seeds</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:4px 10px;"
                + "text-align:right}td:first-child,th:first-child{text-align:left}</style></head><body>");
        html.append("<h1>SCoRe over seeds: ").append(Html.escape(summary.path("task").asText())).append("</h1>");
        html.append(String.format(Locale.ROOT, "<p>Seeds %s, with %d test problems each (greedy, both attempts). Each cell "
                + "is the mean ± standard deviation over seeds, in percent: what training varies. The intervals pool "
                + "the %d (seed, problem) pairs in one paired bootstrap (95 %%): what the test problems drawn could "
                + "move.</p>", Html.escape(String.join(", ", seeds)), summary.path("problems_per_seed").asInt(),
                seeds.size() * summary.path("problems_per_seed").asInt()));
        comparison(html, methods);
        perSeed(html, methods, seeds);
        html.append(SvgChart.bars("Acc@t2 per seed (test, greedy)", "method", names(methods),
                accT2PerSeed(methods, seeds)));
        Path sweep = summaryJson.resolveSibling("sweep.json");
        if (Files.isRegularFile(sweep)) {
            sweep(html, JSON.readTree(sweep.toFile()));
        }
        runs(html, summary.path("runs"), report);
        html.append("</body></html>");
        AtomicFiles.write(report, html.toString().getBytes(StandardCharsets.UTF_8));
        return report;
    }

    private static List<String> names(JsonNode methods) {
        List<String> names = new ArrayList<>();
        methods.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void comparison(StringBuilder html, JsonNode methods) {
        Method.comparisonTables(names(methods)).forEach((title, rows) -> {
            html.append("<h2>").append(Html.escape(title)).append("</h2><table><tr><th>method</th>");
            for (String label : LABELS) {
                html.append("<th>").append(label).append("</th>");
            }
            html.append("<th>Δ 95% CI (pooled)</th><th>SCoRe − it, Acc@t2 (pooled 95% CI)</th><th>trained with</th>"
                    + "</tr>");
            for (String name : rows) {
                JsonNode m = methods.path(name);
                html.append("<tr><td>").append(Html.escape(name)).append("</td>");
                for (String key : KEYS) {
                    html.append("<td>").append(spread(m.path(key), key.equals("delta"))).append("</td>");
                }
                html.append("<td>").append(interval(m.path("delta_ci95"))).append("</td><td>");
                if (m.has("score_minus_acc_t2")) {
                    html.append(String.format(Locale.ROOT, "%+.1f ", 100 * m.path("score_minus_acc_t2").asDouble()))
                            .append(interval(m.path("score_minus_acc_t2_ci95")));
                }
                html.append("</td><td>").append(Html.escape(ConfigTree.describe(m.path("settings")))).append("</td></tr>");
            }
            html.append("</table>");
        });
    }

    private static void perSeed(StringBuilder html, JsonNode methods, List<String> seeds) {
        html.append("<h2>Each seed on its own</h2><p>Δ's paired 95 % interval and, beside SCoRe, SCoRe's Acc@t2 "
                + "minus the method's with its interval, as each seed's own run computed them.</p><table><tr>"
                + "<th>method</th>");
        seeds.forEach(s -> html.append("<th>seed ").append(Html.escape(s)).append("</th>"));
        html.append("</tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            html.append("<tr><td>").append(Html.escape(e.getKey())).append("</td>");
            for (JsonNode seed : e.getValue().path("per_seed")) {
                html.append(String.format(Locale.ROOT, "<td>Δ %+.1f %s", 100 * seed.path("delta").asDouble(),
                        interval(seed.path("delta_ci95"))));
                if (seed.has("score_minus_acc_t2")) {
                    html.append(String.format(Locale.ROOT, "<br>SCoRe − it %+.1f %s",
                            100 * seed.path("score_minus_acc_t2").asDouble(),
                            interval(seed.path("score_minus_acc_t2_ci95"))));
                }
                html.append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    /** One series per seed, one bar per method: a seed far from the others shows at a glance. */
    private static List<SvgChart.Series> accT2PerSeed(JsonNode methods, List<String> seeds) {
        List<String> names = names(methods);
        List<SvgChart.Series> series = new ArrayList<>();
        for (int s = 0; s < seeds.size(); s++) {
            double[] ys = new double[names.size()];
            for (int m = 0; m < names.size(); m++) {
                ys[m] = methods.path(names.get(m)).path("acc_t2").path("per_seed").path(s).asDouble();
            }
            series.add(new SvgChart.Series("seed " + seeds.get(s), new double[ys.length], ys));
        }
        return series;
    }

    private static void sweep(StringBuilder html, JsonNode sweep) {
        List<String> values = new ArrayList<>();
        sweep.path("values").forEach(v -> values.add(v.asText()));
        html.append("<h2>Sweep of ").append(Html.escape(sweep.path("key").asText())).append(" on seed ")
                .append(sweep.path("seed").asLong()).append("</h2><p>Validation Acc@t2 (%) of each method's kept "
                + "policy per value; the value in bold was chosen, and every seed trained with it. No test problem "
                + "was looked at.</p><table><tr><th>method</th>");
        values.forEach(v -> html.append("<th>").append(Html.escape(v)).append("</th>"));
        html.append("</tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it = sweep.path("methods").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            html.append("<tr><td>").append(Html.escape(e.getKey())).append("</td>");
            for (JsonNode c : e.getValue().path("candidates")) {
                String score = String.format(Locale.ROOT, "%.1f", 100 * c.path("validation_acc_t2").asDouble());
                boolean chosen = c.path("value").asText().equals(e.getValue().path("chosen").asText());
                html.append("<td>").append(chosen ? "<b>" + score + "</b>" : score).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
        sweep.path("not_swept").fields().forEachRemaining(e -> html.append("<p>").append(Html.escape(e.getKey()))
                .append(" is not swept: ").append(Html.escape(e.getValue().asText())).append(".</p>"));
    }

    private static void runs(StringBuilder html, JsonNode runs, Path report) {
        html.append("<h2>The runs</h2><ul>");
        Path from = report.toAbsolutePath().getParent();
        for (JsonNode run : runs) {
            Path dir = Path.of(run.asText()).toAbsolutePath();
            String link = from.relativize(dir.resolve("report.html")).toString();
            html.append("<li><a href=\"").append(Html.escape(link)).append("\">").append(Html.escape(run.asText()))
                    .append("</a></li>");
        }
        html.append("</ul>");
    }

    /** {@code 61.2 ± 0.8} in percent; the mean alone where the summary has no standard deviation (one seed). */
    private static String spread(JsonNode value, boolean signed) {
        String mean = String.format(Locale.ROOT, signed ? "%+.1f" : "%.1f", 100 * value.path("mean").asDouble());
        JsonNode sd = value.path("sd");
        return sd.isNumber() ? mean + String.format(Locale.ROOT, " ± %.1f", 100 * sd.asDouble()) : mean;
    }

    private static String interval(JsonNode range) {
        return range.size() != 2 ? "" : String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * range.get(0).asDouble(),
                100 * range.get(1).asDouble());
    }
}
