package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.errors.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness itself, with small definitions and throwaway handlers. */
class LocalEngineTest {

    private static LambdaInvokeEndpoint endpoint;
    private static LocalEngine engine;
    private static final ExecutionContext CONTEXT = ExecutionContext.standard("eu-west-1", "123456789012", "harness-test");

    @BeforeAll
    static void start() {
        endpoint = LambdaInvokeEndpoint.start("eu-west-1", "123456789012");
        engine = LocalEngine.start(LocalEngine.Options.of(endpoint));
    }

    @AfterAll
    static void stop() {
        engine.close();
        endpoint.close();
    }

    private static String definition(String text) {
        return text.replace('\'', '"');
    }

    @Test
    void engine_runsOnThisNode() {
        assertThat(engine.info().path("engineVersion").asText()).isEqualTo("3.0.0");
        assertThat(engine.info().path("node").asText()).startsWith("v");
    }

    @Test
    void contextObject_isWhatStepFunctionsWouldGive() {
        String definition = definition("""
            {'StartAt': 'First', 'States': {
              'First': {'Type': 'Pass', 'Parameters': {'context.$': '$$'}, 'ResultPath': '$.first', 'Next': 'Second'},
              'Second': {'Type': 'Pass', 'Parameters': {'state.$': '$$.State'}, 'ResultPath': '$.second', 'End': true}}}""");
        ExecutionContext context = CONTEXT.next();
        Instant before = Instant.now();

        ExecutionResult result = engine.run(ExecutionRequest.of(definition, context, Overrides.NONE), Duration.ofSeconds(30));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode first = result.output().path("first").path("context");
        assertThat(first.at("/Execution/Id").asText())
                .isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:harness-test:" + context.executionName())
                .isEqualTo(result.executionArn());
        assertThat(first.at("/Execution/Name").asText()).matches("[0-9a-f-]{36}");
        assertThat(first.at("/Execution/Input").isObject()).isTrue();
        assertThat(first.at("/Execution/RoleArn").asText()).startsWith("arn:aws:iam::123456789012:role/");
        assertThat(Instant.parse(first.at("/Execution/StartTime").asText())).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(first.at("/StateMachine/Id").asText()).isEqualTo("arn:aws:states:eu-west-1:123456789012:stateMachine:harness-test");
        assertThat(first.at("/StateMachine/Name").asText()).isEqualTo("harness-test");
        assertThat(first.at("/State/Name").asText()).isEqualTo("First");
        assertThat(first.at("/State/RetryCount").asInt()).isZero();
        JsonNode second = result.output().path("second").path("state");
        assertThat(second.path("Name").asText()).isEqualTo("Second");
        assertThat(Instant.parse(second.path("EnteredTime").asText()))
                .isAfterOrEqualTo(Instant.parse(first.at("/State/EnteredTime").asText()));
    }

