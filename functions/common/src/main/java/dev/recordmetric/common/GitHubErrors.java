package dev.recordmetric.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.AuthenticationException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TokenRejectedException;
import dev.recordmetric.errors.TransientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that turns a failed GitHub response into a named error. {@link GitHubClient} reports
 * here, and the token minting for the failures github-api raises itself.
 *
 * <p>Rate limits follow GitHub's REST documentation ("Rate limits for the REST API", exceeding the
 * rate limit; "Best practices for using the REST API", handle rate limit errors appropriately): with
 * {@code retry-after}, no request before that many seconds (or that HTTP date, RFC 9110 §10.2.3);
 * with {@code x-ratelimit-remaining: 0}, none before {@code x-ratelimit-reset}; otherwise wait at
 * least one minute. Every 429 is a rate limit, whatever its headers say.
 */
public final class GitHubErrors {

    /** GitHub: "Otherwise, wait for at least one minute before retrying." */
    public static final Duration UNSPECIFIED_WAIT = Duration.ofMinutes(1);
    /**
     * Added to {@code x-ratelimit-reset}: it is in whole epoch seconds of GitHub's clock, and GitHub
     * asks for no request until <em>after</em> it.
     */
    public static final Duration RESET_SKEW = Duration.ofSeconds(1);

    static final String RUNNERS_PERMISSION_HINT =
            "a classic personal access token needs the admin:org scope; a fine-grained token or GitHub App"
                    + " needs the organization permission \"Self-hosted runners\" (organization_self_hosted_runners: read)";

    static final String TOKEN_CHECKS = "check that the GitHub App is still installed on the organization and not"
            + " suspended, that the personal access token has not been revoked or expired, and that the credentials"
            + " secret holds the current token (or the App's current private key, with the right App id)";

    private static final int MAX_GITHUB_MESSAGE = 200;

    private final Clock clock;
    private final RateLimitGate gate;

    /** Names GitHub's failures; for a caller that keeps nothing between runs (the operator's doctor). */
    public GitHubErrors(Clock clock) {
        this(clock, null);
    }

    /** As {@link #GitHubErrors(Clock)}, and every rate limit it names is remembered by {@code gate}. */
    public GitHubErrors(Clock clock, RateLimitGate gate) {
        this.clock = clock;
        this.gate = gate;
    }

    /**
     * Interprets a non-2xx response to a request authenticated as the GitHub App itself (its JWT):
     * a 401 means the App id or private key is wrong.
     *
     * @param what what the request was for, e.g. {@code "GET /app (authenticating as GitHub App 42)"}
     * @param status the HTTP status; -1 or 0 when no complete response arrived
     * @param headers response headers (may be null); names compared case-insensitively
     * @param body the response body, possibly empty or null
     */
    public RecordMetricException fromResponse(String what, int status, Map<String, List<String>> headers, String body) {
        if (status == 401) {
            return new AuthenticationException(answered(what, status, githubMessage(body))
                    + ": GitHub rejected the App's JSON web token. Check GITHUB_APP_ID and that the credentials secret"
                    + " holds the App's current private key (a key deleted in the App's settings stops working).");
        }
        return common(what, status, headers, body);
    }

    /**
     * Interprets a non-2xx response to a request authenticated with the token GetToken produced
     * (a personal access token or an App installation token): a 401 is {@link TokenRejectedException}.
     *
     * @param refreshed whether the token was already fetched anew for this run (the second rejection)
     */
    public RecordMetricException fromTokenResponse(String what, int status, Map<String, List<String>> headers, String body,
            boolean refreshed) {
        if (status == 401) {
            String answered = answered(what, status, githubMessage(body));
            return new TokenRejectedException(refreshed
                    ? answered + ": GitHub rejected the token again, after GetToken fetched a new one (cache bypassed): "
                            + TOKEN_CHECKS + "."
                    : answered + ": GitHub rejected the token (revoked, or the App reinstalled or suspended); the state"
                            + " machine fetches a new one and lists again. If this persists, " + TOKEN_CHECKS + ".");
        }
        return common(what, status, headers, body);
    }

