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
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                minY = Math.min(minY, s.y()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        if (!(minX < maxX)) {
            maxX = minX + 1;
        }
        if (!(minY < maxY)) {
            maxY = minY + 1;
        }
        StringBuilder svg = open(title);
        axes(svg, minY, maxY, xLabel, minX, maxX);
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String color = COLORS.get(s % COLORS.size());
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" points=\"");
            for (int i = 0; i < line.x().length; i++) {
                svg.append(fmt(px(line.x()[i], minX, maxX))).append(',').append(fmt(py(line.y()[i], minY, maxY))).append(' ');
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
        maxY = maxY > 0 ? maxY : 1;
        StringBuilder svg = open(title);
        axes(svg, 0, maxY, xLabel, 0, 0);
        int bins = binLabels.size();
        double slot = (WIDTH - LEFT - RIGHT) / (double) bins;
        double bar = slot * 0.8 / Math.max(1, series.size());
        for (int b = 0; b < bins; b++) {
            double x0 = LEFT + b * slot + slot * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double y = py(series.get(s).y()[b], 0, maxY);
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

    private static void axes(StringBuilder svg, double minY, double maxY, String xLabel, double minX, double maxX) {
        int bottom = HEIGHT - BOTTOM;
        svg.append("<line x1=\"" + LEFT + "\" y1=\"" + TOP + "\" x2=\"" + LEFT + "\" y2=\"" + bottom
                + "\" stroke=\"#444\"/>");
        svg.append("<line x1=\"" + LEFT + "\" y1=\"" + bottom + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\"" + bottom
                + "\" stroke=\"#444\"/>");
        for (int i = 0; i <= 4; i++) {
            double v = minY + (maxY - minY) * i / 4;
            double y = py(v, minY, maxY);
            svg.append("<line x1=\"" + LEFT + "\" x2=\"" + (WIDTH - RIGHT) + "\" y1=\"" + fmt(y) + "\" y2=\"" + fmt(y)
                    + "\" stroke=\"#ddd\"/>");
            svg.append(text(LEFT - 4, y + 3, String.format(Locale.ROOT, "%.3g", v), "end", 9));
        }
        if (maxX > minX) {
            svg.append(text(LEFT, bottom + 12, String.format(Locale.ROOT, "%.0f", minX), "middle", 9));
            svg.append(text(WIDTH - RIGHT, bottom + 12, String.format(Locale.ROOT, "%.0f", maxX), "middle", 9));
        }
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

    private static double px(double x, double min, double max) {
        return LEFT + (x - min) / (max - min) * (WIDTH - LEFT - RIGHT);
    }

    private static double py(double y, double min, double max) {
        return HEIGHT - BOTTOM - (y - min) / (max - min) * (HEIGHT - TOP - BOTTOM);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
