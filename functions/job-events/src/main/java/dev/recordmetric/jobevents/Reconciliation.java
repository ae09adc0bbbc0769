package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reconciliation of stale open jobs: the ledger's {@code waiting}, {@code queued} and
 * {@code in_progress} jobs not written or checked for {@code staleAfter}, at most {@code perRun} a
 * run, least recently checked first, are read from GitHub ({@code GET
 * /repos/{owner}/{repo}/actions/jobs/{job_id}}, "Get a job for a workflow run"), conditionally when
 * the item keeps the ETag of the last answer ("Best practices for using the REST API": a 304 does
 * not count against the primary rate limit). A higher status is written by the ledger's one write
 * rule ({@code last_delivery = reconciliation}); the same one only sets {@code checked_at}; a 404
 * closes the job ({@code completed}, conclusion {@code unknown}): GitHub no longer knows it (its run
 * or repository was deleted), and a job nobody will deliver must not count as demand forever.
 */
final class Reconciliation {

    static final String RECONCILIATION = "reconciliation";

    /** What a run did. */
    record Result(int jobsChecked, int jobsCorrected, int jobsClosed, int notModified, int githubRequests) {
    }

    private final GitHubClient github;
    private final JobLedger ledger;
    private final Duration staleAfter;
    private final int perRun;
    private final Clock clock;

    Reconciliation(GitHubClient github, JobLedger ledger, Duration staleAfter, int perRun, Clock clock) {
        this.github = github;
        this.ledger = ledger;
        this.staleAfter = staleAfter;
        this.perRun = perRun;
        this.clock = clock;
    }

    Result run(String token, boolean refreshed, InvocationBudget budget) {
        Instant now = clock.instant();
        List<LedgerEntry> stale = ledger.staleOpenJobs(now.minus(staleAfter), perRun);
        int checked = 0;
        int corrected = 0;
        int closed = 0;
        int notModified = 0;
        for (LedgerEntry entry : stale) {
            LedgerJob held = entry.job();
            URI url = URI.create(github.apiUrl() + "/repos/" + held.repository() + "/actions/jobs/" + held.jobId());
            String what = "reading job " + held.jobId() + " of " + held.repository();
            Optional<GitHubClient.Response> answer;
            try {
                answer = entry.etag() == null
                        ? Optional.of(github.get(url, token, what, refreshed, budget))
                        : github.getIfNoneMatch(url, entry.etag(), token, what, refreshed, budget);
            } catch (OrganizationNotFoundException gone) {
                checked++;
                if (ledger.record(held.closedAsUnknown(now), RECONCILIATION, JobStatus.COMPLETED.wire(), now) == RecordOutcome.RECORDED) {
                    closed++;
                }
                continue;
            }
            checked++;
            if (answer.isEmpty()) {
                notModified++;
                ledger.markChecked(held.jobId(), held.status(), now, entry.etag());
                continue;
            }
            LedgerJob current = LedgerJob.fromRestJob(read(answer.get(), what), held.repository(), held.installationId());
            if (current.status().rank() > held.status().rank()) {
                if (ledger.record(current, RECONCILIATION, current.status().wire(), now) == RecordOutcome.RECORDED) {
                    corrected++;
                }
            } else {
                ledger.markChecked(held.jobId(), held.status(), now, answer.get().header("ETag").orElse(null));
            }
        }
        return new Result(checked, corrected, closed, notModified, checked);
    }

    private static JsonNode read(GitHubClient.Response answer, String what) {
        try {
            JsonNode job = JsonStreams.readTree(answer.bodyStream());
            if (job == null || !job.isObject()) {
                throw new MalformedResponseException("GitHub's answer to " + what + " is not a JSON object.");
            }
            return job;
        } catch (IOException e) {
            throw new MalformedResponseException("GitHub's answer to " + what + " is not JSON.");
        }
    }
}
