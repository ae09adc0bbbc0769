package dev.recordmetric.listrunners;

import java.time.Duration;

/**
 * What a warm instance last measured of how fast each pool's counts move: the bound of its last
 * run with a second pass, per second of that run's listing. A run that had no time for a second
 * pass sees no state change on its own; it adds this rate over its own listing time to its bound,
 * so that a skipped second pass widens the bound rather than narrows it. A fresh instance knows no
 * rate (zero), and says so through {@code secondPass: false}. Thread-safe.
 */
final class ChangeRate {

    private double[] perSecond = new double[0];

    /** Learns from a run with a second pass that took {@code listing}. */
    synchronized void measured(CountEstimate estimate, Duration listing) {
        if (!estimate.secondPass() || listing.isZero()) {
            return;
        }
        double seconds = listing.toNanos() / 1e9;
        perSecond = new double[estimate.bound().length];
        for (int pool = 0; pool < perSecond.length; pool++) {
            perSecond[pool] = estimate.poolBound(pool) / seconds;
        }
    }

    /** Per pool, the changes the last measured rate predicts over {@code listing}, rounded up. */
    synchronized int[] allowance(int pools, Duration listing) {
        int[] allowance = new int[pools];
        double seconds = listing.toNanos() / 1e9;
        for (int pool = 0; pool < pools && pool < perSecond.length; pool++) {
            allowance[pool] = (int) Math.ceil(perSecond[pool] * seconds);
        }
        return allowance;
    }
}
