package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.TransientException;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeContainerCredentials;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The credentials a function gets on Lambda: from the environment, or with SnapStart from the
 * container credentials endpoint. The environment path is exercised under the real runtime client
 * (statemachine's RuntimeClientCredentialsTest); here the container path, configured through the
 * SDK's system properties, against the fakes, which accept only their own credentials.
 */
class AwsCredentialsTest {

    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:run-1";
    private static final Environment ON_LAMBDA = new Environment(Map.of(
            "AWS_REGION", FakeAws.REGION, "AWS_LAMBDA_FUNCTION_NAME", "record-metric-get-token"));

    private final FakeAws aws = FakeAws.start();
    private final FakeContainerCredentials container = FakeContainerCredentials.start(aws.credentials());

    @AfterEach
    void stop() {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
        container.close();
        aws.close();
    }

    private KmsClient kmsOnLambda() {
        return AwsClients.build(KmsClient.builder().endpointOverride(aws.endpoint()), ON_LAMBDA);
    }

    private void useTheContainerEndpoint(String authorizationToken) {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "environment credentials would come first");
        System.setProperty("aws.containerCredentialsFullUri", container.uri().toString());
        System.setProperty("aws.containerAuthorizationToken", authorizationToken);
    }

    /** What sealing a token with {@code key} on a new client throws. */
    private Throwable sealingFailure(String key) {
        try (KmsClient kms = kmsOnLambda()) {
            return catchThrowable(() -> new TokenSeal(kms, key).seal("ghs_token", EXECUTION));
        }
    }

    @Test
    void onLambda_withContainerCredentials_signsWithThemAtTheFirstRequestOnly() {
        useTheContainerEndpoint(container.authorizationToken());
        String key = aws.createKey();

        try (KmsClient kms = kmsOnLambda()) {
            assertThat(container.fetches()).as("building the client resolves nothing").isEmpty();

            String sealed = new TokenSeal(kms, key).seal("ghs_token", EXECUTION);

            assertThat(new TokenSeal(kms, key).unseal(sealed, EXECUTION)).isEqualTo("ghs_token");
        }
        assertThat(container.fetches()).isNotEmpty().allSatisfy(f -> assertThat(f.authorized()).isTrue());
    }

    @Test
    void onLambda_whenTheContainerEndpointRefusesTheToken_failsAsConfiguration() {
        useTheContainerEndpoint("not-the-token");
        String key = aws.createKey();

        assertThat(sealingFailure(key))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("No AWS credentials while sealing the token")
                .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        assertThat(aws.requestCount(FakeAws.ENCRYPT)).as("nothing unsigned reaches KMS").isZero();
    }

    @Test
    void onLambda_whenTheContainerEndpointAnswers503_failsAsTransient_andTheNextRunGetsCredentials() {
        useTheContainerEndpoint(container.authorizationToken());
        String key = aws.createKey();
        container.failWith(503);

        try (KmsClient kms = kmsOnLambda()) {
            assertThatThrownBy(() -> new TokenSeal(kms, key).seal("ghs_token", EXECUTION))
                    .isInstanceOf(TransientException.class)
                    .hasMessageContaining("container credentials endpoint")
                    .hasMessageContaining("sealing the token");
            assertThat(aws.requestCount(FakeAws.ENCRYPT)).as("nothing unsigned reaches KMS").isZero();

            container.recover();

            assertThat(new TokenSeal(kms, key).seal("ghs_token", EXECUTION)).isNotEmpty();
        }
        assertThat(container.fetches()).isNotEmpty().allSatisfy(f -> assertThat(f.authorized()).isTrue());
    }

    @Test
    void onLambda_whenTheContainerEndpointTimesOut_failsAsTransient() {
        useTheContainerEndpoint(container.authorizationToken());
        String key = aws.createKey();
        // Longer than the container credential provider's read timeout (1 s in the SDK's ConnectionUtils).
        container.latency(Duration.ofSeconds(2));

        assertThat(sealingFailure(key)).isInstanceOf(TransientException.class).hasMessageContaining("sealing the token");
        assertThat(aws.requestCount(FakeAws.ENCRYPT)).isZero();
    }

    @Test
    void onLambda_withNeitherCredentialVariables_failsAsConfigurationNamingThem() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "environment credentials would come first");
        assumeTrue(System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null, "the container endpoint would be used");
        assumeTrue(System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null, "the container endpoint would be used");
        String key = aws.createKey();

        assertThat(sealingFailure(key))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("No AWS credentials while sealing the token")
                .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }

    @Test
    void translate_whenNoProviderHasCredentials_isConfigurationNotTransient() {
        var none = AwsClients.namingFailures(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        });

        try (KmsClient kms = KmsClient.builder().endpointOverride(aws.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1).credentialsProvider(none).build()) {
            assertThatThrownBy(() -> new TokenSeal(kms, aws.createKey()).seal("ghs_token", EXECUTION))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("Unable to load credentials");
        }
    }
}
