package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.FakeRunner;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What CloudWatch stores for the functions' one log line per invocation, as AWS's Java runtime
 * client writes it under either {@code logging_config.log_format}: each event of ours must be a JSON
 * object with the fields at the top level, so that Logs Insights discovers {@code organization},
 * {@code busy}, {@code rateLimitRemaining}... (it discovers the fields of JSON events:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html).
 * The events are the runtime client's telemetry frames, each stored by Lambda as one event.
 */
class CloudWatchLogEventsTest {

    private static final String LABEL = "installation_id:abc";
    private static LocalWorkflow workflow;
    private FakeBackends backends;

    @BeforeAll
    static void startEngine() {
        workflow = ScenarioEngine.builder().start();
    }

    @AfterAll
    static void stopEngine() {
        workflow.close();
    }

    @AfterEach
    void stopFakes() {
        backends.close();
    }


    private LocalWorkflow.Run run(String logFormat) {
        workflow.useFunctions(backends.getTokenPackage().withLogFormat(logFormat),
                backends.listRunnersPackage().withLogFormat(logFormat));
        return workflow.run(ScenarioEngine.NO_RETRY_WAITS);
    }

    /** Our events: the ones that carry an outcome (the runtime's own, e.g. an uncaught exception, do not). */
    private static List<JsonNode> ourEvents(LambdaInvokeEndpoint.Invocation invocation) {
        return invocation.logLines().stream().filter(line -> line.contains("outcome")).map(line -> {
            try {
                return Json.STRICT.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON event: " + line, e);
            }
        }).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "Text"})
    void eachFunctionLogsOneJsonEventWithTopLevelFields_whenItSucceedsAndWhenItFails(String logFormat) {
        backends = FakeBackends.start("acme", "abc").usePat("ghp_logEventsTestPat0123456789abcdefABCD");
        backends.organization().setRunners(List.of(
                FakeRunner.busy(1, "r-1", LABEL), FakeRunner.busy(2, "r-2", LABEL), FakeRunner.idle(3, "r-3", LABEL)));

        LocalWorkflow.Run succeeded = run(logFormat);
        backends.github().faults().nextOn("/orgs/acme/actions/runners", Fault.missingPermission());
        LocalWorkflow.Run failed = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        assertThat(succeeded.status()).as("%s", succeeded.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ourEvents(succeeded.invocations().get(0))).singleElement().satisfies(event -> {
            assertThat(event.isObject()).isTrue();
            assertThat(event.path("function").asText()).isEqualTo("GetToken");
            assertThat(event.path("organization").asText()).isEqualTo("acme");
            assertThat(event.path("credentialType").asText()).isEqualTo("token");
            assertThat(event.path("outcome").asText()).isEqualTo("ok");
            assertThat(event.path("level").asText()).isEqualTo("INFO");
            assertThat(event.has("message")).as("not wrapped into the runtime's message string").isFalse();
        });
        assertThat(ourEvents(succeeded.invocations().get(1))).singleElement().satisfies(event -> {
            assertThat(event.path("function").asText()).isEqualTo("ListRunners");
            assertThat(event.path("organization").asText()).isEqualTo("acme");
            assertThat(event.path("busy").asInt()).isEqualTo(2);
            assertThat(event.path("idle").asInt()).isEqualTo(1);
            assertThat(event.path("runnersMatched").asInt()).isEqualTo(3);
            assertThat(event.path("rateLimitRemaining").isNumber()).isTrue();
            assertThat(event.path("outcome").asText()).isEqualTo("ok");
            assertThat(event.has("message")).isFalse();
        });
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ourEvents(failed.invocations().get(1))).singleElement().satisfies(event -> {
            assertThat(event.path("outcome").asText()).isEqualTo("failed");
            assertThat(event.path("level").asText()).isEqualTo("ERROR");
            assertThat(event.path("error").asText()).isEqualTo("dev.recordmetric.errors.AuthenticationException");
            assertThat(event.path("organization").asText()).isEqualTo("acme");
        });
    }
}
