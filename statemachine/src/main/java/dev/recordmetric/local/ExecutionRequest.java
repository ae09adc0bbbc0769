package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.util.Objects;

/**
 * One execution to run: the definition (rendered JSON text), the execution input, who the
 * execution is, and the engine's timing overrides.
 */
public record ExecutionRequest(String definition, JsonNode input, ExecutionContext context, Overrides overrides) {

    public ExecutionRequest {
        Objects.requireNonNull(definition, "definition");
        input = input == null ? Json.MAPPER.createObjectNode() : input;
        Objects.requireNonNull(context, "context");
        overrides = overrides == null ? Overrides.NONE : overrides;
    }

    /** An execution with input {@code {}}, as EventBridge Scheduler starts it by default. */
    public static ExecutionRequest of(String definition, ExecutionContext context, Overrides overrides) {
        return new ExecutionRequest(definition, null, context, overrides);
    }
}
