package dev.recordmetric.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.AuthenticationException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that turns a failed GitHub response into a named error. Both the token minting
 * (through github-api) and the runner listing (through the JDK HTTP client) report here.
 */
public final class GitHubErrors {

    /** A rate limit that lifts within this long is worth the state machine's retry. */
    public static final Duration RETRY_SOON = Duration.ofSeconds(30);

    static final String RUNNERS_PERMISSION_HINT =
            "a classic personal access token needs the admin:org scope; a fine-grained token or GitHub App"
                    + " needs the organization permission \"Self-hosted runners\" (organization_self_hosted_runners: read)";

    private static final int MAX_GITHUB_MESSAGE = 200;

    private final Clock clock;

    public GitHubErrors(Clock clock) {
        this.clock = clock;
    }

    /**
     * Interprets a non-2xx response.
     *
     * @param what what the request was for, e.g. {@code "listing the runners of organization acme"}
     * @param headers response headers; names compared case-insensitively
     * @param body the response body, possibly empty
     */
    public RecordMetricException fromResponse(String what, int status, Map<String, List<String>> headers, String body) {
        var header = new Headers(headers);
        String githubMessage = githubMessage(body);
        Optional<RecordMetricException> rateLimit = rateLimit(what, status, header, githubMessage);
        if (rateLimit.isPresent()) {
            return rateLimit.get();
        }
        String answered = "GitHub answered HTTP " + status + quoted(githubMessage) + " while " + what;
        if (status == 401) {
            return new AuthenticationException(answered
                    + ": the credentials are invalid, expired or revoked. Store a valid token (or the GitHub App's"
                    + " current private key and id) in the credentials secret.");
        }
        if (status == 403 || status == 422) {
            String accepted = header.first("x-accepted-github-permissions").map(p -> " (GitHub accepts: " + p + ")").orElse("");
            return new AuthenticationException(answered + ": the credentials lack a permission" + accepted + "; "
                    + RUNNERS_PERMISSION_HINT + ".");
        }
        if (status == 404) {
            return new OrganizationNotFoundException(answered
                    + ": check the organization name and the GitHub API URL; GitHub also answers 404 when the"
                    + " credentials cannot see the organization.");
        }
        if (status >= 500) {
            return new TransientException(answered + ": a GitHub-side failure; the state machine retries.");
        }
        return new MalformedResponseException(answered + ": an unexpected status for this request.");
    }

    /** An I/O failure with no response: a timeout, a reset or a refused connection. */
    public TransientException fromIoFailure(String what, IOException failure) {
        String kind = failure.getClass().getSimpleName();
        String detail = failure.getMessage() == null ? "" : ": " + truncate(failure.getMessage());
        return new TransientException("No answer from GitHub while " + what + " (" + kind + detail
                + "); the state machine retries. If it persists, check the API URL and the network path to GitHub.",
                failure);
    }

    private Optional<RecordMetricException> rateLimit(String what, int status, Headers header, String githubMessage) {
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        String lowerMessage = githubMessage.toLowerCase(Locale.ROOT);
        Optional<Long> retryAfter = header.first("retry-after").flatMap(GitHubErrors::parseLong);
        boolean secondary = lowerMessage.contains("secondary rate limit") || lowerMessage.contains("abuse");
        if (secondary || retryAfter.isPresent()) {
            long seconds = retryAfter.orElse(60L);
            String text = "GitHub's secondary rate limit stopped " + what + " (retry after " + seconds + " s)";
            if (seconds <= RETRY_SOON.toSeconds()) {
                return Optional.of(new RateLimitedException(text + "; the state machine retries with backoff."));
            }
            return Optional.of(new RateLimitExhaustedException(text
                    + "; too late for this minute's run. Reduce other concurrent use of these credentials."));
        }
        boolean exhausted = header.first("x-ratelimit-remaining").map("0"::equals).orElse(false)
                || lowerMessage.contains("rate limit exceeded");
        if (!exhausted) {
            return Optional.empty();
        }
        String limit = header.first("x-ratelimit-limit").orElse("?");
        Optional<Instant> reset = header.first("x-ratelimit-reset").flatMap(GitHubErrors::parseLong).map(Instant::ofEpochSecond);
        Duration untilReset = reset.map(r -> Duration.between(clock.instant(), r)).orElse(Duration.ofHours(1));
        String text = "GitHub's primary rate limit (" + limit + " requests an hour) is used up while " + what
                + reset.map(r -> "; it resets at " + r + " (in " + Math.max(0, untilReset.toSeconds()) + " s)").orElse("");
        if (!untilReset.minus(RETRY_SOON).isPositive()) {
            return Optional.of(new RateLimitedException(text + "; the state machine retries with backoff."));
        }
        return Optional.of(new RateLimitExhaustedException(text
                + ". Other tools share these credentials' limit: give record-metric its own GitHub App or token."));
    }

    private static String githubMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode message = Json.MAPPER.readTree(body).path("message");
            return message.isTextual() ? truncate(message.asText()) : "";
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    private static String quoted(String githubMessage) {
        return githubMessage.isEmpty() ? "" : " \"" + githubMessage + "\"";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_GITHUB_MESSAGE ? text : text.substring(0, MAX_GITHUB_MESSAGE) + "…";
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record Headers(Map<String, List<String>> all) {
        Optional<String> first(String name) {
            return all.entrySet().stream()
                    .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst();
        }
    }
}
