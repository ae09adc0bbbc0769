package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** {@code record-metric executions}: the deployed state machine's last executions, like the console's list. */
@Command(
        name = "executions",
        mixinStandardHelpOptions = true,
        description = "Lists the deployed state machine's last executions: status, duration, the published values or the"
                + " failure's Error and Cause (ListExecutions, GetExecutionHistory).")
final class ExecutionsCommand implements Callable<Integer> {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Io io;

    @Mixin StepFunctionsOptions stepFunctions = new StepFunctionsOptions();

    @Option(names = "--max", paramLabel = "N", defaultValue = "10", description = "How many executions (default ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--json", description = "One JSON object per execution.")
    boolean json;

    ExecutionsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (max < 1 || max > 1000) {
            throw new CliException("--max must be between 1 and 1000");
        }
        Style style = json ? Style.PLAIN : io.style();
        try (SfnClient sfn = stepFunctions.client()) {
            List<ExecutionListItem> executions;
            try {
                executions = sfn.listExecutions(r -> r.stateMachineArn(stepFunctions.stateMachineArn).maxResults(max)).executions();
            } catch (SdkException e) {
                throw StepFunctionsOptions.explain(e, "ListExecutions");
            }
            if (!json) {
                io.out().println(style.bold("record-metric executions") + "  " + stepFunctions.stateMachineArn + style.dim("  (last "
                        + executions.size() + ")"));
                io.out().println(style.dim("  " + Timeline.pad("STARTED (UTC)", 21) + Timeline.pad("STATUS", 11) + Timeline.pad("DURATION", 10)
                        + "RESULT"));
            }
            for (ExecutionListItem execution : executions) {
                RunRecord record = record(sfn, execution.executionArn());
                if (json) {
                    io.out().println(record.toJson(0));
                    continue;
                }
                String status = Timeline.pad(execution.statusAsString(), 11);
                status = record.succeeded() ? style.green(status) : "RUNNING".equals(execution.statusAsString()) ? style.cyan(status)
                        : style.red(status);
                String duration = execution.stopDate() == null ? "running"
                        : Timeline.seconds(java.time.Duration.between(execution.startDate(), execution.stopDate()));
                io.out().println("  " + Timeline.pad(STARTED.format(execution.startDate()), 21) + status + Timeline.pad(duration.strip(), 10)
                        + result(record, style));
            }
            return 0;
        }
    }

    private static String result(RunRecord record, Style style) {
        if (record.succeeded()) {
            if (!record.datapoints.isEmpty()) {
                StringBuilder text = new StringBuilder();
                record.datapoints.forEach(d -> text.append(text.isEmpty() ? "" : " ").append(d.metricName()).append('=')
                        .append(Timeline.number(d.value())));
                return text.toString();
            }
            JsonNode counts = record.counts();
            return counts == null ? "" : "BusyRunners=" + counts.path("busyRunners").asText() + " IdleRunners="
                    + counts.path("idleRunners").asText();
        }
        if (record.error == null) {
            return "";
        }
        return style.red(Timeline.shortName(record.error)) + ": " + Timeline.truncate(TerminalText.safe(Timeline.readableCause(record.cause)), 160);
    }

    /** The execution's whole history, as a run record. */
    static RunRecord record(SfnClient sfn, String executionArn) {
        Timeline timeline = new Timeline(executionArn, null, Style.PLAIN);
        SfnHistory history = new SfnHistory();
        try {
            for (HistoryEvent event : sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events()) {
                history.convert(event).forEach(timeline::accept);
            }
        } catch (SdkException e) {
            throw StepFunctionsOptions.explain(e, "GetExecutionHistory");
        }
        timeline.record().datapoints.addAll(history.datapoints());
        return timeline.record();
    }
}
