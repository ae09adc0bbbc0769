package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.HookDelivery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GitHubClient#post}: a redelivery request, its 202 and its failures named as a GET's are. */
class GitHubClientPostTest {

    private static final String TOKEN = "ghp_clientPostToken0123456789abcdefgh";
   
    private final FakeGitHub github = FakeGitHub.start().acceptToken(TOKEN, "admin:org_hook");
    private final GitHubClient client = new GitHubClient(URI.create(github.baseUrl()), Clock.systemUTC());
    private final InvocationBudget budget = InvocationBudget.lasting(Duration.ofSeconds(5), Clock.systemUTC());

    @AfterEach
    void stop() {
        github.close();
    }

    private URI attempts(long deliveryId) {
        return URI.create(github.baseUrl() + "/orgs/acme/hooks/5/deliveries/" + deliveryId + "/attempts");
    }

    private HookDelivery failedDelivery() {
        FakeHook hook = github.organizationHook("acme", 5, URI.create("http://127.0.0.1:9/closed"), new byte[] {1});
        github.jobs().queue("acme/web", List.of("self-hosted"));
        return hook.deliveries().getFirst();
    }

    @Test
    void post_whenGitHubAccepts_returnsThe202() {
        HookDelivery failed = failedDelivery();

        GitHubClient.Response response = client.post(attempts(failed.id()), TOKEN, "redelivering", false, budget);

        assertThat(response.status()).isEqualTo(202);
        assertThat(github.requests().getLast().method()).isEqualTo("POST");
        assertThat(github.requests().getLast().header("Authorization")).hasValue("Bearer " + TOKEN);
    }

    @Test
    void post_failures_areNamedAsAGetsAre() {
        HookDelivery failed = failedDelivery();

        assertThatThrownBy(() -> client.post(attempts(1), TOKEN, "redelivering", false, budget))
                .isInstanceOf(OrganizationNotFoundException.class);
        github.faults().next(Fault.secondaryRateLimit(403, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> client.post(attempts(failed.id()), TOKEN, "redelivering", false, budget))
                .isInstanceOf(RateLimitedException.class);
    }
}
