package dev.score.rl.report;

import java.util.List;
import java.util.Locale;

/** Small inline-SVG charts (no scripts, no network), so the report reads offline in any browser. */
final class SvgChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 240;
    private static final int LEFT = 50;
    private static final int RIGHT = 130;
    private static final int TOP = 28;
    private static final int BOTTOM = 30;
    /** At most this many intervals between ticks: labels 30 px apart on the y axis, 45 px on the x axis. */
    private static final int Y_INTERVALS = 6;
    private static final int X_INTERVALS = 8;
    private static final List<String> COLORS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f");

    /** One line of a chart: a name and its points. */
    record Series(String name, double[] x, double[] y) {
    }

    private SvgChart() {
    }

    static String lines(String title, String xLabel, List<Series> series) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                    continue;
                }
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                minY = Math.min(minY, s.y()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        if (minX > maxX) {
            // No finite points at all: an empty chart over [0, 1] rather than infinite bounds.
            minX = minY = 0;
            maxX = maxY = 1;
        }
        AxisTicks xTicks = AxisTicks.covering(minX, maxX, X_INTERVALS, true);
        AxisTicks yTicks = AxisTicks.covering(minY, maxY, Y_INTERVALS, false);
        StringBuilder svg = open(title);
        yAxis(svg, yTicks);
        xAxis(svg, xTicks, xLabel);
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String color = COLORS.get(s % COLORS.size());
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" points=\"");
            for (int i = 0; i < line.x().length; i++) {
                svg.append(fmt(px(line.x()[i], xTicks))).append(',').append(fmt(py(line.y()[i], yTicks))).append(' ');
            }
            svg.append("\"/>");
            legend(svg, s, line.name(), color);
        }
        return svg.append("</svg>").toString();
    }

    /** Side-by-side bars per bin, one color per series (e.g. edit-ratio histograms per method). */
    static String bars(String title, String xLabel, List<String> binLabels, List<Series> series) {
        double maxY = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                maxY = Math.max(maxY, v);
            }
        }
        AxisTicks yTicks = AxisTicks.covering(0, maxY > 0 ? maxY : 1, Y_INTERVALS, false);
        StringBuilder svg = open(title);
        yAxis(svg, yTicks);
        baseline(svg, xLabel);
        int bins = binLabels.size();
        double slot = (WIDTH - LEFT - RIGHT) / (double) bins;
        double bar = slot * 0.8 / Math.max(1, series.size());
        for (int b = 0; b < bins; b++) {
            double x0 = LEFT + b * slot + slot * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double y = py(series.get(s).y()[b], yTicks);
                svg.append("<rect x=\"").append(fmt(x0 + s * bar)).append("\" y=\"").append(fmt(y))
                        .append("\" width=\"").append(fmt(bar)).append("\" height=\"")
                        .append(fmt(HEIGHT - BOTTOM - y)).append("\" fill=\"").append(COLORS.get(s % COLORS.size()))
                        .append("\"/>");
            }
            svg.append(text(LEFT + b * slot + slot / 2, HEIGHT - BOTTOM + 12, binLabels.get(b), "middle", 9));
        }
        for (int s = 0; s < series.size(); s++) {
            legend(svg, s, series.get(s).name(), COLORS.get(s % COLORS.size()));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" font-family=\"sans-serif\">");
        return svg.append(text(WIDTH / 2.0 - RIGHT / 2.0, 16, title, "middle", 13));
    }

    /** The y axis with a labelled grid line at each tick. */
    private static void yAxis(StringBuilder svg, AxisTicks ticks) {
        svg.append("<line x1=\"" + LEFT + "\" y1=\"" + TOP + "\" x2=\"" + LEFT + "\" y2=\"" + (HEIGHT - BOTTOM)
                + "\" stroke=\"#444\"/>");
        for (int i = 0; i < ticks.count(); i++) {
            double y = py(ticks.value(i), ticks);
            svg.append("<line x1=\"" + LEFT + "\" x2=\"" + (WIDTH - RIGHT) + "\" y1=\"" + fmt(y) + "\" y2=\"" + fmt(y)
                    + "\" stroke=\"#ddd\"/>");
            svg.append(text(LEFT - 4, y + 3, ticks.label(i), "end", 9));
        }
    }

    /** The x axis with a tick mark and label at each tick. */
    private static void xAxis(StringBuilder svg, AxisTicks ticks, String xLabel) {
        baseline(svg, xLabel);
        int bottom = HEIGHT - BOTTOM;
        for (int i = 0; i < ticks.count(); i++) {
            double x = px(ticks.value(i), ticks);
            svg.append("<line x1=\"" + fmt(x) + "\" x2=\"" + fmt(x) + "\" y1=\"" + bottom + "\" y2=\"" + (bottom + 4)
                    + "\" stroke=\"#444\"/>");
            svg.append(text(x, bottom + 13, ticks.label(i), "middle", 9));
        }
    }

    private static void baseline(StringBuilder svg, String xLabel) {
        int bottom = HEIGHT - BOTTOM;
        svg.append("<line x1=\"" + LEFT + "\" y1=\"" + bottom + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\"" + bottom
                + "\" stroke=\"#444\"/>");
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 4, xLabel, "middle", 10));
    }

    private static void legend(StringBuilder svg, int index, String name, String color) {
        double y = TOP + 6 + index * 15;
        svg.append("<rect x=\"" + (WIDTH - RIGHT + 8) + "\" y=\"" + fmt(y - 8) + "\" width=\"10\" height=\"10\" fill=\""
                + color + "\"/>");
        svg.append(text(WIDTH - RIGHT + 22, y + 1, name, "start", 10));
    }

    private static String text(double x, double y, String content, String anchor, int size) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" font-size=\"" + size + "\" text-anchor=\"" + anchor
                + "\">" + Html.escape(content) + "</text>";
    }

    private static double px(double x, AxisTicks axis) {
        return LEFT + (x - axis.low()) / (axis.high() - axis.low()) * (WIDTH - LEFT - RIGHT);
    }

    private static double py(double y, AxisTicks axis) {
        return HEIGHT - BOTTOM - (y - axis.low()) / (axis.high() - axis.low()) * (HEIGHT - TOP - BOTTOM);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
