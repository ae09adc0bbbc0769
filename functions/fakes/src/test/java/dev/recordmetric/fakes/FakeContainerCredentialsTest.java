package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class FakeContainerCredentialsTest {

    private final AwsSessionCredentials role = SignatureV4Check.randomCredentials();
    private final FakeContainerCredentials endpoint = FakeContainerCredentials.start(role);

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void get_withTheToken_answersTheCredentialsAsTheContainerProviderReadsThem() throws Exception {
        HttpResponse<String> response = TestHttp.get(endpoint.uri().toString(), endpoint.authorizationToken());

        assertThat(endpoint.uri().toString()).startsWith("http://127.0.0.1:");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("AccessKeyId").asText()).isEqualTo(role.accessKeyId());
        assertThat(body.path("SecretAccessKey").asText()).isEqualTo(role.secretAccessKey());
        assertThat(body.path("Token").asText()).isEqualTo(role.sessionToken());
        assertThat(Instant.parse(body.path("Expiration").asText())).isAfter(Instant.now());
        assertThat(endpoint.fetches()).singleElement().satisfies(f -> assertThat(f.authorized()).isTrue());
    }

    @Test
    void get_withAnotherTokenOrNone_answers401WithoutCredentials() {
        HttpResponse<String> wrong = TestHttp.get(endpoint.uri().toString(), "guessed");
        HttpResponse<String> none = TestHttp.get(endpoint.uri().toString(), null);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.body() + none.body()).doesNotContain(role.secretAccessKey());
        assertThat(endpoint.fetches()).hasSize(2).noneMatch(FakeContainerCredentials.Fetch::authorized);
    }

    @Test
    void get_whileFailingWith503_answers503WithoutCredentials_untilRecovered() {
        endpoint.failWith(503);
        HttpResponse<String> failing = TestHttp.get(endpoint.uri().toString(), endpoint.authorizationToken());
        endpoint.recover();
        HttpResponse<String> recovered = TestHttp.get(endpoint.uri().toString(), endpoint.authorizationToken());

        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.body()).doesNotContain(role.secretAccessKey());
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.body()).contains(role.secretAccessKey());
    }
}
