package dev.recordmetric.listrunners;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ListRunners' state output: the exact counts per state, and the runners' names as far as they fit
 * in {@link #NAME_BUDGET_BYTES}, so the console shows who was seen while the output stays far below
 * Step Functions' 256 KiB payload limit (an overflow there cannot be caught). Names are dropped,
 * never counts.
 */
final class ObservationOutput {

    static final int NAME_BUDGET_BYTES = 64 * 1024;

    private ObservationOutput() {
    }

    static ObjectNode render(ListRunnersConfig config, Listing listing) {
        Map<RunnerState, List<String>> names = new EnumMap<>(RunnerState.class);
        for (RunnerState state : RunnerState.values()) {
            names.put(state, new ArrayList<>());
        }
        listing.runners().forEach(runner -> names.get(runner.state()).add(runner.name()));
        names.values().forEach(list -> list.sort(Comparator.naturalOrder()));

        ObjectNode output = Json.MAPPER.createObjectNode()
                .put("observedAt", listing.observedAt().toString())
                .put("organization", config.organization())
                .put("label", config.label());
        int budget = NAME_BUDGET_BYTES;
        int omitted = 0;
        for (RunnerState state : RunnerState.values()) {
            List<String> group = names.get(state);
            ObjectNode node = output.putObject(state.name().toLowerCase(Locale.ROOT)).put("count", group.size());
            ArrayNode shown = node.putArray("names");
            for (String name : group) {
                int cost = name.getBytes(StandardCharsets.UTF_8).length + 3;
                if (cost > budget) {
                    omitted++;
                    continue;
                }
                budget -= cost;
                shown.add(name);
            }
        }
        output.put("namesOmitted", omitted)
                .put("runnersSeen", listing.runnersSeen())
                .put("pages", listing.pages())
                .put("requests", listing.requests());
        listing.rateLimitRemaining().ifPresent(remaining -> output.put("rateLimitRemaining", remaining));
        return output;
    }
}
