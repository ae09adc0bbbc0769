package dev.recordmetric.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Draws a {@link ReportGraph} as inline SVG, each state coloured by its outcome in the last run. */
final class GraphSvg {

    /**
     * How one state fared.
     *
     * @param note shown under the name (duration, retries)
     * @param anchor the id of the state's details on the page, or null
     */
    record Mark(StateOutcome outcome, String note, String anchor) {}

    private static final int BOX_WIDTH = 210;
    private static final int BOX_HEIGHT = 54;
    private static final int GAP_X = 90;
    private static final int GAP_Y = 46;
    private static final int LEFT = 50;
    private static final int TOP = 60;
    private static final int NAME_SHOWN = 24;

    private GraphSvg() {}

    /** {@code taken} holds "from→to" for each transition the last run made. */
    static String draw(ReportGraph graph, Map<String, Mark> marks, Set<String> taken) {
        int columns = 1;
        int endRow = 0;
        for (ReportGraph.Node node : graph.nodes()) {
            columns = Math.max(columns, node.column() + 1);
            if (node.end()) {
                endRow = Math.max(endRow, node.row() + 1);
            }
        }
        int lastRow = endRow;
        for (ReportGraph.Node node : graph.nodes()) {
            lastRow = Math.max(lastRow, node.row());
        }
        int width = LEFT + columns * (BOX_WIDTH + GAP_X) - GAP_X + 30;
        int height = y(lastRow) + BOX_HEIGHT + 20;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"graph\" role=\"img\" aria-label=\"state machine\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        svg.append("<defs><marker id=\"rm-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\""
                + " markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"/></marker></defs>\n");
        int startX = centre(0);
        svg.append("<circle class=\"terminal\" cx=\"").append(startX).append("\" cy=\"22\" r=\"9\"><title>start</title></circle>\n");
        line(svg, startX, 31, startX, y(graph.node(graph.startAt()).row()), "edge next taken", null);
        for (ReportGraph.Edge edge : graph.edges()) {
            edge(svg, graph.node(edge.from()), graph.node(edge.to()), edge, taken.contains(edge.from() + "→" + edge.to()));
        }
        if (endRow > 0) {
            int endY = y(endRow) + 14;
            for (ReportGraph.Node node : graph.nodes()) {
                if (node.end()) {
                    Mark mark = marks.get(node.name());
                    boolean ended = mark != null && mark.outcome() != StateOutcome.FAILED && mark.outcome() != StateOutcome.NOT_ENTERED;
                    curve(svg, centre(node.column()), y(node.row()) + BOX_HEIGHT, startX, endY - 11, ended ? "edge next taken" : "edge next");
                }
            }
            svg.append("<circle class=\"terminal end\" cx=\"").append(startX).append("\" cy=\"").append(endY)
                    .append("\" r=\"10\"><title>end</title></circle>\n");
        }
        for (ReportGraph.Node node : graph.nodes()) {
            box(svg, node, marks.getOrDefault(node.name(), new Mark(StateOutcome.NOT_ENTERED, "", null)));
        }
        return svg.append("</svg>").toString();
    }

    private static void edge(StringBuilder svg, ReportGraph.Node from, ReportGraph.Node to, ReportGraph.Edge edge, boolean taken) {
        String css = "edge " + edge.kind().name().toLowerCase(Locale.ROOT) + (taken ? " taken" : "");
        if (to.row() <= from.row()) {
            int x = LEFT + from.column() * (BOX_WIDTH + GAP_X);
            int fromY = y(from.row()) + BOX_HEIGHT / 2;
            int toY = y(to.row()) + BOX_HEIGHT / 2;
            svg.append("<path class=\"").append(css).append("\" d=\"M").append(x).append(',').append(fromY).append(" C")
                    .append(x - 40).append(',').append(fromY).append(' ').append(x - 40).append(',').append(toY).append(' ')
                    .append(x).append(',').append(toY).append("\" marker-end=\"url(#rm-arrow)\"/>\n");
            return;
        }
        int fromX = centre(from.column()) + (to.column() == from.column() ? 0 : BOX_WIDTH / 4);
        int fromY = y(from.row()) + BOX_HEIGHT;
        int toX = centre(to.column());
        int toY = y(to.row());
        if (fromX == toX) {
            line(svg, fromX, fromY, toX, toY, css, edge.label());
        } else {
            curve(svg, fromX, fromY, toX, toY, css);
            label(svg, (fromX + toX) / 2 + 8, (fromY + toY) / 2 - 4, edge.label());
        }
    }

    private static void line(StringBuilder svg, int x1, int y1, int x2, int y2, String css, String label) {
        svg.append("<line class=\"").append(css).append("\" x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"")
                .append(x2).append("\" y2=\"").append(y2).append("\" marker-end=\"url(#rm-arrow)\"/>\n");
        label(svg, x1 + 6, (y1 + y2) / 2 + 4, label);
    }

    private static void curve(StringBuilder svg, int x1, int y1, int x2, int y2, String css) {
        int middle = (y1 + y2) / 2;
        svg.append("<path class=\"").append(css).append("\" d=\"M").append(x1).append(',').append(y1).append(" C").append(x1)
                .append(',').append(middle).append(' ').append(x2).append(',').append(middle).append(' ').append(x2).append(',')
                .append(y2).append("\" marker-end=\"url(#rm-arrow)\"/>\n");
    }

    private static void label(StringBuilder svg, int x, int y, String text) {
        if (text != null && !text.isEmpty()) {
            svg.append("<text class=\"edge-label\" x=\"").append(x).append("\" y=\"").append(y).append("\">")
                    .append(Html.escape(text)).append("</text>\n");
        }
    }

    private static void box(StringBuilder svg, ReportGraph.Node node, Mark mark) {
        int x = LEFT + node.column() * (BOX_WIDTH + GAP_X);
        int y = y(node.row());
        String name = Timeline.truncate(node.name(), NAME_SHOWN);
        String note = node.type() + (mark.note().isEmpty() ? "" : " · " + mark.note());
        if (mark.anchor() != null) {
            svg.append("<a href=\"#").append(Html.escape(mark.anchor())).append("\">");
        }
        svg.append("<g class=\"state ").append(mark.outcome().cssClass()).append("\" data-state=\"").append(Html.escape(node.name()))
                .append("\"><title>").append(Html.escape(node.name() + " (" + node.type() + "): " + mark.outcome().label()))
                .append("</title>");
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH).append("\" height=\"")
                .append(BOX_HEIGHT).append("\" rx=\"8\"/>");
        svg.append("<text class=\"name\" x=\"").append(x + BOX_WIDTH / 2).append("\" y=\"").append(y + 23).append("\">")
                .append(Html.escape(name)).append("</text>");
        svg.append("<text class=\"note\" x=\"").append(x + BOX_WIDTH / 2).append("\" y=\"").append(y + 42).append("\">")
                .append(Html.escape(Timeline.truncate(note, 34))).append("</text></g>");
        if (mark.anchor() != null) {
            svg.append("</a>");
        }
        svg.append('\n');
    }

    private static int centre(int column) {
        return LEFT + column * (BOX_WIDTH + GAP_X) + BOX_WIDTH / 2;
    }

    private static int y(int row) {
        return TOP + row * (BOX_HEIGHT + GAP_Y);
    }
}
