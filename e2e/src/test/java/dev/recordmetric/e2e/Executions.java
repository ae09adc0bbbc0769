package dev.recordmetric.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Executions of the deployed state machine on moto's interpreter, started as EventBridge Scheduler starts them. */
final class Executions {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    /** One execution, ended, with its whole history from {@code GetExecutionHistory}. */
    record Execution(String arn, DescribeExecutionResponse description, List<HistoryEvent> history, Instant startedAt, Instant endedAt) {

        ExecutionStatus status() {
            return description.status();
        }

        /** The names of the states entered, in order. */
        List<String> statesEntered() {
            return history.stream().filter(e -> e.typeAsString().endsWith("StateEntered") && e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name()).toList();
        }

        List<String> eventTypes() {
            return history.stream().map(HistoryEvent::typeAsString).toList();
        }

        JsonNode output() {
            try {
                return Json.MAPPER.readTree(description.output());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** "status error: cause", for assertion messages. */
        String summary() {
            return description.status() + " " + description.error() + ": " + description.cause() + "; states " + statesEntered();
        }
    }

    private final SfnClient sfn;

    Executions(SfnClient sfn) {
        this.sfn = sfn;
    }

    /** Starts an execution without a name, as Scheduler does, with {@code input}; waits for its end. */
    Execution run(String stateMachineArn, String input) {
        Instant started = Instant.now();
        String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(input)).executionArn();
        Instant giveUp = started.plus(LIMIT);
        DescribeExecutionResponse description;
        while ((description = sfn.describeExecution(r -> r.executionArn(arn))).status() == ExecutionStatus.RUNNING) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(arn + " still runs after " + LIMIT.toSeconds() + " s; states so far: " + history(arn));
            }
            sleep(Duration.ofMillis(200));
        }
        return new Execution(arn, description, history(arn), started, Instant.now());
    }

    List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events().forEach(events::add);
        return events;
    }

    /**
     * Every string value in {@code pojo}, walked through the SDK's field model (its {@code toString}
     * hides the fields Step Functions marks sensitive: input, output, error, cause).
     */
    static List<String> strings(SdkPojo pojo) {
        List<String> found = new ArrayList<>();
        collect(pojo, found);
        return found;
    }

    private static void collect(Object value, List<String> found) {
        if (value instanceof String text) {
            found.add(text);
        } else if (value instanceof SdkPojo pojo) {
            for (SdkField<?> field : pojo.sdkFields()) {
                collect(field.getValueOrDefault(pojo), found);
            }
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> collect(item, found));
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> {
                collect(k, found);
                collect(v, found);
            });
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
