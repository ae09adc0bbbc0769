package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Turns a deployed execution's history ({@code GetExecutionHistory}) into {@link TimelineEvent}s.
 * Step Functions records no retry event: a task attempt that failed and is followed by a new
 * attempt in the same state was retried; one followed by a Catch target or the end failed the
 * state. Fed in order; keeps what it needs between calls.
 */
final class SfnHistory {

    private String currentState;
    private boolean attemptFailed;
    private JsonNode putMetricDataParameters;
    private boolean putMetricDataSucceeded;

    List<TimelineEvent> convert(HistoryEvent event) {
        Instant at = event.timestamp();
        String type = event.typeAsString();
        List<TimelineEvent> out = new ArrayList<>();
        if (type.endsWith("StateEntered") && event.stateEnteredEventDetails() != null) {
            currentState = event.stateEnteredEventDetails().name();
            attemptFailed = false;
            out.add(TimelineEvent.entered(at, currentState, type.substring(0, type.length() - "StateEntered".length()),
                    parse(event.stateEnteredEventDetails().input())));
        } else if (type.endsWith("StateExited") && event.stateExitedEventDetails() != null) {
            // A failure caught by Catch also ends with an exit: the Catch target's entry reports it.
            if (!attemptFailed) {
                String name = event.stateExitedEventDetails().name();
                if ("PutMetricData".equals(name)) {
                    putMetricDataSucceeded = true;
                }
                out.add(TimelineEvent.exited(at, name, parse(event.stateExitedEventDetails().output())));
            }
        } else if (type.equals("LambdaFunctionScheduled") || type.equals("TaskScheduled")) {
            if (attemptFailed) {
                out.add(TimelineEvent.retried(at, currentState));
                attemptFailed = false;
            }
            if (type.equals("TaskScheduled") && event.taskScheduledEventDetails() != null
                    && "PutMetricData".equals(currentState)) {
                putMetricDataParameters = parse(event.taskScheduledEventDetails().parameters());
            }
        } else {
            String[] failure = failure(event);
            if (failure != null) {
                attemptFailed = true;
                out.add(TimelineEvent.failed(at, currentState, failure[0], failure[1]));
            } else if (type.equals("ExecutionSucceeded")) {
                out.add(TimelineEvent.ended(at, "SUCCEEDED",
                        event.executionSucceededEventDetails() == null ? null : parse(event.executionSucceededEventDetails().output()), null, null));
            } else if (type.equals("ExecutionFailed")) {
                var d = event.executionFailedEventDetails();
                out.add(TimelineEvent.ended(at, "FAILED", null, d == null ? null : d.error(), d == null ? null : d.cause()));
            } else if (type.equals("ExecutionTimedOut")) {
                var d = event.executionTimedOutEventDetails();
                out.add(TimelineEvent.ended(at, "TIMED_OUT", null, d == null || d.error() == null ? "States.Timeout" : d.error(),
                        d == null ? null : d.cause()));
            } else if (type.equals("ExecutionAborted")) {
                var d = event.executionAbortedEventDetails();
                out.add(TimelineEvent.ended(at, "ABORTED", null, d == null ? null : d.error(), d == null ? null : d.cause()));
            }
        }
        return out;
    }

    /** Error and cause of a failed task attempt, or null. */
    private static String[] failure(HistoryEvent event) {
        return switch (event.typeAsString()) {
            case "LambdaFunctionFailed" -> pair(event.lambdaFunctionFailedEventDetails().error(), event.lambdaFunctionFailedEventDetails().cause());
            case "LambdaFunctionTimedOut" -> pair(event.lambdaFunctionTimedOutEventDetails().error(), event.lambdaFunctionTimedOutEventDetails().cause());
            case "LambdaFunctionStartFailed" -> pair(event.lambdaFunctionStartFailedEventDetails().error(), event.lambdaFunctionStartFailedEventDetails().cause());
            case "LambdaFunctionScheduleFailed" -> pair(event.lambdaFunctionScheduleFailedEventDetails().error(), event.lambdaFunctionScheduleFailedEventDetails().cause());
            case "TaskFailed" -> pair(event.taskFailedEventDetails().error(), event.taskFailedEventDetails().cause());
            case "TaskTimedOut" -> pair(event.taskTimedOutEventDetails().error(), event.taskTimedOutEventDetails().cause());
            case "TaskStartFailed" -> pair(event.taskStartFailedEventDetails().error(), event.taskStartFailedEventDetails().cause());
            case "TaskSubmitFailed" -> pair(event.taskSubmitFailedEventDetails().error(), event.taskSubmitFailedEventDetails().cause());
            default -> null;
        };
    }

    private static String[] pair(String error, String cause) {
        return new String[] {error == null ? "States.TaskFailed" : error, cause};
    }

    /** The datapoints PutMetricData sent, when it succeeded. */
    List<RunRecord.Datapoint> datapoints() {
        List<RunRecord.Datapoint> points = new ArrayList<>();
        if (!putMetricDataSucceeded || putMetricDataParameters == null) {
            return points;
        }
        String namespace = putMetricDataParameters.path("Namespace").asText();
        for (JsonNode datum : putMetricDataParameters.path("MetricData")) {
            StringBuilder dimensions = new StringBuilder();
            for (JsonNode d : datum.path("Dimensions")) {
                dimensions.append(dimensions.isEmpty() ? "" : ",").append(d.path("Name").asText()).append('=').append(d.path("Value").asText());
            }
            Instant timestamp = null;
            try {
                timestamp = datum.hasNonNull("Timestamp") ? Instant.parse(datum.path("Timestamp").asText()) : null;
            } catch (RuntimeException unparsable) {
                // left out
            }
            points.add(new RunRecord.Datapoint(namespace, datum.path("MetricName").asText(), dimensions.toString(), timestamp,
                    datum.path("Value").asDouble(), datum.path("Unit").asText("None")));
        }
        return points;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
