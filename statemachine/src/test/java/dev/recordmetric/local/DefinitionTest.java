package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.errors.RecordMetricException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;

/** What asl-validator checks on the definition, and what it misses. */
class DefinitionTest {

    private static final Set<String> PLACEHOLDERS = Set.of("GetTokenFunctionArn", "ListRunnersFunctionArn", "MetricNamespace", "Partition");
    private static final Set<String> RETRIER_FIELDS =
            Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");
    /**
     * The Lambda service errors Step Functions reports for a Lambda task, as AWS recommends retrying
     * them (Step Functions Developer Guide, "Handle transient Lambda service exceptions"), and
     * Lambda.TooManyRequestsException (Lambda's invocation limit).
     */
    private static final Set<String> LAMBDA_SERVICE_ERRORS = Set.of("Lambda.ClientExecutionTimeoutException",
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    private static final Set<String> RETRYABLE = Set.of("dev.recordmetric.errors.TransientException");
    /** GitHub's wait is honoured by a Wait state or fails the run: never a jittered Retry earlier than asked. */
    private static final Set<String> RATE_LIMITS = Set.of("dev.recordmetric.errors.RateLimitedException",
            "dev.recordmetric.errors.RateLimitExhaustedException");
    private static final List<String> LAMBDA_TASKS = List.of("GetToken", "ListRunners");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private static String template;
    private static JsonNode definition;

    @BeforeAll
    static void read() throws Exception {
        template = StateMachineFiles.locate().definitionTemplate();
        definition = Json.STRICT.readTree(template);
    }

    private static String rendered() {
        return TemplateFile.render(template, Map.of(
                "GetTokenFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:record-metric-get-token",
                "ListRunnersFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:record-metric-list-runners:live",
                "MetricNamespace", "GitHubRunners",
                "Partition", "aws"));
    }

    private static List<Map.Entry<String, JsonNode>> states() {
        List<Map.Entry<String, JsonNode>> states = new ArrayList<>();
        states.addAll(definition.path("States").properties());
        return states;
    }

    private static List<JsonNode> retriers() {
        List<JsonNode> retriers = new ArrayList<>();
        states().forEach(s -> s.getValue().path("Retry").forEach(retriers::add));
        return retriers;
    }

    @Test
    void aslValidator_acceptsTheRenderedDefinition() {
        try (LocalEngine engine = LocalEngine.start(LocalEngine.Options.of(URI.create("http://127.0.0.1:9"), "eu-west-1"))) {
            assertThat(engine.validate(rendered())).isEmpty();
        }
    }

    @Test
    void placeholders_areExactlyTheContractsAndOnlyInsideStrings() {
        Set<String> inStrings = new TreeSet<>();
        collectPlaceholders(definition, inStrings);
        Set<String> anywhere = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            anywhere.add(m.group(1));
        }

        assertThat(inStrings).isEqualTo(new TreeSet<>(PLACEHOLDERS));
        assertThat(anywhere).isEqualTo(inStrings);
        assertThat(template).doesNotContain("$${").doesNotContain("%{");
    }