    @Test
    void lambdaTask_failingThenSucceeding_retriesOnItsClassNameAndCountsRetries() {
        AtomicInteger calls = new AtomicInteger();
        List<String> inputs = new ArrayList<>();
        RequestStreamHandler flaky = (in, out, context) -> {
            inputs.add(new String(in.readAllBytes()));
            if (calls.incrementAndGet() < 3) {
                throw new TransientException("GitHub answered 502");
            }
            out.write("{\"ok\":true}".getBytes());
        };
        String arn = endpoint.register("flaky", flaky);
        String definition = definition("""
            {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s',
              'Parameters': {'retryCount.$': '$$.State.RetryCount', 'executionArn.$': '$$.Execution.Id'},
              'Retry': [{'ErrorEquals': ['dev.recordmetric.errors.TransientException'], 'MaxAttempts': 2, 'IntervalSeconds': 5}],
              'End': true}}}""".formatted(arn));

        ExecutionResult result = engine.run(
                ExecutionRequest.of(definition, CONTEXT.next(), Overrides.retryIntervals(Duration.ZERO, "Call")), Duration.ofSeconds(30));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("ok").asBoolean()).isTrue();
        assertThat(inputs).extracting(i -> Json.STRICT.readTree(i).path("retryCount").asInt()).containsExactly(0, 1, 2);
        assertThat(result.eventsOfType("StateFailed")).hasSize(2).allSatisfy(e -> {
            assertThat(e.error()).isEqualTo("dev.recordmetric.errors.TransientException");
            assertThat(e.cause().path("errorMessage").asText()).isEqualTo("GitHub answered 502");
        });
        assertThat(result.eventsOfType("StateRetried")).extracting(ExecutionEvent::retryAttempt).containsExactly(1, 2);
    }

    @Test
    void lambdaTask_runningPastTimeoutSeconds_failsWithStatesTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        String arn = endpoint.register("stuck", (in, out, context) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String definition = definition("""
            {'StartAt': 'Call', 'States': {
              'Call': {'Type': 'Task', 'Resource': '%s', 'TimeoutSeconds': 1,
                'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Failed'}], 'End': true},
              'Failed': {'Type': 'Fail', 'ErrorPath': '$.error.Error', 'CausePath': '$.error.Cause'}}}""".formatted(arn));

        ExecutionResult result = engine.run(ExecutionRequest.of(definition, CONTEXT.next(), Overrides.NONE), Duration.ofSeconds(30));
        release.countDown();

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.statesEntered()).containsExactly("Call", "Failed");
    }

    @Test
    void awsSdkTask_withMisCasedParameter_failsTheExecutionWithStatesRuntimeUncaught() {
        endpoint.registerIntegration("cloudwatch", "putMetricData", new CloudWatchPutMetricData(java.time.Clock.systemUTC()));
        String definition = definition("""
            {'StartAt': 'Put', 'States': {
              'Put': {'Type': 'Task', 'Resource': 'arn:aws:states:::aws-sdk:cloudwatch:putMetricData',
                'Parameters': {'namespace': 'N', 'MetricData': []},
                'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Caught'}], 'End': true},
              'Caught': {'Type': 'Succeed'}}}""");

        ExecutionResult result = engine.run(ExecutionRequest.of(definition, CONTEXT.next(), Overrides.NONE), Duration.ofSeconds(30));

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("'namespace' is not supported");
        assertThat(result.statesEntered()).containsExactly("Put");
    }

    @Test
    void executions_runConcurrently() {
        CountDownLatch allIn = new CountDownLatch(3);
        String arn = endpoint.register("meeting", (in, out, context) -> {
            allIn.countDown();
            try {
                out.write(String.valueOf(allIn.await(10, TimeUnit.SECONDS)).getBytes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String definition = definition("{'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s', 'End': true}}}"
                .formatted(arn));

        List<LocalEngine.Execution> executions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            executions.add(engine.start(ExecutionRequest.of(definition, CONTEXT.next(), Overrides.NONE), null));
        }

        assertThat(executions).allSatisfy(e -> {
            ExecutionResult result = e.await(Duration.ofSeconds(30));
            assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(result.output().asBoolean()).as("all three were in the handler at once").isTrue();
        });
    }

    @Test
    void abort_endsTheExecution() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String arn = endpoint.register("blocking", (in, out, context) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String definition = definition("{'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s', 'End': true}}}"
                .formatted(arn));

        LocalEngine.Execution execution = engine.start(ExecutionRequest.of(definition, CONTEXT.next(), Overrides.NONE), null);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        execution.abort();
        ExecutionResult result = execution.await(Duration.ofSeconds(10));
        release.countDown();

        assertThat(result.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(result.eventsOfType("ExecutionAborted")).hasSize(1);
    }

    @Test
    void validate_reportsAslValidatorErrors() {
        List<String> errors = engine.validate(definition("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}}}"));

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("MISSING_TRANSITION_TARGET"));
    }

    @Test
    void start_withInvalidDefinition_isRefused() {
        LocalEngine.Execution execution = engine.start(
                ExecutionRequest.of("{\"StartAt\": \"A\", \"States\": {}}", CONTEXT.next(), Overrides.NONE), null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> execution.await(Duration.ofSeconds(10)))
                .isInstanceOf(LocalEngineException.class)
                .hasMessageContaining("refused");
    }
}
