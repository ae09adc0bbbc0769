package dev.recordmetric.errors;

/** GitHub's primary rate limit is used up and resets too late to help this minute's run: do not retry. */
public final class RateLimitExhaustedException extends RecordMetricException {

    public RateLimitExhaustedException(String message) {
        super(message, null);
    }

    public RateLimitExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
