package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.errors.AuthenticationException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.TokenRejectedException;
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
    void fromResponse_whenSecondaryLimitWithRetryAfterSeconds_isRateLimitedUntilThen() {
        var error = errors.fromResponse("listing", 403, Map.of("Retry-After", List.of("20")),
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}");

        assertThat(error).isInstanceOf(RateLimitedException.class).hasMessageContaining("retry-after");
        assertThat(((RateLimitException) error).retryAt()).contains(NOW.plusSeconds(20));
    }

    @Test
    void fromResponse_whenRetryAfterIsAnHttpDate_waitsUntilThatDate() {
        var error = errors.fromResponse("listing", 429, Map.of("retry-after", List.of("Fri, 27 Nov 2026 03:21:30 GMT")), "");

        assertThat(error).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitException) error).retryAt()).contains(Instant.parse("2026-11-27T03:21:30Z"));
    }

    @Test
    void fromResponse_when429HasNoHeadersAtAll_isRateLimitedForAMinute() {
        var error = errors.fromResponse("listing", 429, Map.of(), "");

        assertThat(error).isInstanceOf(RateLimitedException.class).hasMessageContaining("at least one minute");
        assertThat(((RateLimitException) error).retryAt()).contains(NOW.plus(GitHubErrors.UNSPECIFIED_WAIT));
    }

    @Test
    void fromResponse_whenSecondaryLimitWithoutRetryAfter_waitsAMinute() {
        var headers = Map.of("x-ratelimit-remaining", List.of("4000"), "x-ratelimit-reset", List.of("0"));
        var error = errors.fromResponse("listing", 403, headers,
                "{\"message\":\"You have exceeded a secondary rate limit.\"}");

        assertThat(error).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitException) error).retryAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void fromResponse_whenPrimaryLimitIsUsedUp_isExhaustedUntilJustAfterTheReset() {
        var error = errors.fromResponse("listing", 403, primaryLimit(NOW.plusSeconds(1800)),
                "{\"message\":\"API rate limit exceeded for user ID 1.\"}");

        assertThat(error).isInstanceOf(RateLimitExhaustedException.class)
                .hasMessageContaining("5000 requests an hour")
                .hasMessageContaining("2026-11-27T03:50:00Z");
        assertThat(((RateLimitException) error).retryAt()).contains(NOW.plusSeconds(1800).plus(GitHubErrors.RESET_SKEW));
    }

    @Test
    void fromResponse_when401ToTheAppsJwt_isAuthenticationNamingTheKey() {
        var error = errors.fromResponse("GET /app", 401, Map.of(), "{\"message\":\"Bad credentials\"}");

        assertThat(error).isInstanceOf(AuthenticationException.class).hasMessageContaining("Bad credentials")
                .hasMessageContaining("GET /app").hasMessageContaining("private key");
    }

    @Test
    void fromTokenResponse_when401_isTokenRejected_andTheSecondTimeSaysWhatToCheck() {
        var first = errors.fromTokenResponse("listing", 401, null, "{\"message\":\"Bad credentials\"}", false);
        var second = errors.fromTokenResponse("listing", 401, null, "{\"message\":\"Bad credentials\"}", true);

        assertThat(first).isInstanceOf(TokenRejectedException.class).hasMessageContaining("fetches a new one");
        assertThat(second).isInstanceOf(TokenRejectedException.class).hasMessageContaining("again")
                .hasMessageContaining("installed").hasMessageContaining("suspended").hasMessageContaining("revoked")
                .hasMessageContaining("secret");
    }

    @Test
    void fromResponse_when408OrNoStatus_isTransient() {
        assertThat(errors.fromResponse("listing", 408, Map.of(), "")).isInstanceOf(TransientException.class);
        assertThat(errors.fromResponse("listing", -1, null, null)).isInstanceOf(TransientException.class);
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
