package dev.recordmetric.fakes;

import java.time.Duration;

/**
 * A failure {@link FakeGitHub} serves instead of (or around) its normal answer. Build one with the
 * static factories and queue it with {@link Faults#next(Fault...)}; {@link #example(Kind)} gives one
 * of every kind, so a test can drive a client through all of them.
 *
 * @param kind     what goes wrong
 * @param status   the HTTP status answered, 0 when none is (connection reset, slow response)
 * @param duration the reset/retry-after time for rate limits, the delay for a slow response, the time a
 *                 trickled body takes
 */
public record Fault(Kind kind, int status, Duration duration) {

    /** The pause between two pieces of a {@link Kind#TRICKLED_BODY}. */
    public static final Duration TRICKLE_GAP = Duration.ofMillis(60);

    /** What goes wrong. */
    public enum Kind {
        /** 403 or 429, {@code x-ratelimit-remaining: 0}, reset after {@code duration}. */
        PRIMARY_RATE_LIMIT,
        /** 403 or 429, GitHub's secondary-limit message, {@code retry-after} in whole seconds. */
        SECONDARY_RATE_LIMIT,
        /** As {@link #SECONDARY_RATE_LIMIT}, {@code retry-after} as an HTTP date. */
        SECONDARY_RATE_LIMIT_HTTP_DATE,
        /** GitHub's secondary-limit message, no {@code retry-after}, budget left: GitHub says wait a minute. */
        SECONDARY_RATE_LIMIT_WITHOUT_RETRY_AFTER,
        /** 429 with no body and none of GitHub's rate-limit headers. */
        BARE_TOO_MANY_REQUESTS,
        SERVER_ERROR,
        /** 408 Request Timeout. */
        REQUEST_TIMEOUT,
        SLOW_RESPONSE,
        /**
         * The normal status and headers at once, then the body a few bytes every {@link #TRICKLE_GAP}
         * over {@code duration}: no single read waits long, the whole response does.
         */
        TRICKLED_BODY,
        CONNECTION_RESET,
        MALFORMED_JSON,
        BAD_CREDENTIALS,
        MISSING_PERMISSION,
        NOT_FOUND,
        /** The normal answer, its {@code Link} header's {@code last} page above 2^31. */
        LINK_LAST_PAGE_OVERFLOW,
        /** The normal answer, its {@code Link} header's {@code next} URL without a query. */
        LINK_NEXT_WITHOUT_QUERY,
        /** The normal answer, its {@code Link} header's {@code next} pointing back at page 1. */
        LINK_NEXT_BACKWARDS,
        /** The normal answer, its {@code Link} header's {@code last} page a thousand pages beyond {@code total_count}. */
        LINK_LAST_BEYOND_TOTAL,
        /** The normal answer, its {@code Link} header's {@code next} URL on another authority ({@code localhost} for {@code 127.0.0.1}) that reaches this fake. */
        LINK_NEXT_OTHER_HOST
    }

    /** One fault of {@code kind}, with durations short enough for a test. */
    public static Fault example(Kind kind) {
        return switch (kind) {
            case PRIMARY_RATE_LIMIT -> primaryRateLimit(Duration.ofMinutes(30));
            case SECONDARY_RATE_LIMIT -> secondaryRateLimit(429, Duration.ofSeconds(2));
            case SECONDARY_RATE_LIMIT_HTTP_DATE -> secondaryRateLimitHttpDate(403, Duration.ofSeconds(2));
            case SECONDARY_RATE_LIMIT_WITHOUT_RETRY_AFTER -> secondaryRateLimitWithoutRetryAfter(403);
            case BARE_TOO_MANY_REQUESTS -> bareTooManyRequests();
            case SERVER_ERROR -> serverError(502);
            case REQUEST_TIMEOUT -> requestTimeout();
            case SLOW_RESPONSE -> slowResponse(Duration.ofSeconds(3));
            case TRICKLED_BODY -> trickledBody(Duration.ofSeconds(5));
            case CONNECTION_RESET -> connectionReset();
            case MALFORMED_JSON -> malformedJson();
            case BAD_CREDENTIALS -> badCredentials();
            case MISSING_PERMISSION -> missingPermission();
            case NOT_FOUND -> notFound();
            case LINK_LAST_PAGE_OVERFLOW, LINK_NEXT_WITHOUT_QUERY, LINK_NEXT_BACKWARDS, LINK_LAST_BEYOND_TOTAL, LINK_NEXT_OTHER_HOST -> link(kind);
        };
    }

