package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.JsonStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A workflow job as the ledger keeps it: the fields of a {@code workflow_job} webhook delivery's
 * {@code workflow_job} object that the ledger stores (GitHub docs, "Webhook events and payloads",
 * workflow_job; the REST API's "Get a job for a workflow run" returns the same object). Nullable
 * fields are null when GitHub sends null or nothing: the {@code runner_*} ones stay null while the
 * job is queued.
 *
 * @param repository {@code owner/name}
 * @param labels the {@code runs-on} labels as sent
 * @param installationId the GitHub App installation's id when the delivery is the App's, else null
 */
public record LedgerJob(
        long jobId,
        long runId,
        long runAttempt,
        String repository,
        String workflowName,
        String jobName,
        String headBranch,
        List<String> labels,
        JobStatus status,
        String conclusion,
        String createdAt,
        String startedAt,
        String completedAt,
        Long runnerId,
        String runnerName,
        Long runnerGroupId,
        String runnerGroupName,
        Long installationId) {

    public LedgerJob {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(status, "status");
        labels = List.copyOf(labels);
    }

    /**
     * The job of a {@code workflow_job} delivery's raw body.
     *
     * @throws MalformedPayloadException naming what is missing or wrong (never quoting the body)
     */
    public static LedgerJob fromWebhook(byte[] body) {
        JsonNode payload;
        try {
            payload = JsonStreams.readTree(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new MalformedPayloadException("the body is not JSON");
        }
        if (payload == null || !payload.isObject()) {
            throw new MalformedPayloadException("the body is not a JSON object");
        }
        return fromWebhook(payload);
    }

    /**
     * The job of a parsed {@code workflow_job} delivery. Its status is {@code workflow_job.status};
     * when that is absent, the delivery's {@code action} (the two name the same transition).
     */
    public static LedgerJob fromWebhook(JsonNode payload) {
        JsonNode job = payload.get("workflow_job");
        if (job == null || !job.isObject()) {
            throw new MalformedPayloadException("workflow_job is missing or not an object");
        }
        String repository = text(payload.path("repository"), "full_name", "repository.full_name");
        if (repository == null) {
            throw new MalformedPayloadException("repository.full_name is missing");
        }
        String status = text(job, "status", "workflow_job.status");
        if (status == null) {
            status = text(payload, "action", "action");
        }
        return fromWorkflowJob(job, repository, status, number(payload.path("installation"), "id", "installation.id"));
    }

    /**
     * The job of GitHub's REST answer for {@code GET /repos/{owner}/{repo}/actions/jobs/{job_id}},
     * which names no repository or installation.
     */
    public static LedgerJob fromRestJob(JsonNode job, String repository, Long installationId) {
        return fromWorkflowJob(job, repository, text(job, "status", "status"), installationId);
    }

    private static LedgerJob fromWorkflowJob(JsonNode job, String repository, String status, Long installationId) {
        if (status == null) {
            throw new MalformedPayloadException("workflow_job.status is missing");
        }
        JobStatus parsed;
        try {
            parsed = JobStatus.fromGitHub(status);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("workflow_job.status: " + e.getMessage());
        }
        Long runAttempt = number(job, "run_attempt", "workflow_job.run_attempt");
        return new LedgerJob(
                required(job, "id"),
                required(job, "run_id"),
                runAttempt == null ? 1 : runAttempt,
                repository,
                text(job, "workflow_name", "workflow_job.workflow_name"),
                text(job, "name", "workflow_job.name"),
                text(job, "head_branch", "workflow_job.head_branch"),
                labels(job),
                parsed,
                text(job, "conclusion", "workflow_job.conclusion"),
                text(job, "created_at", "workflow_job.created_at"),
                text(job, "started_at", "workflow_job.started_at"),
                text(job, "completed_at", "workflow_job.completed_at"),
                number(job, "runner_id", "workflow_job.runner_id"),
                text(job, "runner_name", "workflow_job.runner_name"),
                number(job, "runner_group_id", "workflow_job.runner_group_id"),
                text(job, "runner_group_name", "workflow_job.runner_group_name"),
                installationId);
    }

    /**
     * This job closed by reconciliation because GitHub no longer knows it: {@code completed}, with
     * the conclusion {@code unknown} and {@code now} as its completion.
     */
    public LedgerJob closedAsUnknown(Instant now) {
        return new LedgerJob(jobId, runId, runAttempt, repository, workflowName, jobName, headBranch, labels,
                JobStatus.COMPLETED, "unknown", createdAt, startedAt, now.toString(), runnerId, runnerName,
                runnerGroupId, runnerGroupName, installationId);
    }

    private static long required(JsonNode job, String field) {
        Long value = number(job, field, "workflow_job." + field);
        if (value == null) {
            throw new MalformedPayloadException("workflow_job." + field + " is missing");
        }
        return value;
    }

    private static List<String> labels(JsonNode job) {
        JsonNode labels = job.get("labels");
        if (labels == null || labels.isNull()) {
            return List.of();
        }
        if (!labels.isArray()) {
            throw new MalformedPayloadException("workflow_job.labels is not an array");
        }
        List<String> values = new ArrayList<>(labels.size());
        for (JsonNode label : labels) {
            if (!label.isTextual()) {
                throw new MalformedPayloadException("workflow_job.labels holds a value that is not a string");
            }
            values.add(label.asText());
        }
        return values;
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedPayloadException(name + " is not a string");
        }
        return value.asText();
    }

    private static Long number(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedPayloadException(name + " is not an integer");
        }
        return value.asLong();
    }
}
