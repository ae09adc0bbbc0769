package dev.recordmetric.errors;

import java.time.Instant;
import java.util.Optional;

/**
 * GitHub rate-limited the credentials: the base of {@link RateLimitedException} and
 * {@link RateLimitExhaustedException}. It carries the moment GitHub allows the next request
 * ({@code retry-after}, or {@code x-ratelimit-reset}), so that the function can either report a
 * wait that fits the run or fail, and send nothing before that moment.
 */
public abstract class RateLimitException extends RecordMetricException {

    private final Instant retryAt;

    protected RateLimitException(String message, Instant retryAt) {
        super(message, null);
        this.retryAt = retryAt;
    }

    /** No request may be sent before this moment; empty when GitHub did not say (never for the ones GitHubErrors builds). */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }

    /** The same error, its message extended by {@code more} (e.g. why the wait does not fit the run). */
    public abstract RateLimitException because(String more);
}
