package dev.recordmetric.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runner listing's {@code busy} flag lagging the job it runs: a runner that started a job reads
 * {@code busy: false} in "List self-hosted runners for an organization" for {@code lag} after the
 * job's {@code in_progress}, while the {@code workflow_job} webhook already said it started. Issue 20
 * cites 25 to 60 s observed; 40 s is its example. A lag of zero is no lag: busy the moment the job starts.
 */
final class BusyFlagLag {

    /** The lag issue 20 names for the busy-flag test. */
    static final Duration ISSUE_DEFAULT = Duration.ofSeconds(40);

    private final Duration lag;
    private final Supplier<Instant> clock;
    /** Runner id to when its current job started. */
    private final Map<Long, Instant> startedAt = new HashMap<>();

    BusyFlagLag(Duration lag, Supplier<Instant> clock) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("a lag is not negative: " + lag);
        }
        this.lag = lag;
        this.clock = clock;
    }

    Duration lag() {
        return lag;
    }

    void started(long runnerId) {
        startedAt.put(runnerId, clock.get());
    }

    void finished(long runnerId) {
        startedAt.remove(runnerId);
    }

    /** What the listing says of a runner: busy once its job has run for the lag; idle when it runs none. */
    boolean flag(long runnerId) {
        Instant started = startedAt.get(runnerId);
        return started != null && !clock.get().isBefore(started.plus(lag));
    }

    /** A runner running a job whose flag still says idle. */
    boolean lagging(long runnerId) {
        return startedAt.containsKey(runnerId) && !flag(runnerId);
    }
}
