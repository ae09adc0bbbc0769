package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code executions} and {@code trigger} against the wire-level Step Functions fake, through the SDK's sfn client. */
class StepFunctionsCommandsTest {

    private FakeStepFunctions sfn;

    @BeforeAll
    static void awsCredentials() {
        System.setProperty("aws.accessKeyId", "AKIDSFNTEST");
        System.setProperty("aws.secretAccessKey", "sfn-test-secret");
    }

    @BeforeEach
    void start() {
        sfn = new FakeStepFunctions();
    }

    @AfterEach
    void stop() {
        sfn.close();
    }

    private String[] args(String command, String... extra) {
        String[] base = {command, "--state-machine-arn", FakeStepFunctions.STATE_MACHINE, "--aws-endpoint-url", sfn.endpoint().toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void executions_listsStatusDurationAndValuesOrErrorAndCause() throws IOException {
        Instant t = Instant.parse("2026-11-27T03:18:00Z");
        sfn.add("run-1", FakeStepFunctions.History.succeeded(t, 3, 2));
        sfn.add("run-2", FakeStepFunctions.History.failed(t.plusSeconds(60), "dev.recordmetric.errors.AuthenticationException",
                "GitHub answered HTTP 401 \"Bad credentials\" while listing the self-hosted runners of organization acme"));
        sfn.add("run-3", FakeStepFunctions.History.succeeded(t.plusSeconds(120), 4, 0, true));

        Cli.Result result = Cli.run(Map.of(), args("executions"));

        assertThat(result.exit()).as(result.err()).isZero();
        String[] lines = result.out().strip().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[2]).contains("2026-11-27 03:20:00", "SUCCEEDED", "BusyRunners=4 IdleRunners=0");
        assertThat(lines[3]).contains("2026-11-27 03:19:00", "FAILED", "AuthenticationException: GitHub answered HTTP 401");
        assertThat(lines[4]).contains("2026-11-27 03:18:00", "SUCCEEDED", " s ", "BusyRunners=3 IdleRunners=2");
        assertThat(sfn.targets()).contains("AWSStepFunctions.ListExecutions", "AWSStepFunctions.GetExecutionHistory");

        Cli.Result json = Cli.run(Map.of(), args("executions", "--json", "--max", "1"));
        JsonNode newest = Json.MAPPER.readTree(json.out().strip());
        assertThat(newest.path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode listRunners = newest.path("states").get(1);
        assertThat(listRunners.path("name").asText()).isEqualTo("ListRunners");
        assertThat(listRunners.path("retries").get(0).path("error").asText()).isEqualTo("dev.recordmetric.errors.RateLimitedException");
    }

    @Test
    void trigger_followsTheExecutionToItsEnd_withTheRunTimeline() {
        sfn.onStart(() -> FakeStepFunctions.History.succeeded(Instant.now(), 2, 5, true));

        Cli.Result result = Cli.run(Map.of(), args("trigger", "--poll", "10ms"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("trigger", "triggered-1", "✓ GetToken", "↻ ListRunners", "retry 1 after RateLimitedException",
                "secondary rate limit", "✓ ListRunners", "after 1 retry", "✓ CountRunners", "✓ PutMetricData",
                "runners   2 busy", "published GitHubRunners BusyRunners = 2, IdleRunners = 5", "asg_name=ci", "SUCCEEDED in");
        assertThat(sfn.targets()).startsWith("AWSStepFunctions.StartExecution")
                .filteredOn("AWSStepFunctions.GetExecutionHistory"::equals).hasSizeGreaterThan(2);
    }

    @Test
    void trigger_failedExecution_showsErrorAndCause_exits1() {
        sfn.onStart(() -> FakeStepFunctions.History.failed(Instant.now(), "dev.recordmetric.errors.OrganizationNotFoundException",
                "GitHub answered HTTP 404 while listing"));

        Cli.Result result = Cli.run(Map.of(), args("trigger", "--poll", "10ms"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ ListRunners", "OrganizationNotFoundException", "GitHub answered HTTP 404 while listing",
                "✗ ListRunnersFailed", "FAILED in", "nothing published");
    }

    @Test
    void executions_unknownStateMachine_oneLine() {
        Cli.Result result = Cli.run(Map.of(), "executions", "--state-machine-arn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:other", "--aws-endpoint-url", sfn.endpoint().toString());

        assertThat(result.exit()).isEqualTo(RecordMetric.BAD_INPUT);
        assertThat(result.err().strip()).startsWith("record-metric: ListExecutions failed: StateMachineDoesNotExist")
                .contains("check --state-machine-arn").doesNotContain("\n");
    }
}
