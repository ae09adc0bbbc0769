package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.util.List;
import java.util.Map;

/**
 * The job ledger after one run of the simulated organization and its repairs: what the ledger holds
 * against what GitHub (the fake's jobs) knows, the webhook's deliveries since the previous run, and
 * what the {@code repair-job-ledger} execution did.
 *
 * @param ledger the ledger's jobs by status ({@code waiting}, {@code queued}, {@code in_progress}, {@code completed})
 * @param github GitHub's jobs by status
 * @param deliveries the webhook's deliveries since the previous run, redeliveries included
 * @param dropped how many of them failed (the simulation's dropped deliveries, recorded failed as GitHub records them)
 * @param redelivered how many of them were redeliveries that succeeded
 * @param repairs the repair execution, or null when it did not run
 * @param differences each job whose ledger status differs from GitHub's: {@code id: ledger X, GitHub Y}
 * @param ledgerJobs job id to the ledger's status (for {@code --json}, to compare with {@code githubJobs})
 * @param githubJobs job id to GitHub's status
 */
record LedgerView(Map<String, Integer> ledger, Map<String, Integer> github, int deliveries, int dropped, int redelivered,
        Repairs repairs, List<String> differences, Map<Long, String> ledgerJobs, Map<Long, String> githubJobs) {

    static final List<String> STATUSES = List.of("waiting", "queued", "in_progress", "completed");

    /** What the repair execution did: its status, and its Redeliver and Reconcile states' results. */
    record Repairs(String executionArn, String status, String error, long durationMs, int failedDeliveries,
            int redeliveriesRequested, int staleJobsChecked, int jobsCorrected, int jobsClosed) {
    }

    boolean matchesGitHub() {
        return differences.isEmpty();
    }

    int count(Map<String, Integer> counts, String status) {
        return counts.getOrDefault(status, 0);
    }

    ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        ObjectNode ledgerCounts = json.putObject("ledger");
        ObjectNode githubCounts = json.putObject("github");
        for (String status : STATUSES) {
            ledgerCounts.put(status, count(ledger, status));
            githubCounts.put(status, count(github, status));
        }
        json.putObject("deliveries").put("sent", deliveries).put("dropped", dropped).put("redelivered", redelivered);
        if (repairs != null) {
            ObjectNode r = json.putObject("repairs");
            r.put("execution", repairs.executionArn()).put("status", repairs.status()).put("durationMs", repairs.durationMs())
                    .put("failedDeliveries", repairs.failedDeliveries())
                    .put("redeliveriesRequested", repairs.redeliveriesRequested())
                    .put("staleJobsChecked", repairs.staleJobsChecked())
                    .put("jobsCorrected", repairs.jobsCorrected())
                    .put("jobsClosed", repairs.jobsClosed());
            if (repairs.error() != null) {
                r.put("error", repairs.error());
            }
        }
        json.put("matchesGitHub", matchesGitHub());
        differences.forEach(json.putArray("differences")::add);
        ObjectNode jobs = json.putObject("jobs");
        ObjectNode inLedger = jobs.putObject("ledger");
        ledgerJobs.forEach((id, status) -> inLedger.put(Long.toString(id), status));
        ObjectNode inGitHub = jobs.putObject("github");
        githubJobs.forEach((id, status) -> inGitHub.put(Long.toString(id), status));
        return json;
    }
}
