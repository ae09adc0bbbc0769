package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.TransientException;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.Fault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubClientTest {

    private static final String TOKEN = "ghp_clientTestToken0123456789abcdefgh";

    private final FakeGitHub github = FakeGitHub.start().acceptToken(TOKEN, "admin:org");
    private final GitHubClient client = new GitHubClient(URI.create(github.baseUrl()), Clock.systemUTC());
    private final URI runners = URI.create(github.baseUrl() + "/orgs/acme/actions/runners?per_page=100&page=1");

    @BeforeEach
    void threePagesOfRunners() {
        github.organization("acme").setRunners(FakeRunners.generate(250, "abc"));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void getIfNoneMatch_whenThePageIsUnchanged_isEmptyAndNotCountedAgainstTheRateLimit() {
        var budget = InvocationBudget.lasting(Duration.ofSeconds(5), Clock.systemUTC());
        GitHubClient.Response first = client.get(runners, TOKEN, "listing", false, budget);
        String etag = first.header("ETag").orElseThrow();
        int used = client.lastRateLimit().used().getAsInt();

        var again = client.getIfNoneMatch(runners, etag, TOKEN, "listing", false, budget);

        assertThat(again).isEmpty();
        assertThat(client.lastRateLimit().used()).hasValue(used);
    }

    @Test
    void getIfNoneMatch_whenThePageChanged_answersTheNewPage() {
        var budget = InvocationBudget.lasting(Duration.ofSeconds(5), Clock.systemUTC());
        String etag = client.get(runners, TOKEN, "listing", false, budget).header("ETag").orElseThrow();
        github.organization("acme").removeRunner(1001);

        var again = client.getIfNoneMatch(runners, etag, TOKEN, "listing", false, budget);

        assertThat(again).isPresent().get().satisfies(response -> assertThat(response.status()).isEqualTo(200));
    }

    @Test
    void get_whenTheBodyTricklesPastTheTimeLeft_throwsTransientAtTheDeadline() {
        // Given a body that takes 5 s to arrive in pieces 60 ms apart, and 1 s left
        github.faults().next(Fault.trickledBody(Duration.ofSeconds(5)));
        var budget = InvocationBudget.lasting(Duration.ofSeconds(1), Clock.systemUTC());

        // Then no read waits past the read timeout, yet the request ends at the deadline
        assertThatThrownBy(() -> get(budget))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("SocketTimeoutException: no complete answer to GET /orgs/acme/actions/runners within");
        assertThat(budget.left()).as("ended by the budget's end, give or take the closing").isGreaterThan(Duration.ofMillis(-500));
    }

    @Test
    void get_keepsTheLastResponsesRateLimitHeaders_untilTheNextInvocation() {
        get(tenSeconds());

        assertThat(client.lastRateLimit().limit()).hasValue(5000);
        assertThat(client.lastRateLimit().resource()).isEqualTo("core");

        client.newInvocation();

        assertThat(client.lastRateLimit()).isEqualTo(GitHubRateLimit.NONE);
    }

    @Test
    void get_keepsTheRateLimitHeadersOfAFailedResponseToo() {
        github.faults().next(Fault.serverError(502));

        assertThatThrownBy(() -> get(tenSeconds())).isInstanceOf(TransientException.class)
                .hasMessageContaining("HTTP 502");
        assertThat(client.lastRateLimit().remaining()).isPresent();
    }

    @Test
    void get_whileARateLimitIsInForce_sendsNothing() {
        github.faults().next(Fault.primaryRateLimit(Duration.ofMinutes(30)));
        var budget = tenSeconds();
        assertThatThrownBy(() -> get(budget)).isInstanceOf(RateLimitExhaustedException.class);

        assertThatThrownBy(() -> get(budget)).isInstanceOf(RateLimitExhaustedException.class)
                .hasMessageContaining("sends no request");
        assertThat(github.requests()).hasSize(1);
    }

    @Test
    void get_toAnotherOrigin_isRefusedWithoutSending() {
        URI elsewhere = URI.create(github.baseUrl().replace("127.0.0.1", "localhost") + "/orgs/acme/actions/runners");

        assertThatThrownBy(() -> client.get(elsewhere, TOKEN, "listing runners", false, tenSeconds()))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("refusing to send the token there");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void pages_followNextLinksToTheLastPage() {
        List<Integer> sizes = new ArrayList<>();

        client.pages(runners, TOKEN, "listing runners", false, tenSeconds())
                .forEachRemaining(page -> sizes.add(page.body().length));

        assertThat(sizes).hasSize(3);
        assertThat(github.requests()).extracting(request -> request.query())
                .containsExactly("per_page=100&page=1", "per_page=100&page=2", "per_page=100&page=3");
    }

    private GitHubClient.Response get(InvocationBudget budget) {
        return client.get(runners, TOKEN, "listing the self-hosted runners of organization acme", false, budget);
    }

    private static InvocationBudget tenSeconds() {
        return InvocationBudget.lasting(Duration.ofSeconds(10), Clock.systemUTC());
    }
}
