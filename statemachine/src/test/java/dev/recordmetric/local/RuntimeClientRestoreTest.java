package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeRunners;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Both functions' deployable jars restored, under the Lambda runtime client, from a SnapStart
 * snapshot taken {@link #SNAPSHOT_AGE} before: the first invocation after the restore has its whole
 * attempt, timed from the restore (the runtime's CRaC {@code afterRestore} hook), not from the
 * constructor that ran before the snapshot. The attempt is shorter than the snapshot's age, so an
 * attempt timed from the constructor would have no time left.
 */
class RuntimeClientRestoreTest {

    private static final String PAT = "ghp_restoreTestPat0123456789abcdefABCDEF";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:restore-1";
    /** Longer than either task's attempt, {@code TimeoutSeconds} in the definition: 8 s and 9 s. */
    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(10);

    @AutoClose
    private final RuntimeClientFixture fixture = new RuntimeClientFixture(PAT);
    private final FakeBackends backends = fixture.backends;
    private final LambdaInvokeEndpoint endpoint = fixture.endpoint;

    @Test
    void firstInvocationAfterARestore_ofASnapshotOlderThanTheAttempt_hasTheWholeAttempt() throws Exception {
        // Given both functions with SnapStart, restored from snapshots taken 10 s before
        var settings = LambdaInvokeEndpoint.FunctionSettings.DEFAULT.withSnapshotAge(SNAPSHOT_AGE);
        endpoint.register("get-token", backends.getTokenPackage().withSnapStart(true), settings);
        endpoint.register("list-runners", backends.listRunnersPackage().withSnapStart(true), settings);
        backends.organization().setRunners(FakeRunners.generate(3, "abc"));
        String runStart = Instant.now().toString();

        // When the state machine's two tasks invoke them, each its first invocation
        HttpResponse<String> token = invoke("get-token", inRun(runStart, 8).put("executionArn", EXECUTION));
        HttpResponse<String> listing = invoke("list-runners", inRun(runStart, 9).put("executionArn", EXECUTION)
                .put("sealedToken", json(token).path("sealedToken").asText()));

        // Then both succeed in their first attempt
        assertThat(token.headers().firstValue("X-Amz-Function-Error")).as(token.body()).isEmpty();
        assertThat(listing.headers().firstValue("X-Amz-Function-Error")).as(listing.body()).isEmpty();
        assertThat(json(listing).path("idle").path("count").asInt() + json(listing).path("busy").path("count").asInt()
                + json(listing).path("offline").path("count").asInt()).isEqualTo(3);
        for (String function : new String[] {"get-token", "list-runners"}) {
            assertThat(endpoint.runtimeClientFunction(function).environments()).as(function).singleElement()
                    .satisfies(environment -> assertThat(environment.restoreRequestedAt()).isNotNull());
        }
    }

    /** A task's input as the state machine gives it, with the run's budget. */
    private static ObjectNode inRun(String runStart, int attemptSeconds) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.putObject("budget").put("executionStartTime", runStart).put("attemptSeconds", attemptSeconds)
                .put("endBySecond", 120).put("rateLimitWaits", 0);
        return input;
    }

    private HttpResponse<String> invoke(String function, ObjectNode input) {
        return fixture.invoke(function, input.toString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RuntimeClientFixture.json(response);
    }
}
