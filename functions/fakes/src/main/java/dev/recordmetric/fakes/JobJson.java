package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A job in GitHub's JSON: the job object of "Get a job for a workflow run" (REST API endpoints for
 * workflow jobs: id, run_id, run_url, run_attempt, node_id, head_sha, url, html_url, status,
 * conclusion, created_at, started_at, completed_at, name, steps, check_run_url, labels, runner_id,
 * runner_name, runner_group_id, runner_group_name, workflow_name, head_branch), which is also the
 * {@code workflow_job} of a delivery ("Webhook events and payloads", workflow_job: action,
 * workflow_job, repository, organization, sender, installation when the hook is an App's).
 */
final class JobJson {

    private JobJson() {
    }

    static ObjectNode job(FakeJob job, String apiUrl) {
        String repoApi = apiUrl + "/repos/" + job.repository();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", job.id())
                .put("run_id", job.runId())
                .put("workflow_name", job.workflowName())
                .put("head_branch", job.headBranch())
                .put("run_url", repoApi + "/actions/runs/" + job.runId())
                .put("run_attempt", job.runAttempt())
                .put("node_id", "CR_fake" + job.id())
                .put("head_sha", String.format("%040x", job.runId()))
                .put("url", repoApi + "/actions/jobs/" + job.id())
                .put("html_url", "https://github.com/" + job.repository() + "/actions/runs/" + job.runId() + "/job/" + job.id())
                .put("status", job.status())
                .put("conclusion", job.conclusion())
                .put("created_at", timestamp(job.createdAt()))
                .put("started_at", timestamp(job.startedAt()))
                .put("completed_at", timestamp(job.completedAt()))
                .put("name", job.name());
        node.putArray("steps");
        node.put("check_run_url", repoApi + "/check-runs/" + job.id());
        var labels = node.putArray("labels");
        job.labels().forEach(labels::add);
        node.put("runner_id", job.runnerId())
                .put("runner_name", job.runnerName())
                .put("runner_group_id", job.runnerGroupId())
                .put("runner_group_name", job.runnerGroupName());
        return node;
    }

    /** A {@code workflow_job} delivery's body. */
    static String payload(String action, FakeJob job, long organizationId, Long installationId, String apiUrl) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("action", action);
        body.set("workflow_job", job(job, apiUrl));
        String owner = job.owner();
        ObjectNode repository = body.putObject("repository")
                .put("id", job.repositoryId())
                .put("node_id", "R_fake" + job.repositoryId())
                .put("name", job.repository().substring(owner.length() + 1))
                .put("full_name", job.repository())
                .put("private", true);
        repository.putObject("owner").put("login", owner).put("id", organizationId).put("type", "Organization");
        body.putObject("organization").put("login", owner).put("id", organizationId)
                .put("url", apiUrl + "/orgs/" + owner);
        body.putObject("sender").put("login", "octocat").put("id", 583231).put("type", "User");
        if (installationId != null) {
            body.putObject("installation").put("id", installationId).put("node_id", "MDIz_fake" + installationId);
        }
        return body.toString();
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
