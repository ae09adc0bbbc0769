package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.TestHttp;
import dev.recordmetric.errors.RateLimitedException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class LambdaInvokeEndpointTest {

    private final LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start("eu-west-1", "123456789012");

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private URI invocations(String functionName) {
        return URI.create(endpoint.uri() + "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8)
                + "/invocations");
    }

    private HttpResponse<String> invoke(String functionName, String payload, String... headers) {
        return TestHttp.post(invocations(functionName), payload, endpoint.credentials(), "lambda", endpoint.region(), headers);
    }

    @Test
    void defaultSettings_areTheTerraformModulesDefaults() throws java.io.IOException {
        // Given the module's variables
        String variables = java.nio.file.Files.readString(
                StateMachineFiles.locate().directory().getParent().resolve("terraform/variables.tf"));

        // Then the local functions run with the memory size and timeout the module deploys by default
        assertThat(LambdaInvokeEndpoint.FunctionSettings.DEFAULT.memoryMb()).isEqualTo(defaultOf(variables, "lambda_memory_size"));
        assertThat(LambdaInvokeEndpoint.FunctionSettings.DEFAULT.timeout().toSeconds()).isEqualTo(defaultOf(variables, "lambda_timeout"));
    }

    private static int defaultOf(String variables, String name) {
        var matcher = java.util.regex.Pattern.compile("variable \"" + name + "\" \\{[^}]*?\\bdefault\\s*=\\s*(\\d+)")
                .matcher(variables);
        assertThat(matcher.find()).as("variable %s with a number default", name).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void invoke_byArnPartialArnOrName_runsTheHandlerWithARealisticContext() throws Exception {
        AtomicReference<Context> seen = new AtomicReference<>();
        RequestStreamHandler echo = (in, out, context) -> {
            seen.set(context);
            context.getLogger().log("hello from " + context.getFunctionName() + "\n");
            out.write(in.readAllBytes());
        };
        String arn = endpoint.register("echo", echo, new LambdaInvokeEndpoint.FunctionSettings(512, Duration.ofSeconds(10)));

        for (String name : new String[] {arn, "123456789012:function:echo", "echo", "echo:$LATEST"}) {
            HttpResponse<String> response = invoke(name, "{\"a\":1}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"a\":1}");
            assertThat(response.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        }

        Context context = seen.get();
        assertThat(arn).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:echo");
        assertThat(context.getInvokedFunctionArn()).isEqualTo(arn);
        assertThat(context.getAwsRequestId()).matches("[0-9a-f-]{36}");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/echo");
        assertThat(context.getLogStreamName()).matches("\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST\\][0-9a-f]{32}");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(512);
        assertThat(context.getRemainingTimeInMillis()).isBetween(0, 10_000);
        assertThat(endpoint.invocations("echo")).hasSize(4).allSatisfy(i -> {
            assertThat(i.logLines()).containsExactly("hello from echo");
            assertThat(i.functionError()).isNull();
        });
    }

    @Test
    void invoke_whenHandlerThrows_answersAsTheJavaRuntime() throws Exception {
        endpoint.register("failing", (in, out, context) -> {
            throw new RateLimitedException("secondary rate limit, retry after 10 s");
        });

        HttpResponse<String> response = invoke("failing", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode body = Json.STRICT.readTree(response.body());
        assertThat(body.path("errorType").asText()).isEqualTo("dev.recordmetric.errors.RateLimitedException");
        assertThat(body.path("errorMessage").asText()).isEqualTo("secondary rate limit, retry after 10 s");
        assertThat(body.path("stackTrace").get(0).asText())
                .matches("dev\\.recordmetric\\.local\\.LambdaInvokeEndpointTest\\.lambda\\$.+\\(LambdaInvokeEndpointTest\\.java:\\d+\\)");
        assertThat(endpoint.invocations()).singleElement()
                .satisfies(i -> assertThat(i.functionError()).isEqualTo("dev.recordmetric.errors.RateLimitedException"));
    }

    @Test
    void invoke_whenHandlerRunsPastItsTimeout_answersSandboxTimedout() throws Exception {
        endpoint.register("slow", (in, out, context) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, new LambdaInvokeEndpoint.FunctionSettings(128, Duration.ofMillis(200)));

        HttpResponse<String> response = invoke("slow", "{}");

        assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(Json.STRICT.readTree(response.body()).path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(response.body()).contains("Task timed out after 0.20 seconds");
    }

    @Test
    void invoke_whenFunctionUnknownOrElsewhere_answersResourceNotFound() throws Exception {
        endpoint.register("echo", (in, out, context) -> {});

        for (String name : new String[] {"nope", "arn:aws:lambda:us-east-1:123456789012:function:echo",
                "arn:aws:lambda:eu-west-1:999999999999:function:echo", "echo:prod"}) {
            HttpResponse<String> response = invoke(name, "{}");
            assertThat(response.statusCode()).as(name).isEqualTo(404);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        }
    }

    @Test
    void invoke_withLogTypeTail_returnsTheLogTail() throws Exception {
        endpoint.register("logger", (in, out, context) -> context.getLogger().log("line one"));

        HttpResponse<String> response = invoke("logger", "{}", "X-Amz-Log-Type", "Tail");

        assertThat(new String(Base64.getDecoder().decode(response.headers().firstValue("X-Amz-Log-Result").orElseThrow()),
                StandardCharsets.UTF_8)).isEqualTo("line one");
    }

    @Test
    void awsSdkTask_isServedByItsIntegration() throws Exception {
        endpoint.registerIntegration("cloudwatch", "putMetricData", (parameters, executionArn) -> {
            if (parameters.has("Fail")) {
                throw new AwsSdkIntegration.TaskFailedException("CloudWatch.InternalServiceException", "try again");
            }
            return parameters;
        });

        HttpResponse<String> ok = post("/local/aws-sdk/cloudwatch/putMetricData", "{\"Namespace\":\"N\"}");
        HttpResponse<String> failed = post("/local/aws-sdk/cloudwatch/putMetricData", "{\"Fail\":true}");
        HttpResponse<String> unknown = post("/local/aws-sdk/sqs/sendMessage", "{}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"Namespace\":\"N\"}");
        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(Json.STRICT.readTree(failed.body()).path("Error").asText()).isEqualTo("CloudWatch.InternalServiceException");
        assertThat(Json.STRICT.readTree(unknown.body()).path("Error").asText()).isEqualTo("States.Runtime");
    }

    private HttpResponse<String> post(String path, String body) {
        return TestHttp.post(URI.create(endpoint.uri() + path), body, endpoint.credentials(), "lambda", endpoint.region());
    }

    @Test
    void anyRequest_notSignedWithTheEndpointsCredentials_isRefusedAsLambdaRefusesIt() throws Exception {
        AtomicReference<Context> ran = new AtomicReference<>();
        endpoint.register("echo", (in, out, context) -> ran.set(context));
        AwsSessionCredentials ours = endpoint.credentials();
        URI uri = invocations("echo");

        HttpResponse<String> unsigned = TestHttp.post(uri, "{}", null, "lambda", endpoint.region());
        HttpResponse<String> stranger = TestHttp.post(uri, "{}", AwsBasicCredentials.create("AKIDGUESSED", "guessed"), "lambda", endpoint.region());
        HttpResponse<String> wrongSecret = TestHttp.post(uri, "{}",
                AwsSessionCredentials.create(ours.accessKeyId(), "not-the-secret", ours.sessionToken()), "lambda", endpoint.region());
        HttpResponse<String> otherRegion = TestHttp.post(uri, "{}", ours, "lambda", "us-east-1");
        HttpResponse<String> sdkTask = TestHttp.post(URI.create(endpoint.uri() + "/local/aws-sdk/cloudwatch/putMetricData"), "{}", null, "lambda",
                endpoint.region());

        assertThat(List.of(unsigned, stranger, wrongSecret, otherRegion, sdkTask)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(403));
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(stranger.headers().firstValue("x-amzn-ErrorType")).hasValue("UnrecognizedClientException");
        assertThat(wrongSecret.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(otherRegion.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(Json.STRICT.readTree(wrongSecret.body()).path("Message").asText()).contains("signature");
        assertThat(ran.get()).as("the function never ran").isNull();
        assertThat(endpoint.invocations()).isEmpty();
        assertThat(invoke("echo", "{}").statusCode()).isEqualTo(200);
    }
}
