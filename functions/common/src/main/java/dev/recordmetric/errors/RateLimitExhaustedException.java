package dev.recordmetric.errors;

import java.time.Instant;

/**
 * GitHub's primary rate limit is used up ({@code x-ratelimit-remaining: 0}) and resets too late for
 * this run (or the run's waits are used up): the run fails without sending another request.
 * Never retried by a Retry.
 */
public final class RateLimitExhaustedException extends RateLimitException {

    public RateLimitExhaustedException(String message, Instant retryAt) {
        super(message, retryAt);
    }

    @Override
    public RateLimitExhaustedException because(String more) {
        return new RateLimitExhaustedException(getMessage() + more, retryAt().orElse(null));
    }
}
