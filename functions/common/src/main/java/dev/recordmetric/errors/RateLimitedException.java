package dev.recordmetric.errors;

/** GitHub rate-limited the request, and the limit lifts soon (a secondary limit, or a reset or {@code retry-after} within about 30 s): retry with backoff. */
public final class RateLimitedException extends RecordMetricException {

    public RateLimitedException(String message) {
        super(message, null);
    }

    public RateLimitedException(String message, Throwable cause) {
        super(message, cause);
    }
}
