package dev.recordmetric.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.WebhookSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * GitHub's {@code workflow_job} deliveries as HTTP requests: the documented payload (GitHub docs,
 * "Webhook events and payloads", workflow_job: runner fields null until in progress) and headers
 * (X-GitHub-Event, X-GitHub-Delivery, X-Hub-Signature-256 over the exact body bytes).
 */
final class WebhookDeliveries {

    static final String REPOSITORY = "acme/widgets";
    private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

    private WebhookDeliveries() {
    }

    static byte[] body(long jobId, JobStatus status) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("action", status.wire());
        ObjectNode job = payload.putObject("workflow_job");
        job.put("id", jobId).put("run_id", 5000 + jobId / 4).put("run_attempt", 1).put("workflow_name", "CI")
                .put("name", "job " + jobId).put("head_branch", "main").put("status", status.wire());
        job.putArray("labels").add("self-hosted").add("linux").add(jobId % 2 == 0 ? "x64" : "arm64");
        job.put("created_at", CREATED.toString());
        boolean started = status.rank() >= JobStatus.IN_PROGRESS.rank();
        job.put("started_at", started ? CREATED.plusSeconds(20).toString() : null);
        job.put("runner_id", started ? (Long) (100 + jobId % 7) : null);
        job.put("runner_name", started ? "runner-" + jobId % 7 : null);
        job.put("runner_group_id", started ? (Long) 1L : null);
        job.put("runner_group_name", started ? "Default" : null);
        boolean completed = status == JobStatus.COMPLETED;
        job.put("conclusion", completed ? "success" : null);
        job.put("completed_at", completed ? CREATED.plusSeconds(80).toString() : null);
        payload.putObject("repository").put("full_name", REPOSITORY);
        payload.putObject("organization").put("login", "acme");
        payload.putObject("sender").put("login", "octocat");
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A POST of {@code body} as GitHub sends it, signed with {@code secret} (unsigned when null). */
    static HttpRequest request(URI url, String event, String delivery, byte[] body, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/044aadd")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Hook-ID", "4242")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Hub-Signature-256", WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), body));
        }
        return request.build();
    }
}
