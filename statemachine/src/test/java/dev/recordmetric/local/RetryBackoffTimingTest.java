package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.errors.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * ListRunners' Retry with real waits: the delays before the first and second retry, measured from
 * the engine's events (StateFailed to StateRetried) over many concurrent executions, stay within
 * min(IntervalSeconds × BackoffRate^n, MaxDelaySeconds) and spread over that range as full jitter
 * does. Statistical bounds only; the chance of a false failure is below one in ten thousand.
 */
class RetryBackoffTimingTest {

    private static final int EXECUTIONS = 40;
    /** Scheduling slack on two busy cores. */
    private static final long SLACK_MS = 400;

    @Test
    void listRunnersRetries_waitFullJitterCappedByMaxDelaySeconds() throws Exception {
        JsonNode retrier = Json.STRICT.readTree(StateMachineFiles.locate().definitionTemplate())
                .at("/States/ListRunners/Retry/0");
        double interval = retrier.path("IntervalSeconds").asDouble();
        double backoff = retrier.path("BackoffRate").asDouble();
        double maxDelay = retrier.path("MaxDelaySeconds").asDouble();
        assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
        assertThat(retrier.path("MaxAttempts").asInt()).isGreaterThanOrEqualTo(2);
        long[] capMs = {
                Math.round(Math.min(interval, maxDelay) * 1000),
                Math.round(Math.min(interval * backoff, maxDelay) * 1000)};
        assertThat(interval * backoff).as("MaxDelaySeconds caps the second retry, so this test sees it bind").isGreaterThan(maxDelay);

        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        RequestStreamHandler getToken = (in, out, context) -> out.write("{\"sealedToken\":\"sealed\"}".getBytes());
        RequestStreamHandler listRunners = (in, out, context) -> {
            String execution = Json.STRICT.readTree(in).path("executionArn").asText();
            if (attempts.computeIfAbsent(execution, e -> new AtomicInteger()).incrementAndGet() <= 2) {
                throw new TransientException("GitHub answered HTTP 502");
            }
            String observedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            out.write(("{\"observedAt\":\"" + observedAt + "\",\"organization\":\"acme\",\"pools\":[],"
                    + "\"busy\":{\"count\":1},\"idle\":{\"count\":0},\"offline\":{\"count\":0},"
                    + "\"metricData\":[{\"MetricName\":\"BusyRunners\",\"Timestamp\":\"" + observedAt + "\",\"Value\":1}]}").getBytes());
        };

        List<List<Long>> delays = List.of(new ArrayList<>(), new ArrayList<>());
        try (LocalWorkflow workflow = LocalWorkflow.builder().getToken(getToken).listRunners(listRunners).start()) {
            // Warm the engine's Lambda client and the JIT first: forty cold first calls at once can
            // outlast GetToken's TimeoutSeconds on two cores.
            assertThat(workflow.run(Overrides.retryIntervals(Duration.ZERO, "ListRunners")).status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            List<LocalEngine.Execution> executions = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                executions.add(workflow.start(Overrides.NONE, null));
            }
            for (LocalEngine.Execution execution : executions) {
                LocalWorkflow.Run run = workflow.finish(execution);
                assertThat(run.status()).as("%s: %s", run.result().error(), run.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
                List<ExecutionEvent> failed = run.result().stateEvents("ListRunners", "StateFailed");
                List<ExecutionEvent> retried = run.result().stateEvents("ListRunners", "StateRetried");
                assertThat(failed).hasSize(2);
                assertThat(retried).extracting(ExecutionEvent::retryAttempt).containsExactly(1, 2);
                for (int k = 0; k < 2; k++) {
                    delays.get(k).add(Duration.between(failed.get(k).timestamp(), retried.get(k).timestamp()).toMillis());
                }
            }
        }

        for (int k = 0; k < 2; k++) {
            List<Long> observed = delays.get(k);
            long cap = capMs[k];
            double mean = observed.stream().mapToLong(Long::longValue).average().orElseThrow();
            long belowHalf = observed.stream().filter(d -> d < cap / 2).count();
            assertThat(observed).as("retry %d waits at most %d ms", k + 1, cap).allSatisfy(d -> assertThat(d).isBetween(0L, cap + SLACK_MS));
            assertThat(mean).as("retry %d: mean of a uniform wait in [0, %d] ms; observed %s", k + 1, cap, observed)
                    .isBetween(0.3 * cap, 0.7 * cap + SLACK_MS / 2.0);
            assertThat(belowHalf).as("retry %d: full jitter puts about half the waits below %d ms; observed %s", k + 1, cap / 2, observed)
                    .isBetween((long) (EXECUTIONS * 0.2), (long) (EXECUTIONS * 0.8));
        }
    }
}
