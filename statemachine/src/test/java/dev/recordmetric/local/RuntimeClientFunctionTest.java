package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.TestHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import dev.recordmetric.fakes.SignatureV4Check;

/**
 * The Lambda endpoint with functions run under AWS's runtime interface client, in JVMs of their
 * own: what the client posts to our Runtime API becomes what the Invoke API answers, as Lambda
 * answers it. The handlers are the small ones in {@code testfunctions}.
 */
class RuntimeClientFunctionTest {

    private static final LambdaInvokeEndpoint.FunctionSettings SETTINGS =
            new LambdaInvokeEndpoint.FunctionSettings(512, Duration.ofSeconds(20));
    private static final AwsSessionCredentials ROLE = SignatureV4Check.randomCredentials();

    private final LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start("eu-west-1", "123456789012");

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> invoke(String functionName, String payload) {
        URI uri = URI.create(endpoint.uri() + "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8)
                + "/invocations");
        return TestHttp.post(uri, payload, endpoint.credentials(), "lambda", endpoint.region());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.STRICT.readTree(response.body());
    }

    /** The messages of JSON-format log events (the runtime client's {@code JsonLogFormatter}). */
    private static List<String> messages(List<String> jsonLogLines) {
        return jsonLogLines.stream().map(line -> {
            try {
                return Json.STRICT.readTree(line).path("message").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void invoke_runsTheHandlerUnderTheRuntimeClient_withTheContextAndEnvironmentLambdaGives() throws Exception {
        String arn = endpoint.register("echo", TestFunctions.handler("ContextEcho", ROLE), SETTINGS);

        HttpResponse<String> first = invoke("echo", "{\"a\":1}");
        HttpResponse<String> second = invoke("echo", "{\"a\":2}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        JsonNode context = json(first);
        assertThat(context.path("payload").path("a").asInt()).isEqualTo(1);
        assertThat(context.path("requestId").asText()).isEqualTo(first.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(context.path("functionName").asText()).isEqualTo("echo");
        assertThat(context.path("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(context.path("invokedFunctionArn").asText()).isEqualTo(arn);
        assertThat(context.path("logGroupName").asText()).isEqualTo("/aws/lambda/echo");
        assertThat(context.path("logStreamName").asText()).matches("\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST\\][0-9a-f]{32}");
        assertThat(context.path("memoryLimitInMB").asInt()).isEqualTo(512);
        assertThat(context.path("remainingTimeInMillis").asLong()).isBetween(1L, 20_000L);
        assertThat(context.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(context.path("accessKeyId").asText()).isEqualTo(ROLE.accessKeyId());
        assertThat(context.path("pid").asLong()).as("a process of its own").isNotEqualTo(ProcessHandle.current().pid());
        assertThat(json(second).path("pid").asLong()).as("a warm second invocation").isEqualTo(context.path("pid").asLong());
        assertThat(endpoint.invocations("echo")).hasSize(2).allSatisfy(i -> {
            assertThat(i.functionError()).isNull();
            assertThat(messages(i.logLines())).containsExactly("echo " + i.requestId());
        });
        assertThat(endpoint.runtimeClientFunction("echo").environments()).hasSize(1);
    }

    @Test
    void invoke_ofAnAliasRegisteredWithItsVersion_runsThatVersion_andOnlyThatQualifierFindsIt() throws Exception {
        String arn = endpoint.register("echo", "live", TestFunctions.handler("ContextEcho", ROLE),
                new LambdaInvokeEndpoint.FunctionSettings(512, Duration.ofSeconds(20), "3"));

        HttpResponse<String> alias = invoke(arn, "{}");
        HttpResponse<String> unqualified = invoke("echo", "{}");
        HttpResponse<String> otherAlias = invoke("echo:test", "{}");

        assertThat(arn).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:echo:live");
        assertThat(alias.statusCode()).isEqualTo(200);
        assertThat(alias.headers().firstValue("X-Amz-Executed-Version")).hasValue("3");
        assertThat(json(alias).path("functionVersion").asText()).isEqualTo("3");
        assertThat(json(alias).path("invokedFunctionArn").asText()).isEqualTo(arn);
        assertThat(json(alias).path("logStreamName").asText()).matches("\\d{4}/\\d\\d/\\d\\d/\\[3\\][0-9a-f]{32}");
        assertThat(unqualified.statusCode()).isEqualTo(404);
        assertThat(otherAlias.statusCode()).isEqualTo(404);
    }

    @Test
    void invoke_whenTheHandlerThrows_answersTheRuntimeClientsErrorDocumentAsUnhandled() throws Exception {
        endpoint.register("failing", TestFunctions.handler("Failing", ROLE), SETTINGS);

        HttpResponse<String> response = invoke("failing", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode error = json(response);
        assertThat(error.path("errorType").asText()).isEqualTo("dev.recordmetric.local.testfunctions.Failing$RateLimitedException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("secondary rate limit, retry after 10 s");
        assertThat(error.path("stackTrace").get(0).asText())
                .startsWith("dev.recordmetric.local.testfunctions.Failing.handleRequest(Failing.java:");
        assertThat(endpoint.invocations()).singleElement().satisfies(i -> {
            assertThat(i.functionError()).isEqualTo("dev.recordmetric.local.testfunctions.Failing$RateLimitedException");
            assertThat(messages(i.logLines())).as("the runtime logs the uncaught exception, trace and all, as one event")
                    .singleElement().satisfies(line -> assertThat(line).contains("secondary rate limit")
                            .contains("\n\tat dev.recordmetric.local.testfunctions.Failing.handleRequest"));
        });
        assertThat(invoke("failing", "{}").headers().firstValue("X-Amz-Function-Error")).as("the environment stays").hasValue("Unhandled");
        assertThat(endpoint.runtimeClientFunction("failing").environments()).hasSize(1);
    }

    @Test
    void invoke_whenTheConstructorThrows_answersTheInitErrorAndTriesAnewNextTime() throws Exception {
        endpoint.register("broken", TestFunctions.handler("FailingConstructor", ROLE), SETTINGS);

        HttpResponse<String> first = invoke("broken", "{}");
        HttpResponse<String> second = invoke("broken", "{}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode error = json(first);
        assertThat(error.path("errorType").asText())
                .isEqualTo("dev.recordmetric.local.testfunctions.FailingConstructor$InvalidConfigurationException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("Environment variable GITHUB_ORG is not set");
        assertThat(json(second).path("errorType").asText()).isEqualTo(error.path("errorType").asText());
        assertThat(endpoint.runtimeClientFunction("broken").environments()).as("a new environment, a new init").hasSize(2);
        assertThat(endpoint.invocations().getFirst().logLines())
                .anySatisfy(line -> assertThat(line).contains("Environment variable GITHUB_ORG is not set"));
    }

    @Test
    void invoke_pastTheTimeout_answersSandboxTimedoutAndTheNextRunsInANewProcess() throws Exception {
        endpoint.register("slow", TestFunctions.handler("Sleeping", ROLE),
                new LambdaInvokeEndpoint.FunctionSettings(128, Duration.ofSeconds(3)));
        String warm = invoke("slow", "0").body();

        HttpResponse<String> timedOut = invoke("slow", "60000");
        HttpResponse<String> after = invoke("slow", "0");

        assertThat(timedOut.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(json(timedOut).path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(timedOut.body()).contains("Task timed out after 3.00 seconds");
        assertThat(after.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(ProcessHandle.of(Long.parseLong(warm))).as("the timed-out process is stopped")
                .satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p.orElseThrow().isAlive()).isFalse());
        assertThat(after.body()).isNotEqualTo(warm);
        assertThat(endpoint.runtimeClientFunction("slow").environments()).hasSize(2);
    }

    @Test
    void invoke_whenTheProcessDies_answersRuntimeExitErrorAndTheNextIsAColdStart() throws Exception {
        endpoint.register("exiting", TestFunctions.handler("Exiting", ROLE), SETTINGS);
        String warm = invoke("exiting", "{}").body();

        HttpResponse<String> crashed = invoke("exiting", "3");
        HttpResponse<String> after = invoke("exiting", "{}");

        assertThat(crashed.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode error = json(crashed);
        assertThat(error.path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(error.path("errorMessage").asText())
                .isEqualTo("RequestId: " + crashed.headers().firstValue("x-amzn-RequestId").orElseThrow()
                        + " Error: Runtime exited with error: exit status 3");
        assertThat(after.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(after.body()).isNotEqualTo(warm);
        assertThat(endpoint.runtimeClientFunction("exiting").environments()).hasSize(2);
    }

    @Test
    void snapStart_runsTheCheckpointHooksThroughTheRestorePathBeforeTheFirstInvocation() throws Exception {
        endpoint.register("hooks", TestFunctions.handler("WithCheckpointHooks", ROLE).withSnapStart(true), SETTINGS);

        HttpResponse<String> response = invoke("hooks", "{}");

        assertThat(response.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(json(response).path("hooks").asText()).isEqualTo("beforeCheckpoint,afterRestore,");
        assertThat(json(response).path("initializationType").asText()).isEqualTo("snap-start");
        assertThat(endpoint.runtimeClientFunction("hooks").environments().getFirst().restoreRequestedAt()).isNotNull();
        assertThat(messages(endpoint.invocations().getFirst().logLines())).containsSubsequence("before checkpoint", "after restore");
    }

    @Test
    void onDemand_runsNoCheckpointHooks() throws Exception {
        endpoint.register("hooks", TestFunctions.handler("WithCheckpointHooks", ROLE), SETTINGS);

        HttpResponse<String> response = invoke("hooks", "{}");

        assertThat(json(response).path("hooks").asText()).isEmpty();
        assertThat(json(response).path("initializationType").asText()).isEqualTo("on-demand");
        assertThat(endpoint.runtimeClientFunction("hooks").environments().getFirst().restoreRequestedAt()).isNull();
    }
}
