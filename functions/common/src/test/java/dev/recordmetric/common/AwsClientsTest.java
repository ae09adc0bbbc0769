package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
