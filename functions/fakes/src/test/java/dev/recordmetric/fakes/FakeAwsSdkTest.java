package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The fake as the real AWS SDK sees it. */
class FakeAwsSdkTest {

    private FakeAws aws;
    private SecretsManagerClient secretsManager;
    private KmsClient kms;

    @BeforeEach
    void start() {
        aws = FakeAws.start();
        secretsManager = secretsManager(aws.credentials());
        kms = kms(aws.credentials());
    }

    private SecretsManagerClient secretsManager(AwsCredentials credentials) {
        return SecretsManagerClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private KmsClient kms(AwsCredentials credentials) {
        return KmsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        secretsManager.close();
        kms.close();
        aws.close();
    }

    @Test
    void sdk_withOtherCredentials_isRefusedAndReadsNothing() {
        aws.putSecret("github/pat", "ghp_operatorsRealToken");
        AwsSessionCredentials ours = aws.credentials();
        AwsCredentials[] others = {
            AwsBasicCredentials.create("AKIDGUESSED", "guessed"),
            AwsSessionCredentials.create(ours.accessKeyId(), ours.secretAccessKey(), "another-session"),
            AwsSessionCredentials.create(ours.accessKeyId(), "not-the-secret", ours.sessionToken()),
        };
        String[] expected = {"UnrecognizedClientException", "UnrecognizedClientException", "InvalidSignatureException"};

        for (int i = 0; i < others.length; i++) {
            try (SecretsManagerClient stranger = secretsManager(others[i])) {
                String code = expected[i];
                assertThatThrownBy(() -> stranger.getSecretValue(request -> request.secretId("github/pat")))
                        .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.getMessage()).doesNotContain("ghp_operatorsRealToken");
                        });
            }
        }
        assertThat(secretsManager.getSecretValue(request -> request.secretId("github/pat")).secretString())
                .isEqualTo("ghp_operatorsRealToken");
    }

    @Test
    void fakeAwsClients_signWithTheFakesCredentials_givenTheFakeOrItsEndpoint() {
        aws.putSecret("s", "v");

        try (FakeAwsClients byFake = new FakeAwsClients(aws); FakeAwsClients byEndpoint = new FakeAwsClients(aws.endpoint())) {
            assertThat(byFake.secretsManager().getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("v");
            assertThat(byEndpoint.secretsManager().getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("v");
        }
    }

    @Test
    void sdk_getSecretValue_readsStringAndBinarySecrets() {
        String arn = aws.putSecret("github/pem", "-----BEGIN RSA PRIVATE KEY-----");
        aws.putSecret("binary", new byte[] {1, 2, 3});

        GetSecretValueResponse string = secretsManager.getSecretValue(request -> request.secretId(arn));
        GetSecretValueResponse binary = secretsManager.getSecretValue(request -> request.secretId("binary"));

        assertThat(string.secretString()).isEqualTo("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(string.arn()).isEqualTo(arn);
        assertThat(string.createdDate()).isNotNull();
        assertThat(binary.secretBinary().asByteArray()).containsExactly(1, 2, 3);
        assertThat(aws.requests(FakeAws.GET_SECRET_VALUE)).allSatisfy(request ->
                assertThat(request.headers().get("Authorization").getFirst()).startsWith("AWS4-HMAC-SHA256"));
    }

    @Test
    void sdk_getSecretValue_whenUnknown_throwsResourceNotFound() {
        assertThatThrownBy(() -> secretsManager.getSecretValue(request -> request.secretId("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void sdk_encryptDecrypt_roundTripsAndBindsTheContext() {
        String key = aws.createKey();
        Map<String, String> context = Map.of("execution_arn", "arn:aws:states:eu-west-1:123456789012:execution:m:1");

        SdkBytes blob = kms.encrypt(request -> request.keyId(key).plaintext(SdkBytes.fromUtf8String("ghs_x")).encryptionContext(context))
                .ciphertextBlob();
        String plaintext = kms.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(context)).plaintext().asUtf8String();

        assertThat(plaintext).isEqualTo("ghs_x");
        assertThatThrownBy(() -> kms.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(Map.of("execution_arn", "other"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThat(aws.requestCount(FakeAws.ENCRYPT) + aws.requestCount(FakeAws.DECRYPT)).isEqualTo(3);
    }
}
