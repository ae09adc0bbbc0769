package dev.recordmetric.cli;

import java.util.List;
import java.util.function.Function;

/** Busy and idle runners over the runs as an inline SVG line chart: run start times (UTC) across, runners up. */
final class ReportChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 300;
    private static final int LEFT = 56;
    private static final int RIGHT = 24;
    private static final int TOP = 40;
    private static final int BOTTOM = 58;
    private static final int INSET = 24;
    private static final int MAX_TIME_LABELS = 12;
    private static final int[] STEPS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

    private ReportChart() {}

    static String draw(List<RunSummary> runs) {
        int max = 1;
        for (RunSummary run : runs) {
            if (run.counted()) {
                max = Math.max(max, Math.max(run.busy(), run.idle()));
            }
        }
        int step = STEPS[STEPS.length - 1];
        for (int candidate : STEPS) {
            if ((max + candidate - 1) / candidate <= 6) {
                step = candidate;
                break;
            }
        }
        int top = (max + step - 1) / step * step;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" role=\"img\" aria-label=\"busy and idle runners per run\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" preserveAspectRatio=\"xMinYMin meet\">\n");
        int bottomY = HEIGHT - BOTTOM;
        for (int value = 0; value <= top; value += step) {
            double y = y(value, top);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>")
                    .append("<text class=\"tick y\" x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(y + 4)).append("\">")
                    .append(value).append("</text>\n");
        }
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(bottomY).append("\"/>");
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(bottomY).append("\" y2=\"").append(bottomY).append("\"/>\n");
        svg.append("<text class=\"axis-title\" transform=\"translate(16 ").append((TOP + bottomY) / 2).append(") rotate(-90)\">runners</text>\n");
        svg.append("<text class=\"axis-title\" x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 8)
                .append("\">run started (UTC)</text>\n");
        int every = Math.max(1, (runs.size() + MAX_TIME_LABELS - 1) / MAX_TIME_LABELS);
        for (int i = 0; i < runs.size(); i++) {
            double x = x(i, runs.size());
            svg.append("<line class=\"tick-mark\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"")
                    .append(bottomY).append("\" y2=\"").append(bottomY + 5).append("\"/>");
            if (i % every == 0 || i == runs.size() - 1 && runs.size() <= MAX_TIME_LABELS) {
                svg.append("<text class=\"tick x\" x=\"").append(fmt(x)).append("\" y=\"").append(bottomY + 20).append("\">")
                        .append(Html.escape(time(runs.get(i))))
                        .append("</text>");
            }
            if (!runs.get(i).succeeded()) {
                svg.append("<text class=\"failed-run\" x=\"").append(fmt(x)).append("\" y=\"").append(bottomY - 4).append("\"><title>")
                        .append(Html.escape("run " + runs.get(i).run() + " " + runs.get(i).status() + ": " + runs.get(i).error()))
                        .append("</title>×</text>");
            }
            svg.append('\n');
        }
        series(svg, runs, "busy", RunSummary::busy, top);
        series(svg, runs, "idle", RunSummary::idle, top);
        legend(svg);
        return svg.append("</svg>").toString();
    }

    private static void series(StringBuilder svg, List<RunSummary> runs, String name, Function<RunSummary, Integer> value, int top) {
        StringBuilder path = new StringBuilder();
        StringBuilder points = new StringBuilder();
        boolean drawing = false;
        for (int i = 0; i < runs.size(); i++) {
            RunSummary run = runs.get(i);
            if (!run.counted()) {
                drawing = false;
                continue;
            }
            String x = fmt(x(i, runs.size()));
            String y = fmt(y(value.apply(run), top));
            path.append(drawing ? " L" : (path.isEmpty() ? "M" : " M")).append(x).append(',').append(y);
            drawing = true;
            points.append("<circle class=\"point ").append(name).append("\" cx=\"").append(x).append("\" cy=\"").append(y)
                    .append("\" r=\"4\" data-run=\"").append(run.run()).append("\" data-value=\"").append(value.apply(run))
                    .append("\"><title>").append(Html.escape("run " + run.run() + " at " + time(run) + ": "
                            + value.apply(run) + " " + name)).append("</title></circle>\n");
        }
        if (!path.isEmpty()) {
            svg.append("<path class=\"series ").append(name).append("\" d=\"").append(path).append("\"/>\n");
        }
        svg.append(points);
    }

    private static void legend(StringBuilder svg) {
        int x = LEFT + 8;
        String[][] entries = {{"busy", "busy runners"}, {"idle", "idle runners"}};
        for (String[] entry : entries) {
            svg.append("<line class=\"series ").append(entry[0]).append("\" x1=\"").append(x).append("\" x2=\"").append(x + 24)
                    .append("\" y1=\"16\" y2=\"16\"/><circle class=\"point ").append(entry[0]).append(" legend\" cx=\"").append(x + 12)
                    .append("\" cy=\"16\" r=\"4\"/><text class=\"legend-text\" x=\"").append(x + 32).append("\" y=\"20\">")
                    .append(entry[1]).append("</text>\n");
            x += 140;
        }
        svg.append("<text class=\"failed-run\" x=\"").append(x + 6).append("\" y=\"21\">×</text><text class=\"legend-text\" x=\"")
                .append(x + 20).append("\" y=\"20\">failed run</text>\n");
    }

    private static String time(RunSummary run) {
        return run.startedAt() == null ? "run " + run.run() : Timeline.clock(run.startedAt());
    }

    private static double x(int index, int count) {
        double left = LEFT + INSET;
        double right = WIDTH - RIGHT - INSET;
        return count == 1 ? (left + right) / 2 : left + index * (right - left) / (count - 1);
    }

    private static double y(int value, int top) {
        return HEIGHT - BOTTOM - (double) value / top * (HEIGHT - BOTTOM - TOP);
    }

    private static String fmt(double value) {
        return Long.toString(Math.round(value));
    }
}
