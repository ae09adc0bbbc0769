package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.errors.AuthenticationException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.TransientException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T03:20:00Z");
    private final GitHubErrors errors = new GitHubErrors(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void fromResponse_whenSecondaryLimitWithShortRetryAfter_isRateLimited() {
        var error = errors.fromResponse("listing", 403, Map.of("Retry-After", List.of("20")),
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}");

        assertThat(error).isInstanceOf(RateLimitedException.class).hasMessageContaining("retry after 20 s");
    }

    @Test
    void fromResponse_whenSecondaryLimitWithLongRetryAfter_isExhausted() {
        var error = errors.fromResponse("listing", 429, Map.of("retry-after", List.of("600")), "");

        assertThat(error).isInstanceOf(RateLimitExhaustedException.class);
    }

    @Test
    void fromResponse_whenPrimaryLimitResetsSoon_isRateLimited() {
        var error = errors.fromResponse("listing", 403, primaryLimit(NOW.plusSeconds(25)),
                "{\"message\":\"API rate limit exceeded for installation ID 1.\"}");

        assertThat(error).isInstanceOf(RateLimitedException.class).hasMessageContaining("in 25 s");
    }

    @Test
    void fromResponse_whenPrimaryLimitResetsLate_isExhaustedAndSaysWhen() {
        var error = errors.fromResponse("listing", 403, primaryLimit(NOW.plusSeconds(1800)),
                "{\"message\":\"API rate limit exceeded for user ID 1.\"}");

        assertThat(error).isInstanceOf(RateLimitExhaustedException.class)
                .hasMessageContaining("5000 requests an hour")
                .hasMessageContaining("2026-11-27T03:50:00Z");
    }

    @Test
    void fromResponse_when401_isAuthentication() {
        var error = errors.fromResponse("listing", 401, Map.of(), "{\"message\":\"Bad credentials\"}");

        assertThat(error).isInstanceOf(AuthenticationException.class).hasMessageContaining("Bad credentials");
    }

    @Test
    void fromResponse_when403WithoutRateLimit_namesTheMissingPermission() {
        var error = errors.fromResponse("listing", 403,
                Map.of("x-accepted-github-permissions", List.of("organization_self_hosted_runners=read")),
                "{\"message\":\"Resource not accessible by integration\"}");

        assertThat(error).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("admin:org")
                .hasMessageContaining("organization_self_hosted_runners: read")
                .hasMessageContaining("GitHub accepts: organization_self_hosted_runners=read");
    }

    @Test
    void fromResponse_whenRemainingIsNotZero_403IsNotARateLimit() {
        var headers = Map.of("x-ratelimit-remaining", List.of("4999"), "x-ratelimit-reset", List.of("0"));

        assertThat(errors.fromResponse("listing", 403, headers, "{\"message\":\"Must have admin rights\"}"))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void fromResponse_when404_isOrganizationNotFound() {
        assertThat(errors.fromResponse("listing", 404, Map.of(), "{\"message\":\"Not Found\"}"))
                .isInstanceOf(OrganizationNotFoundException.class);
    }

    @Test
    void fromResponse_when5xx_isTransient() {
        assertThat(errors.fromResponse("listing", 502, Map.of(), "<html>bad gateway</html>"))
                .isInstanceOf(TransientException.class).hasMessageContaining("HTTP 502");
    }

    @Test
    void fromResponse_whenUnexpectedStatus_isMalformedResponse() {
        assertThat(errors.fromResponse("listing", 409, Map.of(), ""))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void fromIoFailure_isTransientAndNamesTheFailure() {
        IOException timeout = new HttpTimeoutException("request timed out");

        assertThat(errors.fromIoFailure("listing", timeout))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("HttpTimeoutException")
                .hasCause(timeout);
    }

    private static Map<String, List<String>> primaryLimit(Instant reset) {
        return Map.of("x-ratelimit-limit", List.of("5000"), "x-ratelimit-remaining", List.of("0"),
                "x-ratelimit-reset", List.of(Long.toString(reset.getEpochSecond())));
    }
}
