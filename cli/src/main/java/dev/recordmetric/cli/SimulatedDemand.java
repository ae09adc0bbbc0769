package dev.recordmetric.cli;

import java.time.Duration;

/**
 * What {@code record-metric run} adds to the simulated organization's jobs for issue 20's demand
 * figures.
 *
 * @param burst jobs queued at once, before the first run, in the first pool, which then has
 *     {@link #BURST_IN_SERVICE} runners and no turnover (0: no burst)
 * @param busyFlagLag how long a runner's {@code busy} flag stays false after its job started (zero: none)
 */
record SimulatedDemand(int burst, Duration busyFlagLag) {

    /** The burst pool's runners: issue 20's "a pool with N = 2". */
    static final int BURST_IN_SERVICE = 2;

    static final SimulatedDemand NONE = new SimulatedDemand(0, Duration.ZERO);

    SimulatedDemand {
        if (burst < 0) {
            throw new IllegalArgumentException("a burst is 0 or more jobs: " + burst);
        }
    }
}
