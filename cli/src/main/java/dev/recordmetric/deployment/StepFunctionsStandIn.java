package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Step Functions calls moto 5.2.1 does not answer as AWS does (e2e/README.md, "Stand-ins"):
 * <ul>
 *   <li>{@code ValidateStateMachineDefinition} is not implemented (500; the AWS provider calls it
 *       before creating a state machine): answered with the project's own check of the definition
 *       (asl-validator, as the statemachine module's tests use it), {@code FAIL} with its errors as
 *       diagnostics, never an unconditional {@code OK};</li>
 *   <li>{@code ListStateMachineVersions} is not implemented (500; the provider reads the versions
 *       after creating): answered with no versions, which is what AWS answers for the module's
 *       state machine (it never publishes one);</li>
 *   <li>{@code StartExecution} without a name: the interpreter names the execution {@code None}, so
 *       the second such start fails with {@code ExecutionAlreadyExists}; AWS names it with a UUID
 *       (as EventBridge Scheduler's starts are named), which is added here.</li>
 * </ul>
 */
public final class StepFunctionsStandIn {

    private static final String PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final Function<String, List<String>> validator;

    /** {@code validator} returns the definition's errors, none when it is valid. */
    public StepFunctionsStandIn(Function<String, List<String>> validator) {
        this.validator = validator;
    }

    /** The answer to a call moto cannot give, if {@code request} is one. */
    Optional<AwsProxy.Reply> answer(AwsProxy.Request request) {
        String target = request.header("X-Amz-Target").orElse("");
        if (target.equals(PREFIX + "ValidateStateMachineDefinition")) {
            String definition = request.json().map(p -> p.path("definition").asText("")).orElse("");
            List<String> errors = validator.apply(definition);
            ObjectNode body = Json.MAPPER.createObjectNode().put("result", errors.isEmpty() ? "OK" : "FAIL");
            ArrayNode diagnostics = body.putArray("diagnostics");
            errors.forEach(error -> diagnostics.addObject().put("severity", "ERROR").put("code", "SCHEMA_VALIDATION_FAILED")
                    .put("message", error));
            body.put("truncated", false);
            return Optional.of(AwsProxy.Reply.json(200, CONTENT_TYPE, body));
        }
        if (target.equals(PREFIX + "ListStateMachineVersions")) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.putArray("stateMachineVersions");
            return Optional.of(AwsProxy.Reply.json(200, CONTENT_TYPE, body));
        }
        return Optional.empty();
    }

    /** {@code request}, as moto must receive it. */
    AwsProxy.Request rewrite(AwsProxy.Request request) {
        if (!request.header("X-Amz-Target").orElse("").equals(PREFIX + "StartExecution")) {
            return request;
        }
        Optional<JsonNode> parameters = request.json();
        if (parameters.isEmpty() || !(parameters.get() instanceof ObjectNode start) || start.hasNonNull("name")) {
            return request;
        }
        start.put("name", UUID.randomUUID().toString());
        try {
            return request.withBody(Json.MAPPER.writeValueAsBytes(start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
