package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code workflow_job} delivery bodies shaped as GitHub documents them ("Webhook events and
 * payloads", workflow_job): the runner fields null until the job is in progress, {@code started_at}
 * from then on, {@code conclusion} and {@code completed_at} once completed. Each status's body
 * differs, so a test can tell which delivery's fields an item holds.
 */
final class WorkflowJobPayloads {

    static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");
    static final String REPOSITORY = "octo-org/octo-repo";

    private WorkflowJobPayloads() {
    }

    static byte[] body(long jobId, JobStatus status) {
        return json(jobId, status).toString().getBytes(StandardCharsets.UTF_8);
    }

    static LedgerJob job(long jobId, JobStatus status) {
        return LedgerJob.fromWebhook(body(jobId, status));
    }

    static ObjectNode json(long jobId, JobStatus status) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("action", status.wire());
        ObjectNode job = payload.putObject("workflow_job");
        job.put("id", jobId);
        job.put("run_id", 1_000_000L + jobId / 3);
        job.put("run_attempt", 1);
        job.put("workflow_name", "CI");
        job.put("name", "build " + jobId);
        job.put("head_branch", "main");
        job.put("status", status.wire());
        job.put("head_sha", "d6b79fae65a127214f9da22844a39451e9e4b909");
        List.of("self-hosted", "linux", "x64").forEach(job.putArray("labels")::add);
        job.put("created_at", CREATED.toString());
        boolean started = status.rank() >= JobStatus.IN_PROGRESS.rank();
        if (started) {
            job.put("started_at", CREATED.plusSeconds(30).toString());
            job.put("runner_id", 7000 + jobId % 10);
            job.put("runner_name", "runner-" + jobId % 10);
            job.put("runner_group_id", 1);
            job.put("runner_group_name", "Default");
        } else {
            job.putNull("started_at");
            job.putNull("runner_id");
            job.putNull("runner_name");
            job.putNull("runner_group_id");
            job.putNull("runner_group_name");
        }
        if (status == JobStatus.COMPLETED) {
            job.put("conclusion", "success");
            job.put("completed_at", CREATED.plusSeconds(90).toString());
        } else {
            job.putNull("conclusion");
            job.putNull("completed_at");
        }
        payload.putObject("repository").put("full_name", REPOSITORY).put("id", 42);
        payload.putObject("organization").put("login", "octo-org");
        payload.putObject("installation").put("id", 99);
        payload.putObject("sender").put("login", "octocat");
        return payload;
    }
}
