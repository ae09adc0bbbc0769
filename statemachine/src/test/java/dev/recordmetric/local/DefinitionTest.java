package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

    private static final Set<String> PLACEHOLDERS = Set.of("GetTokenFunctionArn", "ListRunnersFunctionArn", "MetricNamespace", "AsgName");
    private static final Set<String> RETRIER_FIELDS =
            Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");
    /** The Lambda service errors Step Functions reports for a Lambda task; the issue asks both tasks to retry them. */
    private static final Set<String> LAMBDA_SERVICE_ERRORS = Set.of(
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    private static final Set<String> RETRYABLE = Set.of(
            "dev.recordmetric.errors.RateLimitedException", "dev.recordmetric.errors.TransientException");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private static String template;
    private static JsonNode definition;

    @BeforeAll
    static void read() throws Exception {
        template = StateMachineFiles.locate().definitionTemplate();
        definition = Json.MAPPER.readTree(template);
    }

    private static String rendered() {
        return TemplateFile.render(template, Map.of(
                "GetTokenFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:record-metric-get-token",
                "ListRunnersFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:record-metric-list-runners:live",
                "MetricNamespace", "GitHubRunners",
                "AsgName", "ci-runners"));
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
        for (String task : List.of("GetToken", "ListRunners")) {
            JsonNode state = definition.path("States").path(task);
            Set<String> retried = new TreeSet<>();
            state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));

            assertThat(retried).as(task).containsAll(RETRYABLE).containsAll(LAMBDA_SERVICE_ERRORS);
            Set<String> expected = new TreeSet<>(RETRYABLE);
            expected.addAll(LAMBDA_SERVICE_ERRORS);
            assertThat(retried).as("%s retries nothing else (no States.ALL): the rest fails at once", task).isEqualTo(expected);
            assertThat(state.path("Retry").get(0).path("JitterStrategy").asText()).isEqualTo("FULL");
        }
    }

    @Test
    void everyTask_hasATimeoutAndIsCaughtIntoAFailStateUsingTheErrorAndCause() {
        JsonNode states = definition.path("States");
        List<Map.Entry<String, JsonNode>> tasks = states().stream().filter(s -> s.getValue().path("Type").asText().equals("Task")).toList();

        assertThat(tasks).extracting(Map.Entry::getKey).containsExactly("GetToken", "ListRunners", "PutMetricData");
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.getValue().path("TimeoutSeconds").asInt()).as(task.getKey()).isPositive();
            JsonNode catcher = task.getValue().path("Catch").get(0);
            assertThat(catcher.path("ErrorEquals").toString()).isEqualTo("[\"States.ALL\"]");
            JsonNode fail = states.path(catcher.path("Next").asText());
            assertThat(fail.path("Type").asText()).isEqualTo("Fail");
            assertThat(fail.path("ErrorPath").asText()).isEqualTo(catcher.path("ResultPath").asText() + ".Error");
            assertThat(fail.path("CausePath").asText()).isEqualTo(catcher.path("ResultPath").asText() + ".Cause");
        });
        assertThat(states().stream().map(Map.Entry::getKey)).allSatisfy(name -> assertThat(name).matches("([A-Z][a-z]+)+"));
    }

    /**
     * The README's budget: each task's worst case (every attempt running into TimeoutSeconds, and
     * the longest backoff between) added up stays within the machine's TimeoutSeconds, which stays
     * under the minute between two runs.
     */
    @Test
    void worstCase_allRetriesEndBeforeTheNextMinute() {
        int budget = 0;
        for (Map.Entry<String, JsonNode> state : states()) {
            if (!state.getValue().path("Type").asText().equals("Task")) {
                continue;
            }
            int timeout = state.getValue().path("TimeoutSeconds").asInt();
            int attempts = 1;
            double waits = 0;
            for (JsonNode retrier : state.getValue().path("Retry")) {
                int maxAttempts = retrier.path("MaxAttempts").asInt(3);
                attempts += maxAttempts;
                for (int n = 0; n < maxAttempts; n++) {
                    waits += Math.min(retrier.path("IntervalSeconds").asDouble(1) * Math.pow(retrier.path("BackoffRate").asDouble(2), n),
                            retrier.path("MaxDelaySeconds").asDouble());
                }
            }
            budget += (int) Math.ceil(attempts * timeout + waits);
        }
        int machineTimeout = definition.path("TimeoutSeconds").asInt();

        assertThat(budget).as("worst case of the tasks").isEqualTo(54).isLessThan(machineTimeout);
        assertThat(machineTimeout).isLessThan(60);
    }
}
