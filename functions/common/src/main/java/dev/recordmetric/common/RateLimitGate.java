package dev.recordmetric.common;

import dev.recordmetric.errors.RateLimitException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a warm function instance knows about GitHub's rate limit: the latest "no request before T"
 * GitHub gave it. Every GitHub request of the instance (the runner listing, the App token mint)
 * passes {@link #check} first, so that nothing is sent before T, however many runs ask meanwhile:
 * they fail at once with the error GitHub's answer produced. Thread-safe (pages are fetched in
 * parallel).
 */
public final class RateLimitGate {

    private final Clock clock;
    private RateLimitException blocking;

    public RateLimitGate(Clock clock) {
        this.clock = clock;
    }

    /** Throws the error that set the block while it is in force: call before sending a request. */
    public synchronized void check() {
        if (blocking != null) {
            Instant retryAt = blocking.retryAt().orElseThrow();
            if (clock.instant().isBefore(retryAt)) {
                throw blocking.because("");
            }
            blocking = null;
        }
    }

    /** Remembers GitHub's answer; returns it for throwing. A later block wins over an earlier one. */
    public synchronized RateLimitException record(RateLimitException rateLimit) {
        if (rateLimit.retryAt().isPresent() && (blocking == null
                || rateLimit.retryAt().get().isAfter(blocking.retryAt().orElseThrow()))) {
            blocking = rateLimit.because("; this warm instance sends no request to GitHub before " + rateLimit.retryAt().get());
        }
        return rateLimit;
    }

    /** When the block ends, if one is in force. */
    public synchronized Optional<Instant> blockedUntil() {
        if (blocking == null || !clock.instant().isBefore(blocking.retryAt().orElseThrow())) {
            return Optional.empty();
        }
        return blocking.retryAt();
    }
}
