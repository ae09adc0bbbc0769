package dev.recordmetric.errors;

import java.time.Instant;

/**
 * GitHub rate-limited the request: a secondary limit (with or without {@code retry-after}), or a
 * 429 that names no limit. The run waits in the state machine when GitHub's wait fits the minute;
 * this error means it did not (or the run's waits are used up), so the run fails without sending
 * another request. Never retried by a Retry.
 */
public final class RateLimitedException extends RateLimitException {

    public RateLimitedException(String message) {
        super(message, null);
    }

    public RateLimitedException(String message, Instant retryAt) {
        super(message, retryAt);
    }

    @Override
    public RateLimitedException because(String more) {
        return new RateLimitedException(getMessage() + more, retryAt().orElse(null));
    }
}
