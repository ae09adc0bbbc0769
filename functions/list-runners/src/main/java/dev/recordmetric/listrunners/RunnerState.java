package dev.recordmetric.listrunners;

/**
 * Online runners are busy or idle. Offline runners are counted too, per pool, and published as
 * their own metric, OfflineRunners.
 */
enum RunnerState {
    BUSY, IDLE, OFFLINE
}
