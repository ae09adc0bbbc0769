package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerJobTest {

    @Test
    void fromWebhook_readsTheDocumentedFields() {
        LedgerJob job = LedgerJob.fromWebhook(WorkflowJobPayloads.body(9, JobStatus.IN_PROGRESS));

        assertThat(job.jobId()).isEqualTo(9);
        assertThat(job.runId()).isEqualTo(1_000_003);
        assertThat(job.repository()).isEqualTo("octo-org/octo-repo");
        assertThat(job.labels()).containsExactly("self-hosted", "linux", "x64");
        assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(job.runnerName()).isEqualTo("runner-9");
        assertThat(job.runnerGroupName()).isEqualTo("Default");
        assertThat(job.startedAt()).isEqualTo("2026-12-07T10:00:30Z");
        assertThat(job.completedAt()).isNull();
        assertThat(job.installationId()).isEqualTo(99);
    }

    @Test
    void fromWebhook_whenQueued_hasNoRunner() {
        LedgerJob job = LedgerJob.fromWebhook(WorkflowJobPayloads.body(9, JobStatus.QUEUED));

        assertThat(job.runnerId()).isNull();
        assertThat(job.runnerName()).isNull();
        assertThat(job.runnerGroupId()).isNull();
        assertThat(job.conclusion()).isNull();
    }

    @Test
    void fromWebhook_withoutStatus_takesTheAction_andWithoutInstallation_hasNone() {
        ObjectNode payload = WorkflowJobPayloads.json(9, JobStatus.WAITING);
        ((ObjectNode) payload.get("workflow_job")).remove("status");
        payload.remove("installation");

        LedgerJob job = LedgerJob.fromWebhook(payload);

        assertThat(job.status()).isEqualTo(JobStatus.WAITING);
        assertThat(job.installationId()).isNull();
    }

    @Test
    void fromWebhook_namesWhatIsWrong_neverQuotingTheBody() {
        assertThatThrownBy(() -> LedgerJob.fromWebhook("{\"secret\": tru".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("the body is not JSON");
        assertThatThrownBy(() -> LedgerJob.fromWebhook("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the body is not a JSON object");

        ObjectNode noId = WorkflowJobPayloads.json(9, JobStatus.QUEUED);
        ((ObjectNode) noId.get("workflow_job")).remove("id");
        assertThatThrownBy(() -> LedgerJob.fromWebhook(noId)).hasMessage("workflow_job.id is missing");

        ObjectNode badStatus = WorkflowJobPayloads.json(9, JobStatus.QUEUED);
        ((ObjectNode) badStatus.get("workflow_job")).put("status", "sleeping-xyz");
        assertThatThrownBy(() -> LedgerJob.fromWebhook(badStatus)).hasMessageStartingWith("workflow_job.status: 'sleeping-xyz'");

        ObjectNode noRepository = WorkflowJobPayloads.json(9, JobStatus.QUEUED);
        noRepository.remove("repository");
        assertThatThrownBy(() -> LedgerJob.fromWebhook(noRepository)).hasMessage("repository.full_name is missing");

        ObjectNode labels = WorkflowJobPayloads.json(9, JobStatus.QUEUED);
        ((ObjectNode) labels.get("workflow_job")).put("labels", "linux");
        assertThatThrownBy(() -> LedgerJob.fromWebhook(labels)).hasMessage("workflow_job.labels is not an array");
    }

    @Test
    void fromRestJob_readsGitHubsJobAnswer_pendingAsWaiting() {
        ObjectNode job = (ObjectNode) WorkflowJobPayloads.json(5, JobStatus.QUEUED).get("workflow_job");
        job.put("status", "pending");

        LedgerJob parsed = LedgerJob.fromRestJob(job, "octo-org/other", null);

        assertThat(parsed.status()).isEqualTo(JobStatus.WAITING);
        assertThat(parsed.repository()).isEqualTo("octo-org/other");
    }

    @Test
    void closedAsUnknown_completesTheJob() {
        LedgerJob closed = WorkflowJobPayloads.job(5, JobStatus.IN_PROGRESS).closedAsUnknown(Instant.parse("2026-12-07T12:00:00Z"));

        assertThat(closed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(closed.conclusion()).isEqualTo("unknown");
        assertThat(closed.completedAt()).isEqualTo("2026-12-07T12:00:00Z");
        assertThat(closed.labels()).isEqualTo(List.of("self-hosted", "linux", "x64"));
    }

    @Test
    void jobStatus_ranksInGitHubsOrder() {
        assertThat(List.of(JobStatus.values())).extracting(JobStatus::rank).containsExactly(0, 1, 2, 3);
        assertThat(JobStatus.of("in_progress")).contains(JobStatus.IN_PROGRESS);
        assertThat(JobStatus.of("requested")).isEmpty();
    }
}
