package dev.recordmetric.fakes;

import java.time.Duration;

/**
 * A failure {@link FakeGitHub} serves instead of (or around) its normal answer. Build one with the
 * static factories and queue it with {@link Faults#next(Fault...)}.
 *
 * @param kind     what goes wrong
 * @param status   the HTTP status answered, 0 when none is (connection reset, slow response)
 * @param duration the reset/retry-after time for rate limits, the delay for a slow response
 */
public record Fault(Kind kind, int status, Duration duration) {

    /** What goes wrong. */
    public enum Kind {
        PRIMARY_RATE_LIMIT, SECONDARY_RATE_LIMIT, SERVER_ERROR, SLOW_RESPONSE, CONNECTION_RESET,
        MALFORMED_JSON, BAD_CREDENTIALS, MISSING_PERMISSION, NOT_FOUND
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

    /** A 5xx answer with a small body. */
    public static Fault serverError(int status) {
        return new Fault(Kind.SERVER_ERROR, status, Duration.ZERO);
    }

    /** Waits {@code delay} and then answers normally: for client timeouts. */
    public static Fault slowResponse(Duration delay) {
        return new Fault(Kind.SLOW_RESPONSE, 0, delay);
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
}
