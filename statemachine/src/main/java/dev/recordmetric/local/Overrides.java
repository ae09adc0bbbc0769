package dev.recordmetric.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's speed-ups: a fixed wait before each retry of a state instead of the backoff its
 * Retry computes, and a fixed duration for Wait states. Immutable; {@link #NONE} keeps real timing.
 */
public record Overrides(Map<String, Duration> retryIntervals, Map<String, Duration> waits) {

    /** Real timing everywhere. */
    public static final Overrides NONE = new Overrides(Map.of(), Map.of());

    public Overrides {
        retryIntervals = Map.copyOf(retryIntervals);
        waits = Map.copyOf(waits);
    }

    /** Retries of each named state wait {@code interval} (all its retriers alike). */
    public static Overrides retryIntervals(Duration interval, String... states) {
        Map<String, Duration> intervals = new LinkedHashMap<>();
        for (String state : states) {
            intervals.put(state, interval);
        }
        return new Overrides(intervals, Map.of());
    }

    /** These overrides, plus: retries of {@code state} wait {@code interval}. */
    public Overrides withRetryInterval(String state, Duration interval) {
        Map<String, Duration> intervals = new LinkedHashMap<>(retryIntervals);
        intervals.put(state, interval);
        return new Overrides(intervals, waits);
    }

    /** These overrides, plus: the Wait state {@code state} waits {@code duration}. */
    public Overrides withWait(String state, Duration duration) {
        Map<String, Duration> w = new LinkedHashMap<>(waits);
        w.put(state, duration);
        return new Overrides(retryIntervals, w);
    }

    ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        ObjectNode retries = json.putObject("retryIntervalOverrides");
        retryIntervals.forEach((state, interval) -> retries.put(state, interval.toMillis()));
        ObjectNode waitOverrides = json.putObject("waitTimeOverrides");
        waits.forEach((state, duration) -> waitOverrides.put(state, duration.toMillis()));
        return json;
    }
}
