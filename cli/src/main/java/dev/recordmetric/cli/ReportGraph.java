package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The states and transitions of a state machine definition (Next, Choice, Catch and End; the
 * states of a Parallel or Map are not drawn), laid out top to bottom: each state one row below
 * the furthest state that leads to it, the path from StartAt through Next in the first column,
 * the other states (Fail states reached by a Catch) to its right.
 */
final class ReportGraph {

    enum EdgeKind {
        NEXT,
        CHOICE,
        CATCH
    }

    record Node(String name, String type, boolean end, int row, int column) {}

    record Edge(String from, String to, EdgeKind kind, String label) {}

    private final String startAt;
    private final Map<String, Node> nodes;
    private final List<Edge> edges;

    private ReportGraph(String startAt, Map<String, Node> nodes, List<Edge> edges) {
        this.startAt = startAt;
        this.nodes = nodes;
        this.edges = edges;
    }

    /** Reads the definition's top-level states; throws {@link CliException} when it is not a state machine. */
    static ReportGraph parse(String definition) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(definition);
        } catch (IOException e) {
            throw new CliException("the report cannot read the state machine definition: " + RunCommand.firstLine(e.getMessage()));
        }
        JsonNode states = json == null ? null : json.get("States");
        if (states == null || !states.isObject() || !json.hasNonNull("StartAt")) {
            throw new CliException("the report cannot read the state machine definition: no StartAt or States");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        states.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
        List<Edge> edges = new ArrayList<>();
        byName.forEach((name, state) -> edges.addAll(edgesOf(name, state, byName.keySet())));
        String startAt = json.get("StartAt").asText();
        Map<String, Integer> rows = rows(startAt, byName.keySet(), edges);
        Map<String, Integer> columns = columns(startAt, byName.keySet(), edges, rows);
        Map<String, Node> nodes = new LinkedHashMap<>();
        byName.forEach((name, state) -> nodes.put(name, new Node(name, state.path("Type").asText(),
                state.path("End").asBoolean(false), rows.get(name), columns.get(name))));
        return new ReportGraph(startAt, nodes, List.copyOf(edges));
    }

    private static List<Edge> edgesOf(String name, JsonNode state, Set<String> known) {
        List<Edge> edges = new ArrayList<>();
        if (state.hasNonNull("Next")) {
            edges.add(new Edge(name, state.get("Next").asText(), EdgeKind.NEXT, ""));
        }
        int choice = 0;
        for (JsonNode rule : state.path("Choices")) {
            choice++;
            if (rule.hasNonNull("Next")) {
                edges.add(new Edge(name, rule.get("Next").asText(), EdgeKind.CHOICE, "choice " + choice));
            }
        }
        if (state.hasNonNull("Default")) {
            edges.add(new Edge(name, state.get("Default").asText(), EdgeKind.CHOICE, "default"));
        }
        for (JsonNode catcher : state.path("Catch")) {
            if (catcher.hasNonNull("Next")) {
                List<String> errors = new ArrayList<>();
                catcher.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
                edges.add(new Edge(name, catcher.get("Next").asText(), EdgeKind.CATCH, "Catch " + String.join(", ", errors)));
            }
        }
        return edges.stream().filter(e -> known.contains(e.to())).toList();
    }

    /** Longest path from StartAt, ignoring the edges that go back (loops). */
    private static Map<String, Integer> rows(String startAt, Set<String> names, List<Edge> edges) {
        List<String> postOrder = new ArrayList<>();
        Set<Edge> back = new HashSet<>();
        depthFirst(startAt, edges, new HashSet<>(), new HashSet<>(), postOrder, back);
        Map<String, Integer> rows = new HashMap<>();
        names.forEach(n -> rows.put(n, 0));
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            String from = postOrder.get(i);
            for (Edge edge : edges) {
                if (edge.from().equals(from) && !back.contains(edge)) {
                    rows.merge(edge.to(), rows.get(from) + 1, Math::max);
                }
            }
        }
        return rows;
    }

    private static void depthFirst(String name, List<Edge> edges, Set<String> done, Set<String> onPath, List<String> postOrder,
            Set<Edge> back) {
        if (!done.add(name)) {
            return;
        }
        onPath.add(name);
        for (Edge edge : edges) {
            if (edge.from().equals(name)) {
                if (onPath.contains(edge.to())) {
                    back.add(edge);
                } else {
                    depthFirst(edge.to(), edges, done, onPath, postOrder, back);
                }
            }
        }
        onPath.remove(name);
        postOrder.add(name);
    }

    private static Map<String, Integer> columns(String startAt, Set<String> names, List<Edge> edges, Map<String, Integer> rows) {
        Map<String, Integer> columns = new HashMap<>();
        String current = startAt;
        while (current != null && !columns.containsKey(current)) {
            columns.put(current, 0);
            String from = current;
            // The main path: Next, or a Choice's Default (the rules lead off it, e.g. to a Wait loop).
            current = edges.stream().filter(e -> e.from().equals(from) && e.kind() != EdgeKind.CATCH)
                    .sorted(java.util.Comparator.comparing((Edge e) -> e.kind() == EdgeKind.NEXT || e.label().equals("default")).reversed())
                    .map(Edge::to).filter(to -> rows.get(to) > rows.get(from)).findFirst().orElse(null);
        }
        Map<Integer, Integer> nextInRow = new HashMap<>();
        for (String name : names) {
            if (!columns.containsKey(name)) {
                columns.put(name, nextInRow.merge(rows.get(name), 1, Integer::sum));
            }
        }
        return columns;
    }

    String startAt() {
        return startAt;
    }

    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    List<Edge> edges() {
        return edges;
    }

    Node node(String name) {
        return nodes.get(name);
    }
}
