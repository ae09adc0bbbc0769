package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The wire protocol, spoken by hand with the JDK client. */
class FakeAwsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean SIGNED = true;

    private FakeAws aws;

    @BeforeEach
    void start() {
        aws = FakeAws.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void getSecretValue_byArnOrName_answersTheSecret() throws Exception {
        String arn = aws.putSecret("github/pat", "ghp_secret");

        HttpResponse<String> byArn = call(FakeAws.GET_SECRET_VALUE, Map.of("SecretId", arn), SIGNED);
        HttpResponse<String> byName = call(FakeAws.GET_SECRET_VALUE, Map.of("SecretId", "github/pat"), SIGNED);

        assertThat(byArn.statusCode()).isEqualTo(200);
        assertThat(byArn.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        JsonNode secret = JSON.readTree(byArn.body());
        assertThat(secret.get("ARN").asText()).isEqualTo(arn).matches("arn:aws:secretsmanager:eu-west-1:123456789012:secret:github/pat-[A-Za-z0-9]{6}");
        assertThat(secret.get("Name").asText()).isEqualTo("github/pat");
        assertThat(secret.get("SecretString").asText()).isEqualTo("ghp_secret");
        assertThat(secret.get("VersionStages").get(0).asText()).isEqualTo("AWSCURRENT");
        assertThat(secret.get("CreatedDate").isNumber()).isTrue();
        assertThat(JSON.readTree(byName.body()).get("SecretString").asText()).isEqualTo("ghp_secret");
        assertThat(aws.requestCount(FakeAws.GET_SECRET_VALUE)).isEqualTo(2);
    }

    @Test
    void getSecretValue_whenUnknown_answersResourceNotFound() throws Exception {
        HttpResponse<String> response = call(FakeAws.GET_SECRET_VALUE, Map.of("SecretId", "nope"), SIGNED);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("__type").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(response.body()).contains("Secrets Manager can't find the specified secret.");
    }

    @Test
    void anyCall_whenUnsigned_answersMissingAuthenticationToken() throws Exception {
        aws.putSecret("s", "v");

        HttpResponse<String> response = call(FakeAws.GET_SECRET_VALUE, Map.of("SecretId", "s"), false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("__type").asText()).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void anyCall_signedWithOtherCredentialsOrTampered_isRefused() throws Exception {
        aws.putSecret("s", "ghp_operatorsRealToken");
        String body = JSON.writeValueAsString(Map.of("SecretId", "s"));
        AwsSessionCredentials ours = aws.credentials();

        HttpResponse<String> stranger = raw(body, body, AwsSessionCredentials.create("ASIAGUESSED", "x", "y"));
        HttpResponse<String> wrongSecret = raw(body, body,
                AwsSessionCredentials.create(ours.accessKeyId(), "not-the-secret", ours.sessionToken()));
        HttpResponse<String> tampered = raw(body, JSON.writeValueAsString(Map.of("SecretId", "other")), ours);
        HttpResponse<String> genuine = raw(body, body, ours);

        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(stranger.body()).get("__type").asText()).isEqualTo("UnrecognizedClientException");
        assertThat(wrongSecret.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongSecret.body()).get("__type").asText()).isEqualTo("InvalidSignatureException");
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tampered.body()).get("__type").asText()).isEqualTo("InvalidSignatureException");
        assertThat(List.of(stranger, wrongSecret, tampered)).noneMatch(r -> r.body().contains("ghp_operatorsRealToken"));
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(genuine.body()).get("SecretString").asText()).isEqualTo("ghp_operatorsRealToken");
    }

    /** GetSecretValue with {@code signedBody} signed by {@code credentials} and {@code sentBody} sent. */
    private HttpResponse<String> raw(String signedBody, String sentBody, AwsSessionCredentials credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(aws.endpoint())
                .header("X-Amz-Target", FakeAws.GET_SECRET_VALUE)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(sentBody));
        TestHttp.signV4(request, aws.endpoint(), signedBody, credentials, "secretsmanager", FakeAws.REGION,
                "Content-Type", "application/x-amz-json-1.1");
        return TestHttp.send(request.build());
    }

    @Test
    void decrypt_withTheSameContext_roundTrips() throws Exception {
        // Given
        String key = aws.createKey();
        Map<String, String> context = Map.of("execution_arn", "arn:aws:states:eu-west-1:123456789012:execution:m:1");

        // When
        JsonNode encrypted = JSON.readTree(call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("ghs_token"),
                "EncryptionContext", context), SIGNED).body());
        HttpResponse<String> decrypted = call(FakeAws.DECRYPT, Map.of("CiphertextBlob", encrypted.get("CiphertextBlob").asText(),
                "EncryptionContext", context), SIGNED);

        // Then
        assertThat(key).matches("arn:aws:kms:eu-west-1:123456789012:key/[0-9a-f-]{36}");
        assertThat(encrypted.get("KeyId").asText()).isEqualTo(key);
        assertThat(Base64.getDecoder().decode(encrypted.get("CiphertextBlob").asText())).asString().doesNotContain("ghs_token");
        assertThat(decrypted.statusCode()).isEqualTo(200);
        JsonNode plain = JSON.readTree(decrypted.body());
        assertThat(new String(Base64.getDecoder().decode(plain.get("Plaintext").asText()), StandardCharsets.UTF_8)).isEqualTo("ghs_token");
        assertThat(plain.get("KeyId").asText()).isEqualTo(key);
        assertThat(plain.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    }

    @Test
    void decrypt_withAnotherContext_answersInvalidCiphertext() throws Exception {
        String key = aws.createKey();
        String blob = JSON.readTree(call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t"),
                "EncryptionContext", Map.of("execution_arn", "a")), SIGNED).body()).get("CiphertextBlob").asText();

        HttpResponse<String> otherContext = call(FakeAws.DECRYPT, Map.of("CiphertextBlob", blob, "EncryptionContext", Map.of("execution_arn", "b")), SIGNED);
        HttpResponse<String> noContext = call(FakeAws.DECRYPT, Map.of("CiphertextBlob", blob), SIGNED);

        assertThat(otherContext.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(otherContext.body()).get("__type").asText()).isEqualTo("InvalidCiphertextException");
        assertThat(JSON.readTree(noContext.body()).get("__type").asText()).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void decrypt_whenBlobTampered_answersInvalidCiphertext() throws Exception {
        String key = aws.createKey();
        byte[] blob = Base64.getDecoder().decode(JSON.readTree(call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t")), SIGNED)
                .body()).get("CiphertextBlob").asText());
        blob[blob.length - 1] ^= 1;

        HttpResponse<String> response = call(FakeAws.DECRYPT, Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(blob)), SIGNED);

        assertThat(JSON.readTree(response.body()).get("__type").asText()).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void encrypt_byAliasOrKeyId_usesThatKey() throws Exception {
        String key = aws.createKey();
        aws.createAlias("alias/record-metric", key);
        String keyId = key.substring(key.lastIndexOf('/') + 1);

        HttpResponse<String> byAlias = call(FakeAws.ENCRYPT, Map.of("KeyId", "alias/record-metric", "Plaintext", base64("t")), SIGNED);
        HttpResponse<String> byId = call(FakeAws.ENCRYPT, Map.of("KeyId", keyId, "Plaintext", base64("t")), SIGNED);

        assertThat(JSON.readTree(byAlias.body()).get("KeyId").asText()).isEqualTo(key);
        assertThat(JSON.readTree(byId.body()).get("KeyId").asText()).isEqualTo(key);
    }

    @Test
    void encrypt_whenKeyUnknown_answersNotFound() throws Exception {
        HttpResponse<String> response = call(FakeAws.ENCRYPT, Map.of("KeyId",
                "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000", "Plaintext", base64("t")), SIGNED);

        assertThat(JSON.readTree(response.body()).get("__type").asText()).isEqualTo("NotFoundException");
    }

    @Test
    void encryptAndDecrypt_whenDenied_answerAccessDenied() throws Exception {
        String key = aws.createKey();
        String blob = JSON.readTree(call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t")), SIGNED).body())
                .get("CiphertextBlob").asText();
        aws.denyEncrypt().denyDecrypt();

        HttpResponse<String> encrypt = call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t")), SIGNED);
        HttpResponse<String> decrypt = call(FakeAws.DECRYPT, Map.of("CiphertextBlob", blob), SIGNED);

        assertThat(JSON.readTree(encrypt.body()).get("__type").asText()).isEqualTo("AccessDeniedException");
        assertThat(JSON.readTree(decrypt.body()).get("__type").asText()).isEqualTo("AccessDeniedException");
        assertThat(decrypt.body()).contains("kms:Decrypt");
    }

    @Test
    void failNext_answersTheErrorOnceForThatTarget() throws Exception {
        String key = aws.createKey();
        aws.failNext(FakeAws.ENCRYPT, 400, "ThrottlingException", "Rate exceeded")
                .failNext(FakeAws.ENCRYPT, 500, "InternalFailure", null);
        aws.putSecret("s", "v");

        HttpResponse<String> secret = call(FakeAws.GET_SECRET_VALUE, Map.of("SecretId", "s"), SIGNED);
        HttpResponse<String> first = call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t")), SIGNED);
        HttpResponse<String> second = call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t")), SIGNED);
        HttpResponse<String> third = call(FakeAws.ENCRYPT, Map.of("KeyId", key, "Plaintext", base64("t")), SIGNED);

        assertThat(secret.statusCode()).isEqualTo(200);
        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(first.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
        assertThat(first.body()).contains("Rate exceeded");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(second.body()).get("__type").asText()).isEqualTo("InternalFailure");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(aws.requests(FakeAws.ENCRYPT)).hasSize(3)
                .allSatisfy(request -> assertThat(request.body().get("KeyId").asText()).isEqualTo(key));
    }

    private HttpResponse<String> call(String target, Map<String, Object> body, boolean signed) throws Exception {
        String json = JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(aws.endpoint())
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (signed) {
            TestHttp.signV4(request, aws.endpoint(), json, aws.credentials(), "kms", FakeAws.REGION,
                "Content-Type", "application/x-amz-json-1.1");
        }
        return TestHttp.send(request.build());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
