package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeGitHubHttpsTest {

    private static final String PAT = "ghp_https";

    private LoopbackTls tls;
    private FakeGitHub github;

    @BeforeEach
    void start() {
        tls = LoopbackTls.create();
        github = FakeGitHub.startHttps(tls).acceptToken(PAT, "admin:org");
        github.organization("acme").setRunners(FakeRunners.generate(150, "abc"));
    }

    @AfterEach
    void stop() {
        github.close();
        tls.close();
    }

    @Test
    void listing_overHttps_withTheTrustStore_servesPagesLinkedOverHttps() throws Exception {
        // Given
        HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();

        // When
        HttpResponse<String> page1 = client.send(get(github.baseUrl() + "/orgs/acme/actions/runners?per_page=100"),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(github.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(page1.statusCode()).isEqualTo(200);
        assertThat(page1.headers().firstValue("Link")).hasValueSatisfying(link ->
                assertThat(link).contains("<" + github.baseUrl() + "/orgs/acme/actions/runners?per_page=100&page=2>"));
    }

    @Test
    void listing_overHttps_withoutTheTrustStore_failsTheHandshake() {
        // Given: the JDK's default trust, which does not hold the run's certificate
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // When / Then
        assertThatThrownBy(() -> client.send(get(github.baseUrl() + "/orgs/acme/actions/runners"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void trustStore_holdsTheCertificateOnly_andTheOptionsNameIt() throws Exception {
        // When
        KeyStore store = KeyStore.getInstance("PKCS12");
        String password = tls.javaToolOptions().replaceAll(".*trustStorePassword=(\\S+).*", "$1");
        try (InputStream in = Files.newInputStream(tls.trustStore())) {
            store.load(in, password.toCharArray());
        }

        // Then
        assertThat(Collections.list(store.aliases())).singleElement().satisfies(alias -> {
            assertThat(store.isCertificateEntry(alias)).isTrue();
            assertThat(store.isKeyEntry(alias)).as("no private key for the clients").isFalse();
        });
        assertThat(tls.javaToolOptions()).contains("-Djavax.net.ssl.trustStore=" + tls.trustStore());
    }

    @Test
    void close_deletesTheTrustStore() {
        // When
        tls.close();

        // Then
        assertThat(tls.trustStore()).doesNotExist();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + PAT).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
