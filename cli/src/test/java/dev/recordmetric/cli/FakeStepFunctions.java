package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.fakes.LoopbackFake;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A wire-level fake of the Step Functions API (AWS JSON 1.0, {@code X-Amz-Target:
 * AWSStepFunctions.<Operation>}): ListExecutions, GetExecutionHistory (paged, two events a page
 * with a next token, to exercise paging) and StartExecution, whose execution reveals a few more
 * history events at each GetExecutionHistory call, as a running execution does.
 */
final class FakeStepFunctions extends LoopbackFake {

    static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:record-metric";
    private static final String JSON = "application/x-amz-json-1.0";
    private static final int PAGE = 25;

    private record Execution(String arn, String name, Instant start, String status, Instant stop, ArrayNode events,
            int[] revealed) {}

    private final List<Execution> executions = new CopyOnWriteArrayList<>();
    private final Map<String, Execution> byArn = new ConcurrentHashMap<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private volatile Supplier<History> nextStarted = () -> History.succeeded(Instant.now(), 2, 1);

    /** Adds a finished execution (newest first in listings, like Step Functions). */
    FakeStepFunctions add(String name, History history) {
        Execution execution = new Execution(STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + name, name,
                history.start, history.status, history.stop, history.events, new int[] {Integer.MAX_VALUE});
        executions.addFirst(execution);
        byArn.put(execution.arn(), execution);
        return this;
    }

    /** What the next StartExecution runs. */
    FakeStepFunctions onStart(Supplier<History> history) {
        nextStarted = history;
        return this;
    }

    List<String> targets() {
        return List.copyOf(targets);
    }