    private static void collectPlaceholders(JsonNode node, Set<String> found) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        node.properties().forEach(e -> {
            assertThat(e.getKey()).as("placeholders only in values").doesNotContain("${");
            collectPlaceholders(e.getValue(), found);
        });
        if (node.isArray()) {
            node.forEach(item -> collectPlaceholders(item, found));
        }
    }

    @Test
    void retriers_useOnlyKnownFieldsWithValidValues() {
        assertThat(retriers()).isNotEmpty().allSatisfy(retrier -> {
            Set<String> fields = new TreeSet<>();
            retrier.fieldNames().forEachRemaining(fields::add);
            assertThat(RETRIER_FIELDS).as("unknown Retry fields in %s", retrier).containsAll(fields);
            assertThat(retrier.path("JitterStrategy").asText()).isIn("FULL", "NONE");
            assertThat(retrier.path("BackoffRate").isNumber()).isTrue();
            assertThat(retrier.path("BackoffRate").asDouble()).isGreaterThanOrEqualTo(1.0);
            assertThat(retrier.path("MaxDelaySeconds").isIntegralNumber()).as("MaxDelaySeconds an integer").isTrue();
            assertThat(retrier.path("MaxDelaySeconds").asInt()).isPositive();
            assertThat(retrier.path("IntervalSeconds").isIntegralNumber()).isTrue();
            assertThat(retrier.path("IntervalSeconds").asInt()).isPositive();
            assertThat(retrier.path("MaxAttempts").isIntegralNumber()).isTrue();
            assertThat(retrier.path("MaxAttempts").asInt()).isBetween(0, 99_999_999);
            assertThat(retrier.path("ErrorEquals").isArray()).isTrue();
        });
        states().forEach(s -> s.getValue().path("Catch").forEach(catcher -> {
            Set<String> fields = new TreeSet<>();
            catcher.fieldNames().forEachRemaining(fields::add);
            assertThat(CATCHER_FIELDS).as("unknown Catch fields in %s", s.getKey()).containsAll(fields);
        }));
    }

    @Test
    void customErrorNames_areClassesTheFunctionsOrTheSdkReallyThrow() {
        Set<String> names = new TreeSet<>();
        states().forEach(s -> {
            s.getValue().path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> names.add(e.asText())));
            s.getValue().path("Catch").forEach(c -> c.path("ErrorEquals").forEach(e -> names.add(e.asText())));
        });

        assertThat(names).isNotEmpty().allSatisfy(name -> {
            if (name.startsWith("States.")) {
                assertThat(name).isIn("States.ALL", "States.Timeout", "States.TaskFailed");
            } else if (name.startsWith("Lambda.")) {
                assertThat(name).isIn(LAMBDA_SERVICE_ERRORS);
            } else if (name.startsWith("CloudWatch.")) {
                Class<?> type = Class.forName("software.amazon.awssdk.services.cloudwatch.model." + name.substring("CloudWatch.".length()));
                assertThat(CloudWatchException.class).isAssignableFrom(type);
            } else {
                Class<?> type = Class.forName(name);
                assertThat(RecordMetricException.class).as("%s is one of the functions' named errors", name).isAssignableFrom(type);
                assertThat(type.getName()).isEqualTo(name);
            }
        });
    }

    @Test
    void lambdaTasks_retryTheRetryableErrorsAndTheLambdaServiceErrorsOnly() {
        for (String task : LAMBDA_TASKS) {
            JsonNode state = definition.path("States").path(task);
            Set<String> retried = new TreeSet<>();
            state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));

            Set<String> expected = new TreeSet<>(RETRYABLE);
            expected.addAll(LAMBDA_SERVICE_ERRORS);
            assertThat(retried).as("%s retries nothing else (no States.ALL, no rate limit): the rest fails at once", task)
                    .isEqualTo(expected);
            assertThat(state.path("Retry").get(0).path("JitterStrategy").asText()).isEqualTo("FULL");
        }
        assertThat(retriers()).allSatisfy(retrier -> retrier.path("ErrorEquals")
                .forEach(error -> assertThat(error.asText()).isNotIn(RATE_LIMITS)));
    }

    @Test
    void everyTask_hasATimeoutAndIsCaughtIntoAFailStateUsingTheErrorAndCause() {
        JsonNode states = definition.path("States");
        List<Map.Entry<String, JsonNode>> tasks = states().stream().filter(s -> s.getValue().path("Type").asText().equals("Task")).toList();

        assertThat(tasks).extracting(Map.Entry::getKey).containsExactly("GetToken", "ListRunners", "PutMetricData");
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.getValue().path("TimeoutSeconds").asInt()).as(task.getKey()).isPositive();
            JsonNode catchers = task.getValue().path("Catch");
            JsonNode last = catchers.get(catchers.size() - 1);
            assertThat(last.path("ErrorEquals").toString()).isEqualTo("[\"States.ALL\"]");
            catchers.forEach(catcher -> assertThat(catcher.path("ResultPath").asText()).isEqualTo("$.error"));
            JsonNode fail = states.path(last.path("Next").asText());
            assertThat(fail.path("Type").asText()).isEqualTo("Fail");
            assertThat(fail.path("ErrorPath").asText()).isEqualTo(last.path("ResultPath").asText() + ".Error");
            assertThat(fail.path("CausePath").asText()).isEqualTo(last.path("ResultPath").asText() + ".Cause");
        });
        assertThat(states().stream().map(Map.Entry::getKey)).allSatisfy(name -> assertThat(name).matches("([A-Z][a-z]+)+"));
    }

    /**
     * No state per pool: ListRunners writes every datapoint into metricData, CountRunners passes it
     * on and PutMetricData sends it, so a run's states do not depend on the number of pools. (A Map
     * state over the pools would add transitions per pool; JSONata, which could build the list in
     * the definition, is not supported by the local engine.)
     */
    @Test
    void datapoints_comeFromListRunnersInOneRequest_noStatePerPool() {
        JsonNode states = definition.path("States");

        assertThat(states().stream().map(s -> s.getValue().path("Type").asText())).doesNotContain("Map", "Parallel");
        assertThat(definition.path("QueryLanguage").asText()).isEqualTo("JSONPath");
        assertThat(states.path("ListRunners").path("ResultPath").asText()).isEqualTo("$.listing");
        assertThat(states.path("ListRunners").path("Parameters").path("stateMachineName.$").asText()).isEqualTo("$$.StateMachine.Name");
        assertThat(states.path("CountRunners").path("Parameters").path("metricData.$").asText()).isEqualTo("$.listing.metricData");
        assertThat(states.path("CountRunners").path("Next").asText()).isEqualTo("PutMetricData");
        JsonNode put = states.path("PutMetricData").path("Parameters");
        assertThat(put.path("MetricData.$").asText()).isEqualTo("$.metricData");
        assertThat(put.path("Namespace").asText()).isEqualTo("${MetricNamespace}");
        assertThat(template).as("the datapoints are ListRunners'").doesNotContain("\"Dimensions\"");
    }

    @Test
    void tokenRejected_getsAFreshTokenOnce_thenFails() {
        JsonNode states = definition.path("States");
        JsonNode catcher = states.path("ListRunners").path("Catch").get(0);
        assertThat(catcher.path("ErrorEquals").toString()).isEqualTo("[\"dev.recordmetric.errors.TokenRejectedException\"]");
        JsonNode choice = states.path(catcher.path("Next").asText());

        assertThat(choice.path("Type").asText()).isEqualTo("Choice");
        assertThat(choice.path("Choices").get(0).path("Variable").asText()).isEqualTo("$.run.refreshToken");
        assertThat(choice.path("Choices").get(0).path("Next").asText()).isEqualTo("ListRunnersFailed");
        JsonNode refresh = states.path(choice.path("Default").asText());
        assertThat(refresh.path("Parameters").path("refreshToken").asBoolean()).isTrue();
        assertThat(refresh.path("Next").asText()).isEqualTo("GetToken");
        assertThat(states.path("GetToken").path("Parameters").path("refresh.$").asText()).isEqualTo("$.run.refreshToken");
        assertThat(states.path("ListRunners").path("Parameters").path("tokenRefreshed.$").asText()).isEqualTo("$.run.refreshToken");
    }

    /**
     * Each Lambda task's rate-limit result leads through a Choice, a MathAdd count and a Wait of
     * exactly the seconds the function reported, back to the task.
     */
    @Test
    void rateLimitWaits_waitTheFunctionsSecondsAndLoopBackToTheirTask() {
        JsonNode states = definition.path("States");
        for (String task : LAMBDA_TASKS) {
            JsonNode state = states.path(task);
            String result = state.path("ResultPath").asText();
            JsonNode choice = states.path(state.path("Next").asText());
            assertThat(choice.path("Type").asText()).as(task).isEqualTo("Choice");
            JsonNode rule = choice.path("Choices").get(0);
            assertThat(rule.path("Variable").asText()).isEqualTo(result + ".rateLimit");
            assertThat(rule.path("IsPresent").asBoolean()).isTrue();
            JsonNode count = states.path(rule.path("Next").asText());
            assertThat(count.path("Parameters").path("rateLimitWaits.$").asText())
                    .isEqualTo("States.MathAdd($.run.rateLimitWaits, 1)");
            JsonNode wait = states.path(count.path("Next").asText());
            assertThat(wait.path("Type").asText()).isEqualTo("Wait");
            assertThat(wait.path("SecondsPath").asText()).isEqualTo(result + ".rateLimit.waitSeconds");
            assertThat(wait.path("Next").asText()).isEqualTo(task);
            assertThat(state.path("Parameters").path("budget").path("rateLimitWaits.$").asText()).isEqualTo("$.run.rateLimitWaits");
        }
        assertThat(states.path(definition.path("StartAt").asText()).path("Parameters").path("rateLimitWaits").asInt()).isZero();
    }

    /**
     * What each Lambda task is told about its time: its own TimeoutSeconds, and the second of the
     * run by which it must end so that the worst case of every later task still fits the machine's
     * TimeoutSeconds. The functions bound every call, and every rate-limit wait, by these.
     */
    @Test
    void budgets_areTheDefinitionsOwnTimeouts() {
        int machineTimeout = definition.path("TimeoutSeconds").asInt();
        List<String> mainPath = mainPath();
        for (String task : LAMBDA_TASKS) {
            JsonNode budget = definition.path("States").path(task).path("Parameters").path("budget");
            int later = 0;
            for (String next : mainPath.subList(mainPath.indexOf(task) + 1, mainPath.size())) {
                later += worstCase(definition.path("States").path(next));
            }

            assertThat(budget.path("executionStartTime.$").asText()).isEqualTo("$$.Execution.StartTime");
            assertThat(budget.path("attemptSeconds").asInt()).as(task)
                    .isEqualTo(definition.path("States").path(task).path("TimeoutSeconds").asInt());
            assertThat(budget.path("endBySecond").asInt()).as(task).isEqualTo(machineTimeout - later);
        }
        assertThat(definition.path("States").path("ListRunners").path("Parameters").path("budget").path("endBySecond").asInt())
                .isEqualTo(51);
        assertThat(definition.path("States").path("GetToken").path("Parameters").path("budget").path("endBySecond").asInt())
                .isEqualTo(21);
    }

    /** The states from StartAt along Next (a Choice's Default): the run without waits or retries. */
    private static List<String> mainPath() {
        List<String> path = new ArrayList<>();
        String current = definition.path("StartAt").asText();
        while (current != null && !path.contains(current)) {
            path.add(current);
            JsonNode state = definition.path("States").path(current);
            current = state.path("Type").asText().equals("Choice") ? state.path("Default").asText(null)
                    : state.path("Next").asText(null);
        }
        return path;
    }

    /** A task's every attempt running into TimeoutSeconds, with the longest backoff between; 0 for other states. */
    private static int worstCase(JsonNode state) {
        if (!state.path("Type").asText().equals("Task")) {
            return 0;
        }
        int timeout = state.path("TimeoutSeconds").asInt();
        int attempts = 1;
        double waits = 0;
        for (JsonNode retrier : state.path("Retry")) {
            int maxAttempts = retrier.path("MaxAttempts").asInt(3);
            attempts += maxAttempts;
            for (int n = 0; n < maxAttempts; n++) {
                waits += Math.min(retrier.path("IntervalSeconds").asDouble(1) * Math.pow(retrier.path("BackoffRate").asDouble(2), n),
                        retrier.path("MaxDelaySeconds").asDouble());
            }
        }
        return (int) Math.ceil(attempts * timeout + waits);
    }

    /**
     * The README's budget: each task's worst case (every attempt running into TimeoutSeconds, and
     * the longest backoff between) added up along the run stays within the machine's
     * TimeoutSeconds, which stays under the minute between two runs. The loops (rate-limit waits,
     * the token refresh) are bounded by the functions: no attempt and no wait ends after its
     * task's endBySecond, which leaves every later task its worst case.
     */
    @Test
    void worstCase_allRetriesEndBeforeTheNextMinute() {
        int budget = 0;
        for (String state : mainPath()) {
            budget += worstCase(definition.path("States").path(state));
        }
        int machineTimeout = definition.path("TimeoutSeconds").asInt();

        assertThat(budget).as("worst case of the tasks").isEqualTo(54).isLessThan(machineTimeout);
        assertThat(machineTimeout).isLessThan(60);
    }
}
