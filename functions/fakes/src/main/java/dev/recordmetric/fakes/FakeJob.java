package dev.recordmetric.fakes;

import java.time.Instant;
import java.util.List;

/**
 * One workflow job as GitHub knows it at a moment: an immutable snapshot of {@link FakeJobs}' truth.
 * The fields are those of GitHub's job object ("Get a job for a workflow run", REST API endpoints
 * for workflow jobs) that the ledger keeps; the runner fields are null until the job starts.
 *
 * @param repository {@code owner/name}
 * @param status {@code waiting}, {@code queued}, {@code in_progress} or {@code completed}
 */
public record FakeJob(long id, long runId, int runAttempt, String repository, long repositoryId, String workflowName,
        String name, String headBranch, List<String> labels, String status, String conclusion, Instant createdAt,
        Instant startedAt, Instant completedAt, Long runnerId, String runnerName, Long runnerGroupId,
        String runnerGroupName) {

    public FakeJob {
        labels = List.copyOf(labels);
    }

    public String owner() {
        return repository.substring(0, repository.indexOf('/'));
    }

    FakeJob queued() {
        return new FakeJob(id, runId, runAttempt, repository, repositoryId, workflowName, name, headBranch, labels,
                "queued", null, createdAt, null, null, null, null, null, null);
    }

    FakeJob started(Instant at, long newRunnerId, String newRunnerName, long groupId, String groupName) {
        return new FakeJob(id, runId, runAttempt, repository, repositoryId, workflowName, name, headBranch, labels,
                "in_progress", null, createdAt, at, null, newRunnerId, newRunnerName, groupId, groupName);
    }

    FakeJob completed(Instant at, String newConclusion) {
        return new FakeJob(id, runId, runAttempt, repository, repositoryId, workflowName, name, headBranch, labels,
                "completed", newConclusion, createdAt, startedAt, at, runnerId, runnerName, runnerGroupId, runnerGroupName);
    }
}
