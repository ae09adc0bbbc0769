package dev.recordmetric.fakes;

import java.time.Duration;
import java.time.Instant;

/** GitHub's primary ("core") rate limit: a budget per hour window. Thread-safe. */
final class RateLimit {

    record Snapshot(int limit, int used, long resetEpochSeconds) {
        int remaining() {
            return Math.max(0, limit - used);
        }
    }

    private int limit;
    private int used;
    private Instant reset;

    RateLimit(int limit) {
        this.limit = limit;
    }

    synchronized void reset(int newLimit) {
        limit = newLimit;
        used = 0;
        reset = null;
    }

    /** Counts one request unless the budget is spent; returns the state after it. */
    synchronized Snapshot consume(Instant now) {
        roll(now);
        if (used < limit) {
            used++;
        }
        return snapshot();
    }

    /**
     * Gives back the request {@link #consume} counted: a 304 to an authorized conditional request
     * does not count against the primary rate limit (GitHub docs, "Best practices for using the REST
     * API", Use conditional requests if appropriate).
     */
    synchronized Snapshot refund(Instant now) {
        roll(now);
        if (used > 0) {
            used--;
        }
        return snapshot();
    }

    synchronized Snapshot peek(Instant now) {
        roll(now);
        return snapshot();
    }

    synchronized boolean exhausted(Instant now) {
        roll(now);
        return used >= limit;
    }

    private void roll(Instant now) {
        if (reset == null || !now.isBefore(reset)) {
            used = 0;
            reset = now.plus(Duration.ofHours(1));
        }
    }

    private Snapshot snapshot() {
        return new Snapshot(limit, used, reset.getEpochSecond());
    }
}
