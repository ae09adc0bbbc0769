package dev.recordmetric.listrunners;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.JsonStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * never counts. A name costs what it takes in the JSON text: quoted, escaped (a control character
 * escapes to up to six bytes) and UTF-8 encoded, plus its comma.
 *
 * <p>Fields: {@code observedAt}, {@code organization}, {@code label}, {@code busy}/{@code idle}/
 * {@code offline} ({@code {count, names}}), {@code namesOmitted}, {@code runnersSeen}, {@code pages},
 * {@code requests}, {@code listings}, and GitHub's rate-limit headers of the last response as
 * {@code rateLimitLimit}, {@code rateLimitRemaining}, {@code rateLimitUsed}, {@code rateLimitReset}
 * (ISO-8601) and {@code rateLimitResource}, each when GitHub sent it.
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

        ObjectNode output = JsonStreams.objectNode()
                .put("observedAt", listing.observedAt().toString())
                .put("organization", config.organization())
                .put("label", config.label());
        long budget = NAME_BUDGET_BYTES;
        int omitted = 0;
        var counter = new ByteCounter();
        for (RunnerState state : RunnerState.values()) {
            List<String> group = names.get(state);
            ObjectNode node = output.putObject(state.name().toLowerCase(Locale.ROOT)).put("count", group.size());
            ArrayNode shown = node.putArray("names");
            for (String name : group) {
                long cost = counter.jsonBytes(name) + 1;
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
                .put("requests", listing.requests())
                .put("listings", listing.listings());
        listing.rateLimit().addTo(output);
        return output;
    }

    /** Counts the bytes a string takes as a JSON string value, as the output is written. */
    private static final class ByteCounter extends OutputStream {
        private long count;

        long jsonBytes(String value) {
            count = 0;
            try (JsonGenerator generator = JsonStreams.FACTORY.createGenerator(this)) {
                generator.writeString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return count;
        }

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