    private RecordMetricException common(String what, int status, Map<String, List<String>> headers, String body) {
        Map<String, List<String>> all = headers == null ? Map.of() : headers;
        String githubMessage = githubMessage(body);
        Optional<RateLimitException> rateLimit = rateLimit(what, status, all, githubMessage);
        if (rateLimit.isPresent()) {
            return gate == null ? rateLimit.get() : gate.record(rateLimit.get());
        }
        if (status <= 0) {
            return new TransientException("No complete answer from GitHub while " + what
                    + " (the connection closed before a status line); the state machine retries.");
        }
        String answered = answered(what, status, githubMessage);
        if (status == 401) {
            return new AuthenticationException(answered + ": the credentials are invalid, expired or revoked; "
                    + TOKEN_CHECKS + ".");
        }
        if (status == 403 || status == 422) {
            String accepted = header(all, "x-accepted-github-permissions").map(p -> " (GitHub accepts: " + p + ")").orElse("");
            return new AuthenticationException(answered + ": the credentials lack a permission" + accepted + "; "
                    + RUNNERS_PERMISSION_HINT + ".");
        }
        if (status == 404) {
            return new OrganizationNotFoundException(answered
                    + ": check the organization name and the GitHub API URL; GitHub also answers 404 when the"
                    + " credentials cannot see the organization.");
        }
        if (status == 408 || status >= 500) {
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

    private Optional<RateLimitException> rateLimit(String what, int status, Map<String, List<String>> headers,
            String githubMessage) {
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String lowerMessage = githubMessage.toLowerCase(Locale.ROOT);
        boolean secondary = lowerMessage.contains("secondary rate limit") || lowerMessage.contains("abuse");
        boolean remainingZero = header(headers, "x-ratelimit-remaining").map(v -> v.trim().equals("0")).orElse(false);
        Optional<Instant> reset = header(headers, "x-ratelimit-reset").flatMap(GitHubErrors::parseLong)
                .map(Instant::ofEpochSecond);
        Optional<Instant> retryAfter = header(headers, "retry-after").flatMap(value -> retryAfter(value, now));
        boolean primary = !secondary && (remainingZero || lowerMessage.contains("api rate limit exceeded"));
        if (status == 403 && !secondary && !primary && retryAfter.isEmpty()) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            String text = limitName(status, secondary, primary) + " stopped " + what + "; GitHub's retry-after asks for no"
                    + " request before " + retryAfter.get() + waitText(now, retryAfter.get());
            return Optional.of(primary && remainingZero
                    ? new RateLimitExhaustedException(text, retryAfter.get())
                    : new RateLimitedException(text, retryAfter.get()));
        }
        if (remainingZero && reset.isPresent()) {
            Instant retryAt = reset.get().plus(RESET_SKEW);
            String limit = header(headers, "x-ratelimit-limit").map(l -> " (" + l + " requests an hour)").orElse("");
            String text = (secondary ? "GitHub's secondary rate limit" : "GitHub's primary rate limit" + limit + " is used up and")
                    + " stopped " + what + "; it resets at " + reset.get() + waitText(now, retryAt);
            return Optional.of(secondary ? new RateLimitedException(text, retryAt) : new RateLimitExhaustedException(text, retryAt));
        }
        Instant retryAt = now.plus(UNSPECIFIED_WAIT);
        String text = limitName(status, secondary, primary) + " stopped " + what + " without retry-after or reset time;"
                + " GitHub asks to wait at least one minute (until " + retryAt + ")";
        return Optional.of(primary ? new RateLimitExhaustedException(text, retryAt) : new RateLimitedException(text, retryAt));
    }

    private static String limitName(int status, boolean secondary, boolean primary) {
        if (secondary) {
            return "GitHub's secondary rate limit (HTTP " + status + ")";
        }
        return primary ? "GitHub's primary rate limit (HTTP " + status + ")" : "GitHub's rate limit (HTTP " + status + ")";
    }

    private static String waitText(Instant now, Instant retryAt) {
        long seconds = Math.max(0, Duration.between(now, retryAt).toSeconds());
        return " (in " + seconds + " s)";
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
    static Optional<Instant> retryAfter(String value, Instant now) {
        String trimmed = value.trim();
        Optional<Long> seconds = parseLong(trimmed);
        if (seconds.isPresent()) {
            return seconds.get() < 0 ? Optional.empty() : Optional.of(now.plusSeconds(seconds.get()));
        }
        try {
            return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String answered(String what, int status, String githubMessage) {
        return "GitHub answered HTTP " + status + quoted(githubMessage) + " while " + what;
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

    static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first value of a header, its name compared case-insensitively. */
    static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headerValues(headers, name).stream().findFirst();
    }

    /** Every value of a header, its name compared case-insensitively (HTTP field names are: RFC 9110 §5.1). */
    static List<String> headerValues(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
                .flatMap(e -> e.getValue().stream())
                .toList();
    }
}
