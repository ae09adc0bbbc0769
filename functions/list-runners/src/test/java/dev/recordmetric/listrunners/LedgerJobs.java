package dev.recordmetric.listrunners;

import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerJob;
import java.time.Instant;
import java.util.List;

/** Ledger jobs as the receiver records them from GitHub's workflow_job deliveries, for the demand tests. */
final class LedgerJobs {

    private LedgerJobs() {
    }

    static LedgerJob queued(long id, Instant createdAt, String... labels) {
        return new LedgerJob(id, 9000 + id, 1, "acme/app", "ci", "build", "main", List.of(labels), JobStatus.QUEUED, null,
                createdAt.toString(), null, null, null, null, null, null, null);
    }

    static LedgerJob inProgress(long id, Instant createdAt, Instant startedAt, long runnerId, String runnerName,
            String... labels) {
        return new LedgerJob(id, 9000 + id, 1, "acme/app", "ci", "build", "main", List.of(labels), JobStatus.IN_PROGRESS,
                null, createdAt.toString(), startedAt.toString(), null, runnerId, runnerName, 1L, "Default", null);
    }

    static LedgerJob completed(LedgerJob running, Instant completedAt) {
        return new LedgerJob(running.jobId(), running.runId(), running.runAttempt(), running.repository(),
                running.workflowName(), running.jobName(), running.headBranch(), running.labels(), JobStatus.COMPLETED,
                "success", running.createdAt(), running.startedAt(), completedAt.toString(), running.runnerId(),
                running.runnerName(), running.runnerGroupId(), running.runnerGroupName(), null);
    }
}
