package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.TestHttp;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeContainerCredentials;
import dev.recordmetric.fakes.SignatureV4Check;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * GetToken's deployable jar under the Lambda runtime client, getting its role's credentials where
 * Lambda puts them: environment variables on demand, a container credentials endpoint with SnapStart
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials). The
 * fake Secrets Manager and KMS accept only requests signed with the fake's own credentials, so a
 * token in the answer means the function signed with the credentials it was given.
 */
class RuntimeClientCredentialsTest {

    private static final String PAT = "ghp_credentialsTestPat0123456789abcdefAB";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:creds-1";

    @AutoClose
    private final RuntimeClientFixture fixture = new RuntimeClientFixture(PAT);
    private final FakeBackends backends = fixture.backends;
    private final LambdaInvokeEndpoint endpoint = fixture.endpoint;

    private HttpResponse<String> invokeGetToken() {
        return fixture.invoke("get-token", "{\"executionArn\":\"" + EXECUTION + "\"}");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RuntimeClientFixture.json(response);
    }

    private void assertSealedAToken(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).as(response.body()).isEmpty();
        assertThat(json(response).path("sealedToken").asText()).isNotEmpty();
        assertThat(backends.aws().requestCount(FakeAws.GET_SECRET_VALUE)).isEqualTo(1);
        assertThat(backends.aws().requestCount(FakeAws.ENCRYPT)).isEqualTo(1);
    }

    @Test
    void onDemand_withTheRolesCredentialsInTheEnvironment_getsTheToken() throws Exception {
        endpoint.register("get-token", backends.getTokenPackage(), LambdaInvokeEndpoint.FunctionSettings.DEFAULT);

        assertSealedAToken(invokeGetToken());
    }

    @Test
    void snapStart_withContainerCredentials_getsTheToken_resolvingThemOnlyAfterTheRestore() throws Exception {
        endpoint.register("get-token", backends.getTokenPackage().withSnapStart(true), LambdaInvokeEndpoint.FunctionSettings.DEFAULT);
        FakeContainerCredentials container = endpoint.runtimeClientFunction("get-token").containerCredentials();

        HttpResponse<String> response = invokeGetToken();

        assertSealedAToken(response);
        Instant restore = endpoint.runtimeClientFunction("get-token").environments().getFirst().restoreRequestedAt();
        assertThat(restore).as("the runtime took the SnapStart restore path").isNotNull();
        assertThat(container.fetches()).as("credentials fetched, and none before the snapshot").isNotEmpty()
                .allSatisfy(fetch -> {
                    assertThat(fetch.authorized()).isTrue();
                    assertThat(fetch.at()).isAfter(restore);
                });
    }

    @Test
    void snapStart_whenTheContainerEndpointAnswers503_failsAsTransient_andTheNextInvocationGetsTheToken() throws Exception {
        endpoint.register("get-token", backends.getTokenPackage().withSnapStart(true), LambdaInvokeEndpoint.FunctionSettings.DEFAULT);
        FakeContainerCredentials container = endpoint.runtimeClientFunction("get-token").containerCredentials();
        container.failWith(503);

        HttpResponse<String> failed = invokeGetToken();

        assertThat(failed.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(json(failed).path("errorType").asText()).isEqualTo("dev.recordmetric.errors.TransientException");
        assertThat(json(failed).path("errorMessage").asText()).contains("container credentials endpoint").contains("HTTP 503");
        assertThat(backends.aws().requestCount(FakeAws.GET_SECRET_VALUE)).isZero();

        container.recover();

        assertSealedAToken(invokeGetToken());
    }

    @Test
    void snapStart_whenTheContainerEndpointRefusesTheToken_failsAsConfigurationNotTransient() throws Exception {
        try (FakeContainerCredentials container = FakeContainerCredentials.start(SignatureV4Check.randomCredentials())) {
            endpoint.register("get-token", backends.getTokenPackage().withSnapStart(true).withCredentials(null)
                            .withVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.uri().toString())
                            .withVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN", "not-the-token"),
                    LambdaInvokeEndpoint.FunctionSettings.DEFAULT);

            HttpResponse<String> response = invokeGetToken();

            assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
            assertThat(json(response).path("errorType").asText()).isEqualTo("dev.recordmetric.errors.InvalidConfigurationException");
            assertThat(json(response).path("errorMessage").asText()).contains("No AWS credentials while reading")
                    .contains("AWS_CONTAINER_AUTHORIZATION_TOKEN");
            assertThat(container.fetches()).isNotEmpty().noneMatch(FakeContainerCredentials.Fetch::authorized);
            assertThat(backends.aws().requestCount(FakeAws.GET_SECRET_VALUE)).isZero();
        }
    }
}
