package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The fake as the real AWS SDK sees it. */
class FakeAwsSdkTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake-secret"));

    private FakeAws aws;
    private SecretsManagerClient secretsManager;
    private KmsClient kms;

    @BeforeEach
    void start() {
        aws = FakeAws.start();
        secretsManager = SecretsManagerClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        kms = KmsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
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
