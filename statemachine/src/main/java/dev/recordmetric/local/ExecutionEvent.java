package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of the engine's event log. {@code type} is the engine's: ExecutionStarted,
 * StateEntered, StateExited, StateFailed, StateRetried, StateCaught, ExecutionSucceeded,
 * ExecutionFailed, ExecutionTimeout, ExecutionAborted. Fields a type does not carry are null.
 *
 * @param input the state's (or execution's) input, for state and ExecutionStarted events
 * @param output the state's output (StateExited) or the execution's (ExecutionSucceeded)
 * @param error the error name (StateFailed, ExecutionFailed)
 * @param cause the error cause (StateFailed, ExecutionFailed): text, or for a Lambda error the
 *     function's error object
 * @param retryAttempt for StateRetried: how many retries of that retrier this one is (1 = first)
 * @param raw the event as the engine wrote it
 */
public record ExecutionEvent(
        String type,
        Instant timestamp,
        String stateName,
        String stateType,
        JsonNode input,
        JsonNode output,
        String error,
        JsonNode cause,
        Integer retryAttempt,
        JsonNode raw) {

    static ExecutionEvent fromJson(JsonNode event) {
        JsonNode state = event.path("state");
        return new ExecutionEvent(
                event.path("type").asText(),
                Instant.ofEpochMilli(event.path("timestamp").asLong()),
                textOrNull(state.get("name")),
                textOrNull(state.get("type")),
                state.has("input") ? state.get("input") : event.get("input"),
                state.has("output") ? state.get("output") : event.get("output"),
                textOrNull(event.get("Error")),
                event.get("Cause"),
                event.has("retry") ? event.path("retry").path("attempt").asInt() : null,
                event);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The cause as text: a string cause as is, an object cause as JSON. */
    public String causeText() {
        if (cause == null || cause.isNull()) {
            return null;
        }
        return cause.isTextual() ? cause.asText() : cause.toString();
    }
}
