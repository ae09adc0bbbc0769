package dev.recordmetric.local;

/** How an execution ended, in Step Functions' words. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
}