    /** 403 with {@code x-ratelimit-remaining: 0} and {@code x-ratelimit-reset} = now + {@code resetIn}. */
    public static Fault primaryRateLimit(Duration resetIn) {
        return new Fault(Kind.PRIMARY_RATE_LIMIT, 403, resetIn);
    }

    /** Like {@link #primaryRateLimit(Duration)} with the given status (GitHub uses 403 or 429). */
    public static Fault primaryRateLimit(int status, Duration resetIn) {
        return new Fault(Kind.PRIMARY_RATE_LIMIT, status, resetIn);
    }

    /** 403 or 429 with {@code retry-after} in whole seconds and GitHub's secondary-limit message. */
    public static Fault secondaryRateLimit(int status, Duration retryAfter) {
        return new Fault(Kind.SECONDARY_RATE_LIMIT, status, retryAfter);
    }

    /** 403 or 429 with {@code retry-after} an HTTP date {@code retryAfter} from now, rounded up to the second. */
    public static Fault secondaryRateLimitHttpDate(int status, Duration retryAfter) {
        return new Fault(Kind.SECONDARY_RATE_LIMIT_HTTP_DATE, status, retryAfter);
    }

    /** 403 or 429 with GitHub's secondary-limit message and neither {@code retry-after} nor a spent budget. */
    public static Fault secondaryRateLimitWithoutRetryAfter(int status) {
        return new Fault(Kind.SECONDARY_RATE_LIMIT_WITHOUT_RETRY_AFTER, status, Duration.ZERO);
    }

    /** 429 with an empty body and no rate-limit headers at all. */
    public static Fault bareTooManyRequests() {
        return new Fault(Kind.BARE_TOO_MANY_REQUESTS, 429, Duration.ZERO);
    }

    /** A 5xx answer with a small body. */
    public static Fault serverError(int status) {
        return new Fault(Kind.SERVER_ERROR, status, Duration.ZERO);
    }

    /** 408 Request Timeout. */
    public static Fault requestTimeout() {
        return new Fault(Kind.REQUEST_TIMEOUT, 408, Duration.ZERO);
    }

    /** Waits {@code delay} and then answers normally: for client timeouts. */
    public static Fault slowResponse(Duration delay) {
        return new Fault(Kind.SLOW_RESPONSE, 0, delay);
    }

    /** The normal answer, its body spread over {@code over} in pieces {@link #TRICKLE_GAP} apart: for whole-request bounds. */
    public static Fault trickledBody(Duration over) {
        return new Fault(Kind.TRICKLED_BODY, 200, over);
    }

    /** Drops the connection without any response: the client sees an {@code IOException}. */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0, Duration.ZERO);
    }

    /** 200 with the normal answer's JSON cut in half. */
    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 200, Duration.ZERO);
    }

    /** 401 {@code Bad credentials}. */
    public static Fault badCredentials() {
        return new Fault(Kind.BAD_CREDENTIALS, 401, Duration.ZERO);
    }

    /** 403 {@code Resource not accessible by integration} naming the runners permission. */
    public static Fault missingPermission() {
        return new Fault(Kind.MISSING_PERMISSION, 403, Duration.ZERO);
    }

    /** 404 {@code Not Found}. */
    public static Fault notFound() {
        return new Fault(Kind.NOT_FOUND, 404, Duration.ZERO);
    }

    /** The normal answer with a broken {@code Link} header: one of the {@code LINK_*} kinds. */
    public static Fault link(Kind kind) {
        if (!kind.name().startsWith("LINK_")) {
            throw new IllegalArgumentException(kind + " is not a Link header fault");
        }
        return new Fault(kind, 200, Duration.ZERO);
    }

    boolean altersLink() {
        return kind.name().startsWith("LINK_");
    }
}
