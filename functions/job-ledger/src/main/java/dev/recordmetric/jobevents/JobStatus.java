package dev.recordmetric.jobevents;

import java.util.Optional;

/**
 * A workflow job's status as the ledger orders it: a write never lowers the rank. GitHub's
 * {@code workflow_job} webhook sends {@code waiting} (the job waits for an environment's protection
 * rules: not demand for a runner), {@code queued}, {@code in_progress} and {@code completed}, as the
 * delivery's {@code action} and as {@code workflow_job.status} (GitHub docs, "Webhook events and
 * payloads", workflow_job).
 */
public enum JobStatus {
    WAITING("waiting"),
    QUEUED("queued"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    /** GitHub's spelling, also the ledger's {@code status} attribute. */
    public String wire() {
        return wire;
    }

    /** 0 to 3, stored as {@code status_rank}. */
    public int rank() {
        return ordinal();
    }

    public boolean open() {
        return this != COMPLETED;
    }

    /** The status GitHub spells {@code value}, if it is one of the four. */
    public static Optional<JobStatus> of(String value) {
        for (JobStatus status : values()) {
            if (status.wire.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * A status from GitHub: the four above, and the REST API's {@code requested} and {@code pending}
     * (GitHub docs, "REST API endpoints for workflow jobs": a job not yet queued for a runner, e.g. held
     * by a concurrency group) read as {@link #WAITING}, since neither is demand for a runner yet.
     *
     * @throws IllegalArgumentException naming the value when GitHub sent something else
     */
    public static JobStatus fromGitHub(String value) {
        if ("requested".equals(value) || "pending".equals(value)) {
            return WAITING;
        }
        return of(value).orElseThrow(() -> new IllegalArgumentException("'" + value
                + "' is not a workflow job status (waiting, queued, in_progress, completed, requested, pending)"));
    }

    /** The status of a ledger item's {@code status_rank}. */
    public static JobStatus ofRank(int rank) {
        if (rank < 0 || rank >= values().length) {
            throw new IllegalArgumentException("status_rank " + rank + " is not 0 to 3");
        }
        return values()[rank];
    }
}
