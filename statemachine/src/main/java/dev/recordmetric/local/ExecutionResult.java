package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How an execution ended, with its complete event log.
 *
 * @param output the execution's output when it succeeded, else null
 * @param error the error name when it failed or timed out, else null
 * @param cause the cause when it failed or timed out, else null
 */
public record ExecutionResult(
        String executionArn,
        ExecutionStatus status,
        JsonNode output,
        String error,
        String cause,
        List<ExecutionEvent> events) {

    public ExecutionResult {
        events = List.copyOf(events);
    }

    public List<ExecutionEvent> eventsOfType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Events of {@code type} for the state {@code stateName}. */
    public List<ExecutionEvent> stateEvents(String stateName, String type) {
        return events.stream()
                .filter(e -> e.type().equals(type) && stateName.equals(e.stateName()))
                .toList();
    }

    /** The names of the states entered, in order (a retried state appears once per entry, not per attempt). */
    public List<String> statesEntered() {
        return eventsOfType("StateEntered").stream().map(ExecutionEvent::stateName).toList();
    }

    /** The output of the last exit of {@code stateName}, if it exited. */
    public Optional<JsonNode> stateOutput(String stateName) {
        List<ExecutionEvent> exits = stateEvents(stateName, "StateExited");
        return exits.isEmpty() ? Optional.empty() : Optional.ofNullable(exits.getLast().output());
    }

    /** From the first event to the last. */
    public Duration duration() {
        if (events.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.between(events.getFirst().timestamp(), events.getLast().timestamp());
    }
}
