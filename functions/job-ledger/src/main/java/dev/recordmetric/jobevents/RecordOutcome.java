package dev.recordmetric.jobevents;

/** What {@link JobLedger#record} did: wrote the job, or left a job already as high (or higher) alone. */
public enum RecordOutcome {
    RECORDED,
    UNCHANGED;

    /** {@code recorded} or {@code unchanged}, as the receiver answers and logs it. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
