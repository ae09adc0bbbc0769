package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeGitHubFaultsTest {

    private static final String PAT = "ghp_admin";

    private FakeGitHub github;
    private String runnersUrl;

    @BeforeEach
    void start() {
        github = FakeGitHub.start().acceptToken(PAT, "admin:org");
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        runnersUrl = github.baseUrl() + "/orgs/acme/actions/runners";
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void faults_areConsumedInOrderThenNormalServiceResumes() {
        github.faults().next(Fault.serverError(502), Fault.serverError(503));

        assertThat(get().statusCode()).isEqualTo(502);
        assertThat(get().statusCode()).isEqualTo(503);
        assertThat(get().statusCode()).isEqualTo(200);
        assertThat(github.faults().remaining()).isZero();
    }

    @Test
    void faults_scopedToAPath_leaveOtherPathsAlone() {
        github.faults().nextOn("/orgs/acme/actions/runners", Fault.notFound());

        assertThat(TestHttp.get(github.baseUrl() + "/rate_limit", null).statusCode()).isEqualTo(200);
        assertThat(get().statusCode()).isEqualTo(404);
    }

    @Test
    void primaryRateLimit_answers403WithNothingRemainingAndAReset() {
        github.faults().next(Fault.primaryRateLimit(Duration.ofSeconds(120)));
        long before = System.currentTimeMillis() / 1000;

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(Long.parseLong(response.headers().firstValue("x-ratelimit-reset").orElseThrow())).isBetween(before + 119, before + 122);
        assertThat(response.body()).contains("API rate limit exceeded for");
    }

    @Test
    void secondaryRateLimit_answersRetryAfter() {
        github.faults().next(Fault.secondaryRateLimit(429, Duration.ofSeconds(7)));

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.body()).contains("You have exceeded a secondary rate limit");
    }

    @Test
    void serverError_answersStatusWithBody() {
        github.faults().next(Fault.serverError(500));

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isNotEmpty();
    }

    @Test
    void slowResponse_makesAClientTimeOut() {
        github.faults().next(Fault.slowResponse(Duration.ofSeconds(2)));
        HttpRequest request = TestHttp.request(runnersUrl, "Bearer " + PAT).timeout(Duration.ofMillis(200)).GET().build();

        assertThatThrownBy(() -> TestHttp.send(request)).hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void trickledBody_arrivesWhole_butOnlyOverItsDuration() {
        String whole = get().body();
        github.faults().next(Fault.trickledBody(Duration.ofMillis(600)));
        long started = System.nanoTime();

        HttpResponse<String> trickled = get();

        assertThat(trickled.statusCode()).isEqualTo(200);
        assertThat(trickled.body()).isEqualTo(whole);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the body is spread over the fault's duration")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void connectionReset_makesTheClientThrowIOException() {
        github.faults().next(Fault.connectionReset());
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = TestHttp.request(runnersUrl, "Bearer " + PAT).GET().build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(github.requestCount("/orgs/acme")).isEqualTo(1);
    }

    @Test
    void connectionReset_onAReusedConnection_makesTheClientThrowIOException() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = TestHttp.request(runnersUrl, "Bearer " + PAT).GET().build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        github.faults().next(Fault.connectionReset());

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void malformedJson_answers200WithTruncatedJson() {
        github.faults().next(Fault.malformedJson());

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new ObjectMapper().readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void badCredentials_missingPermission_notFound_answerTheirStatus() {
        github.faults().next(Fault.badCredentials(), Fault.missingPermission(), Fault.notFound());

        assertThat(get().statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = get();
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("x-accepted-github-permissions")).hasValue("organization_self_hosted_runners=read");
        assertThat(get().statusCode()).isEqualTo(404);
    }

    @Test
    void latency_delaysConcurrentRequestsConcurrently() {
        github.latency(Duration.ofMillis(250));
        HttpClient client = HttpClient.newHttpClient();

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 10)
                .mapToObj(i -> client.sendAsync(TestHttp.request(runnersUrl, "Bearer " + PAT).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(responses).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
        assertThat(github.maxConcurrentRequests()).isEqualTo(10);
    }

    private HttpResponse<String> get() {
        try {
            return TestHttp.get(runnersUrl, "Bearer " + PAT);
        } catch (UncheckedIOException e) {
            throw new AssertionError(e);
        }
    }
}
