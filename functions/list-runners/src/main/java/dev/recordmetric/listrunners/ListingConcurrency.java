package dev.recordmetric.listrunners;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How many pages a warm instance fetches at once: the configured number ({@code
 * LIST_RUNNERS_CONCURRENCY}), or one at a time from a secondary rate limit until the next full
 * hour. GitHub asks clients to avoid concurrent requests and, after a secondary rate limit, to
 * slow down ("Best practices for using the REST API": Avoid concurrent requests; "Rate limits for
 * the REST API": About secondary rate limits). Thread-safe.
 */
final class ListingConcurrency {

    private final int configured;
    private final Clock clock;
    private Instant serialUntil = Instant.MIN;

    ListingConcurrency(int configured, Clock clock) {
        if (configured < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + configured);
        }
        this.configured = configured;
        this.clock = clock;
    }

    /** Pages in flight at most, now. */
    synchronized int now() {
        return clock.instant().isBefore(serialUntil) ? 1 : configured;
    }

    int configured() {
        return configured;
    }

    /** GitHub answered with a secondary rate limit: one page at a time until the next full hour. */
    synchronized void secondaryRateLimited() {
        serialUntil = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    }

    /** Whether the instance lists serially because of a secondary rate limit. */
    synchronized boolean serial() {
        return clock.instant().isBefore(serialUntil);
    }
}
