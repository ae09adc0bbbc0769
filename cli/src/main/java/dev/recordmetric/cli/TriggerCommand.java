package dev.recordmetric.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** {@code record-metric trigger}: one execution of the deployed state machine now, followed to its end. */
@Command(
        name = "trigger",
        mixinStandardHelpOptions = true,
        description = "Starts one execution of the deployed state machine now (StartExecution, input {}) and follows it to"
                + " the end with the same timeline as run. Exit status 0 when it succeeded.")
final class TriggerCommand implements Callable<Integer> {

    private static final Duration FOLLOW_AT_MOST = Duration.ofMinutes(5);

    private final Io io;

    @Mixin StepFunctionsOptions stepFunctions = new StepFunctionsOptions();

    @Option(names = "--json", description = "The execution as one JSON object when it ends.")
    boolean json;

    @Option(names = "--poll", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s", hidden = true,
            description = "How often to read the history.")
    Duration poll;

    TriggerCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Style style = json ? Style.PLAIN : io.style();
        try (SfnClient sfn = stepFunctions.client()) {
            String executionArn;
            try {
                executionArn = sfn.startExecution(r -> r.stateMachineArn(stepFunctions.stateMachineArn).input("{}")).executionArn();
            } catch (SdkException e) {
                throw StepFunctionsOptions.explain(e, "StartExecution");
            }
            Timeline timeline = new Timeline(executionArn, json ? null : io.out(), style);
            if (!json) {
                timeline.printHeader("trigger  " + Timeline.clock(Instant.now()) + " UTC");
            }
            SfnHistory history = follow(sfn, executionArn, timeline, poll, io.stopSignal().get());
            if (history == null) {
                io.err().println("record-metric: stopped following " + executionArn + "; it goes on in AWS");
                return 1;
            }
            RunRecord record = timeline.record();
            record.datapoints.addAll(history.datapoints());
            if (json) {
                io.out().println(record.toJson(0));
            } else {
                timeline.printSummary(record.datapoints.isEmpty() ? null : "published by the deployed workflow");
            }
            return record.succeeded() ? 0 : 1;
        } finally {
            io.stopSignal().get().finished();
        }
    }

    /**
     * Reads the execution's history until it ends, feeding {@code timeline}; the history read, or
     * null when {@code stop} was requested first.
     */
    static SfnHistory follow(SfnClient sfn, String executionArn, Timeline timeline, Duration poll, StopSignal stop) {
        SfnHistory history = new SfnHistory();
        long lastId = 0;
        Instant giveUp = Instant.now().plus(FOLLOW_AT_MOST);
        while (timeline.record().endedAt == null) {
            String token = null;
            do {
                GetExecutionHistoryResponse page;
                String pageToken = token;
                try {
                    page = sfn.getExecutionHistory(r -> r.executionArn(executionArn).nextToken(pageToken));
                } catch (SdkException e) {
                    throw StepFunctionsOptions.explain(e, "GetExecutionHistory");
                }
                for (HistoryEvent event : page.events()) {
                    if (event.id() > lastId) {
                        lastId = event.id();
                        history.convert(event).forEach(timeline::accept);
                    }
                }
                token = page.nextToken();
            } while (token != null);
            if (timeline.record().endedAt != null) {
                break;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new CliException("execution " + executionArn + " still runs after " + FOLLOW_AT_MOST.toMinutes()
                        + " minutes; follow it with 'record-metric executions'");
            }
            if (stop.sleep(poll)) {
                return null;
            }
        }
        return history;
    }
}
