package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The repair state machine's definition: its template variables, its graph, its retries and its time budget. */
class RepairDefinitionTest {

    private static final Set<String> PLACEHOLDERS =
            Set.of("GetTokenFunctionArn", "RepairJobLedgerFunctionArn", "Partition", "MetricNamespace", "AppHook");
    private static final List<String> LAMBDA_TASKS = List.of("GetToken", "Redeliver", "Reconcile");
    private static final Set<String> LAMBDA_SERVICE_ERRORS = Set.of("Lambda.ClientExecutionTimeoutException",
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    private final String template = RepairWorkflow.definitionTemplate(StateMachineFiles.locate());
    private final JsonNode definition = read(template);
    private final JsonNode states = definition.path("States");

    private static JsonNode read(String text) {
        try {
            return Json.STRICT.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("the template is not JSON: " + e.getMessage());
        }
    }

    @Test
    void placeholders_areExactlyTheFiveTerraformPasses_andOnlyInsideStrings() {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([^}]*)}").matcher(template);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        String rendered = TemplateFile.render(template, Map.of("GetTokenFunctionArn", "arn:aws:lambda:eu-west-1:1:function:g",
                "RepairJobLedgerFunctionArn", "arn:aws:lambda:eu-west-1:1:function:r", "Partition", "aws",
                "MetricNamespace", "GitHubRunners", "AppHook", "false"));

        assertThat(found).isEqualTo(PLACEHOLDERS);
        assertThat(read(rendered).path("States").path("StartRun").path("Parameters").path("appHook.$").asText())
                .isEqualTo("States.StringToJson('false')");
    }

    @Test
    void everyStateIsReachable_andEveryTransitionNamesAState() {
        Set<String> reached = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(definition.path("StartAt").asText()));
        while (!next.isEmpty()) {
            String name = next.pop();
            assertThat(states.has(name)).as("a transition to %s", name).isTrue();
            if (reached.add(name)) {
                next.addAll(targets(states.path(name)));
            }
        }
        List<String> all = new ArrayList<>();
        states.fieldNames().forEachRemaining(all::add);
        assertThat(reached).containsExactlyInAnyOrderElementsOf(all);
    }

    private static List<String> targets(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.has("Next")) {
            targets.add(state.path("Next").asText());
        }
        if (state.has("Default")) {
            targets.add(state.path("Default").asText());
        }
        state.path("Choices").forEach(choice -> targets.add(choice.path("Next").asText()));
        state.path("Catch").forEach(catcher -> targets.add(catcher.path("Next").asText()));
        return targets;
    }

    @Test
    void lambdaTasks_retryTransientAndLambdaErrors_neverRateLimits_andCatchEverythingIntoANamedFailState() {
        for (String task : LAMBDA_TASKS) {
            JsonNode state = states.path(task);
            Set<String> retried = new HashSet<>();
            state.path("Retry").forEach(retrier -> retrier.path("ErrorEquals").forEach(error -> retried.add(error.asText())));
            assertThat(retried).as(task).contains("dev.recordmetric.errors.TransientException").containsAll(LAMBDA_SERVICE_ERRORS)
                    .noneMatch(error -> error.contains("RateLimit") || error.equals("States.ALL"));
            JsonNode last = state.path("Catch").get(state.path("Catch").size() - 1);
            assertThat(last.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
            assertThat(states.path(last.path("Next").asText()).path("Type").asText()).as(task).isEqualTo("Fail");
            assertThat(last.path("Next").asText()).isEqualTo(task + "Failed");
            assertThat(state.path("TimeoutSeconds").asInt()).as(task)
                    .isEqualTo(state.path("Parameters").path("budget").path("attemptSeconds").asInt());
        }
    }

    @Test
    void eachTaskEndsInTime_forTheLaterOnesAndPutMetricDataToFitTheRun() {
        int previousEnd = 0;
        for (String task : LAMBDA_TASKS) {
            JsonNode budget = states.path(task).path("Parameters").path("budget");
            int endBy = budget.path("endBySecond").asInt();
            assertThat(endBy).as(task).isGreaterThanOrEqualTo(previousEnd + budget.path("attemptSeconds").asInt());
            previousEnd = endBy;
        }
        assertThat(previousEnd + states.path("PutMetricData").path("TimeoutSeconds").asInt())
                .isLessThanOrEqualTo(definition.path("TimeoutSeconds").asInt());
        assertThat(definition.path("TimeoutSeconds").asInt()).as("within the minute of the schedule").isLessThan(60);
    }
}
