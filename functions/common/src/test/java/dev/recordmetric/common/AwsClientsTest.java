package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

class AwsClientsTest {

    @Test
    void offline_kmsClient_runsSealAndUnsealWithoutAnEndpoint() {
        // Given a region and nothing listening anywhere
        var env = new Environment(Map.of("AWS_REGION", "eu-west-1"));

        // When / Then: the canned answers satisfy both requests
        try (KmsClient offline = AwsClients.offline(KmsClient.builder(), env, TokenSeal.PRIMING_RESPONSE)) {
            assertThatCode(() -> {
                TokenSeal.primeSeal(offline);
                TokenSeal.primeUnseal(offline);
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void build_whenRegionMissing_failsNamingTheVariable() {
        assertThatThrownBy(() -> AwsClients.build(KmsClient.builder(), new Environment(Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void priming_setsNoTimeout_soThatASlowFirstCallCannotFailTheInit() {
        // Given an offline KMS client that records each request's timeouts
        var timeouts = new ArrayList<Optional<Duration>>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                context.request().overrideConfiguration().ifPresent(c -> {
                    timeouts.add(c.apiCallTimeout());
                    timeouts.add(c.apiCallAttemptTimeout());
                });
            }
        };
        try (KmsClient offline = KmsClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(CannedResponseHttpClient.builder().statusCode(200)
                        .responseBody(TokenSeal.PRIMING_RESPONSE.getBytes(StandardCharsets.UTF_8)).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {

            // When
            TokenSeal.primeSeal(offline);
            TokenSeal.primeUnseal(offline);
        }

        // Then: at a small CPU share the first call may take longer than any network timeout
        assertThat(timeouts).hasSize(4).containsOnly(Optional.empty());
    }

    @Test
    void within_boundsARealCallByTheTimeLeft() {
        var timeouts = AwsClients.within(Duration.ofSeconds(3));

        assertThat(timeouts.apiCallTimeout()).contains(Duration.ofSeconds(3));
        assertThat(timeouts.apiCallAttemptTimeout()).contains(AwsClients.API_CALL_ATTEMPT_TIMEOUT);
    }
}