    @Override
    protected Reply handle(RecordedRequest received) {
        String target = received.header("X-Amz-Target").orElse(null);
        targets.add(target);
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(received.body().isEmpty() ? "{}" : received.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (target == null ? "" : target) {
            case "AWSStepFunctions.ListExecutions" -> listExecutions(request);
            case "AWSStepFunctions.GetExecutionHistory" -> history(request);
            case "AWSStepFunctions.StartExecution" -> start(request);
            default -> error(400, "UnknownOperationException", "unknown operation " + target);
        };
    }

    private Reply listExecutions(JsonNode request) {
        if (!STATE_MACHINE.equals(request.path("stateMachineArn").asText())) {
            return error(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + request.path("stateMachineArn").asText() + "'");
        }
        int max = request.path("maxResults").asInt(100);
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode list = response.putArray("executions");
        executions.stream().limit(max).forEach(e -> {
            ObjectNode item = list.addObject().put("executionArn", e.arn()).put("stateMachineArn", STATE_MACHINE)
                    .put("name", e.name()).put("status", e.status()).put("startDate", seconds(e.start()));
            if (e.stop() != null) {
                item.put("stopDate", seconds(e.stop()));
            }
        });
        return reply(200, response.toString());
    }

    private Reply history(JsonNode request) {
        Execution execution = byArn.get(request.path("executionArn").asText());
        if (execution == null) {
            return error(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + request.path("executionArn").asText() + "'");
        }
        int visible;
        synchronized (execution) {
            if (!request.hasNonNull("nextToken") && execution.revealed()[0] < execution.events().size()) {
                execution.revealed()[0] = Math.min(execution.events().size(), execution.revealed()[0] + 4);
            }
            visible = Math.min(execution.revealed()[0], execution.events().size());
        }
        int from = request.hasNonNull("nextToken") ? Integer.parseInt(request.path("nextToken").asText()) : 0;
        int to = Math.min(visible, from + PAGE);
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode events = response.putArray("events");
        for (int i = from; i < to; i++) {
            events.add(execution.events().get(i));
        }
        if (to < visible) {
            response.put("nextToken", Integer.toString(to));
        }
        return reply(200, response.toString());
    }

    private Reply start(JsonNode request) {
        if (!STATE_MACHINE.equals(request.path("stateMachineArn").asText())) {
            return error(400, "StateMachineDoesNotExist", "State Machine Does Not Exist");
        }
        History history = nextStarted.get();
        String name = "triggered-" + (executions.size() + 1);
        Execution execution = new Execution(STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + name, name,
                history.start, "RUNNING", null, history.events, new int[] {0});
        executions.addFirst(execution);
        byArn.put(execution.arn(), execution);
        return reply(200, Json.MAPPER.createObjectNode().put("executionArn", execution.arn())
                .put("startDate", seconds(history.start)).toString());
    }

    /** As Step Functions answers: with a request id. */
    private static Reply reply(int status, String json) {
        return Reply.of(status, JSON, json).withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private static Reply error(int status, String type, String message) {
        return reply(status, Json.MAPPER.createObjectNode().put("__type", type).put("message", message).toString());
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    /** A history as Step Functions records it for the record-metric definition. */
    static final class History {
        final Instant start;
        final ArrayNode events = Json.MAPPER.createArrayNode();
        String status = "RUNNING";
        Instant stop;
        private Instant now;

        private History(Instant start) {
            this.start = start;
            this.now = start;
            event("ExecutionStarted", "executionStartedEventDetails", Json.MAPPER.createObjectNode().put("input", "{}"));
        }

        /** GetToken, ListRunners (one retry after a rate limit when {@code retry}), CountRunners, PutMetricData. */
        static History succeeded(Instant start, int busy, int idle) {
            return succeeded(start, busy, idle, false);
        }

        static History succeeded(Instant start, int busy, int idle, boolean retry) {
            History h = new History(start);
            h.lambdaState("GetToken", "{\"sealedToken\":\"AQID\",\"credentialType\":\"pem\",\"expiresAt\":null,\"fromCache\":true}");
            ObjectNode listed = Json.MAPPER.createObjectNode().put("observedAt", "2026-11-27T03:20:07Z").put("organization", "acme")
                    .put("label", "installation_id:abc");
            listed.putObject("busy").put("count", busy).putArray("names").add("r-1");
            listed.putObject("idle").put("count", idle).putArray("names").add("r-9");
            listed.putObject("offline").put("count", 0).putArray("names");
            listed.put("namesOmitted", 0).put("runnersSeen", busy + idle).put("pages", 1).put("requests", 1);
            h.enter("Task", "ListRunners");
            if (retry) {
                h.event("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", Json.MAPPER.createObjectNode().put("resource", "arn"));
                h.event("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", Json.MAPPER.createObjectNode()
                        .put("error", "dev.recordmetric.errors.RateLimitedException")
                        .put("cause", "{\"errorType\":\"dev.recordmetric.errors.RateLimitedException\",\"errorMessage\":\"GitHub's secondary rate limit stopped listing (retry after 1 s)\",\"stackTrace\":[]}"));
            }
            h.event("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", Json.MAPPER.createObjectNode().put("resource", "arn"));
            h.event("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", Json.MAPPER.createObjectNode().put("output", listed.toString()));
            h.exit("TaskStateExited", "ListRunners", listed.toString());
            String counts = "{\"observedAt\":\"2026-11-27T03:20:07Z\",\"busyRunners\":" + busy + ",\"idleRunners\":" + idle + ",\"offlineRunners\":0}";
            h.enter("Pass", "CountRunners");
            h.exit("PassStateExited", "CountRunners", counts);
            h.enter("Task", "PutMetricData");
            String parameters = "{\"Namespace\":\"GitHubRunners\",\"MetricData\":[{\"MetricName\":\"BusyRunners\",\"Dimensions\":[{\"Name\":\"asg_name\",\"Value\":\"ci\"}],\"Timestamp\":\"2026-11-27T03:20:07Z\",\"Unit\":\"Count\",\"Value\":"
                    + busy + "},{\"MetricName\":\"IdleRunners\",\"Dimensions\":[{\"Name\":\"asg_name\",\"Value\":\"ci\"}],\"Timestamp\":\"2026-11-27T03:20:07Z\",\"Unit\":\"Count\",\"Value\":" + idle + "}]}";
            h.event("TaskScheduled", "taskScheduledEventDetails", Json.MAPPER.createObjectNode().put("resourceType", "aws-sdk:cloudwatch")
                    .put("resource", "putMetricData").put("region", "eu-west-1").put("parameters", parameters));
            h.event("TaskSucceeded", "taskSucceededEventDetails", Json.MAPPER.createObjectNode().put("resourceType", "aws-sdk:cloudwatch")
                    .put("resource", "putMetricData").put("output", "{}"));
            h.exit("TaskStateExited", "PutMetricData", counts);
            h.event("ExecutionSucceeded", "executionSucceededEventDetails", Json.MAPPER.createObjectNode().put("output", counts));
            h.status = "SUCCEEDED";
            h.stop = h.now;
            return h;
        }

        /** GetToken succeeds, ListRunners fails with {@code error}, caught into ListRunnersFailed. */
        static History failed(Instant start, String error, String message) {
            History h = new History(start);
            h.lambdaState("GetToken", "{\"sealedToken\":\"AQID\",\"credentialType\":\"token\",\"expiresAt\":null,\"fromCache\":false}");
            h.enter("Task", "ListRunners");
            String cause = Json.MAPPER.createObjectNode().put("errorType", error).put("errorMessage", message).putArray("stackTrace")
                    .toString();
            cause = "{\"errorType\":\"" + error + "\",\"errorMessage\":" + Json.MAPPER.getNodeFactory().textNode(message) + ",\"stackTrace\":[]}";
            h.event("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", Json.MAPPER.createObjectNode().put("resource", "arn"));
            h.event("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", Json.MAPPER.createObjectNode().put("error", error).put("cause", cause));
            h.exit("TaskStateExited", "ListRunners", "{}");
            h.enter("Fail", "ListRunnersFailed");
            h.event("ExecutionFailed", "executionFailedEventDetails", Json.MAPPER.createObjectNode().put("error", error).put("cause", cause));
            h.status = "FAILED";
            h.stop = h.now;
            return h;
        }

        private void lambdaState(String name, String output) {
            enter("Task", name);
            event("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", Json.MAPPER.createObjectNode().put("resource", "arn"));
            event("LambdaFunctionStarted", null, null);
            event("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", Json.MAPPER.createObjectNode().put("output", output));
            exit("TaskStateExited", name, output);
        }

        private void enter(String type, String name) {
            event(type + "StateEntered", "stateEnteredEventDetails", Json.MAPPER.createObjectNode().put("name", name).put("input", "{}"));
        }

        private void exit(String type, String name, String output) {
            event(type, "stateExitedEventDetails", Json.MAPPER.createObjectNode().put("name", name).put("output", output));
        }

        private void event(String type, String detailsName, ObjectNode details) {
            now = now.plusMillis(120);
            ObjectNode event = events.addObject().put("timestamp", seconds(now)).put("type", type).put("id", events.size())
                    .put("previousEventId", events.size() - 1);
            if (detailsName != null) {
                event.set(detailsName, details);
            }
        }
    }
}
