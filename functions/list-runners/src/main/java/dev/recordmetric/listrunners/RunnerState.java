package dev.recordmetric.listrunners;

/** Online runners are busy or idle; offline runners are listed but never counted. */
enum RunnerState {
    BUSY, IDLE, OFFLINE
}
