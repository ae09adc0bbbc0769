package dev.recordmetric.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one GitHub response said about the credentials' primary rate limit: its
 * {@code x-ratelimit-limit}, {@code -remaining}, {@code -used}, {@code -reset} (UTC epoch seconds)
 * and {@code -resource} headers (GitHub REST docs, "Rate limits for the REST API", checking the
 * status of your rate limit). Each is absent when the response lacked it or it was not a number.
 *
 * <p>In the state output and the log line they appear as {@link #LIMIT}, {@link #REMAINING},
 * {@link #USED}, {@link #RESET} (ISO-8601) and {@link #RESOURCE}; these names are a contract.
 */
public record GitHubRateLimit(OptionalInt limit, OptionalInt remaining, OptionalInt used, OptionalLong resetEpochSeconds,
        String resource) {

    public static final String LIMIT = "rateLimitLimit";
    public static final String REMAINING = "rateLimitRemaining";
    public static final String USED = "rateLimitUsed";
    public static final String RESET = "rateLimitReset";
    public static final String RESOURCE = "rateLimitResource";

    public static final GitHubRateLimit NONE =
            new GitHubRateLimit(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty(), null);

    /** From response headers; names compared case-insensitively. */
    public static GitHubRateLimit from(Map<String, List<String>> headers) {
        if (headers == null) {
            return NONE;
        }
        return new GitHubRateLimit(integer(headers, "x-ratelimit-limit"), integer(headers, "x-ratelimit-remaining"),
                integer(headers, "x-ratelimit-used"), number(headers, "x-ratelimit-reset"),
                GitHubErrors.header(headers, "x-ratelimit-resource").orElse(null));
    }

    /** Adds the fields that are present to {@code node}. */
    public ObjectNode addTo(ObjectNode node) {
        limit.ifPresent(value -> node.put(LIMIT, value));
        remaining.ifPresent(value -> node.put(REMAINING, value));
        used.ifPresent(value -> node.put(USED, value));
        resetEpochSeconds.ifPresent(value -> node.put(RESET, Instant.ofEpochSecond(value).toString()));
        if (resource != null) {
            node.put(RESOURCE, resource);
        }
        return node;
    }

    /** Adds the fields that are present to the log line, under the same names. */
    public InvocationLog addTo(InvocationLog log) {
        addTo(log.fields);
        return log;
    }

    private static OptionalInt integer(Map<String, List<String>> headers, String name) {
        OptionalLong value = number(headers, name);
        return value.isPresent() && value.getAsLong() >= 0 && value.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    private static OptionalLong number(Map<String, List<String>> headers, String name) {
        return GitHubErrors.header(headers, name).flatMap(GitHubErrors::parseLong)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
