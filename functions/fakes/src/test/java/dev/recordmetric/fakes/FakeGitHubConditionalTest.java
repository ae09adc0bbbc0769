package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conditional requests on the runners listing, as GitHub documents them ("Best practices for using
 * the REST API", Use conditional requests if appropriate): a page carries an {@code ETag}; the same
 * request with {@code If-None-Match} is answered 304 with no body while the page is unchanged, and
 * that 304 does not count against the primary rate limit.
 */
class FakeGitHubConditionalTest {

    private static final String PAT = "ghp_conditional";

    private FakeGitHub github;
    private String page2;

    @BeforeEach
    void start() {
        github = FakeGitHub.start().acceptToken(PAT, "admin:org");
        github.organization("acme").setRunners(FakeRunners.generate(250, "abc"));
        page2 = github.baseUrl() + "/orgs/acme/actions/runners?per_page=100&page=2";
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void conditionalRequest_whenThePageIsUnchanged_answers304WithoutBodyOrRateLimitCost() {
        HttpResponse<String> first = TestHttp.get(page2, "Bearer " + PAT);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = TestHttp.send(TestHttp.request(page2, "Bearer " + PAT).header("If-None-Match", etag).GET().build());

        assertThat(etag).startsWith("W/\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.headers().firstValue("X-RateLimit-Used")).as("the 304 is not counted")
                .isEqualTo(first.headers().firstValue("X-RateLimit-Used"));
        assertThat(github.notModifiedCount()).isEqualTo(1);
    }

    @Test
    void conditionalRequest_whenARunnerOnThePageChanged_answers200WithANewTagAndCounts() {
        HttpResponse<String> first = TestHttp.get(page2, "Bearer " + PAT);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        FakeOrganization org = github.organization("acme");
        org.updateRunner(org.runners().get(150).id(), runner -> runner.withBusy(!runner.busy()));

        HttpResponse<String> again = TestHttp.send(TestHttp.request(page2, "Bearer " + PAT).header("If-None-Match", etag).GET().build());

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(Integer.parseInt(again.headers().firstValue("X-RateLimit-Used").orElseThrow()))
                .isEqualTo(Integer.parseInt(first.headers().firstValue("X-RateLimit-Used").orElseThrow()) + 1);
        assertThat(github.notModifiedCount()).isZero();
    }

    @Test
    void conditionalRequest_whenARunnerRegisteredElsewhere_answers200SinceTotalCountIsInTheBody() {
        HttpResponse<String> first = TestHttp.get(page2, "Bearer " + PAT);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        github.organization("acme").addRunner(FakeRunner.idle(9999, "new", "installation_id:abc"));

        HttpResponse<String> again = TestHttp.send(TestHttp.request(page2, "Bearer " + PAT).header("If-None-Match", etag).GET().build());

        assertThat(again.statusCode()).isEqualTo(200);
    }

    @Test
    void conditionalRequest_withABadToken_isRefusedNot304() {
        HttpResponse<String> first = TestHttp.get(page2, "Bearer " + PAT);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = TestHttp.send(TestHttp.request(page2, "Bearer ghp_unknown").header("If-None-Match", etag).GET().build());

        assertThat(again.statusCode()).isEqualTo(401);
    }
}
