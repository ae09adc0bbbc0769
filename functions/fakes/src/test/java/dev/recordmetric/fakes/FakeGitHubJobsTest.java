package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /repos/{owner}/{repo}/actions/jobs/{job_id}} against {@link FakeJobs}' truth. */
class FakeGitHubJobsTest {

    private static final String PAT = "ghp_jobsreader";
    private static final String NO_REPO_SCOPE = "ghp_noreposcope";
    private static final String FINE_GRAINED = "github_pat_actionsread";
    private static final String FINE_GRAINED_NO_ACTIONS = "github_pat_noactions";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private FakeGitHub github;

    @BeforeEach
    void start() {
        github = FakeGitHub.start().clock(clock)
                .acceptToken(PAT, "repo")
                .acceptToken(NO_REPO_SCOPE, "admin:org")
                .acceptFineGrainedToken(FINE_GRAINED, "acme", Map.of("actions", "read"))
                .acceptFineGrainedToken(FINE_GRAINED_NO_ACTIONS, "acme", Map.of("organization_self_hosted_runners", "read"));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private String url(FakeJob job) {
        return github.baseUrl() + "/repos/" + job.repository() + "/actions/jobs/" + job.id();
    }

    @Test
    void getJob_answersGitHubsJobObject() throws Exception {
        FakeJob queued = github.jobs().queue("acme/web", List.of("self-hosted", "linux"));
        clock.advance(java.time.Duration.ofSeconds(30));
        github.jobs().start(queued.id(), 42, "runner-42", 3, "linux-pool");

        HttpResponse<String> response = TestHttp.get(url(queued), "Bearer " + PAT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode job = Json.MAPPER.readTree(response.body());
        assertThat(job.get("id").asLong()).isEqualTo(queued.id());
        assertThat(job.get("run_id").asLong()).isEqualTo(queued.runId());
        assertThat(job.get("status").asText()).isEqualTo("in_progress");
        assertThat(job.get("conclusion").isNull()).isTrue();
        assertThat(job.get("labels")).extracting(JsonNode::asText).containsExactly("self-hosted", "linux");
        assertThat(job.get("runner_id").asLong()).isEqualTo(42);
        assertThat(job.get("runner_name").asText()).isEqualTo("runner-42");
        assertThat(job.get("runner_group_id").asLong()).isEqualTo(3);
        assertThat(job.get("runner_group_name").asText()).isEqualTo("linux-pool");
        assertThat(job.get("created_at").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(job.get("started_at").asText()).isEqualTo("2026-12-07T10:00:30Z");
        assertThat(job.get("completed_at").isNull()).isTrue();
        assertThat(job.get("url").asText()).isEqualTo(url(queued));
        for (String field : List.of("run_url", "run_attempt", "node_id", "head_sha", "html_url", "name", "steps",
                "check_run_url", "workflow_name", "head_branch")) {
            assertThat(job.has(field)).as(field).isTrue();
        }
    }

    @Test
    void getJob_withTheETag_answers304UntilTheJobChanges() {
        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted"));
        HttpResponse<String> first = TestHttp.get(url(job), "Bearer " + PAT);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> unchanged = TestHttp.send(TestHttp.request(url(job), "Bearer " + PAT)
                .header("If-None-Match", etag).GET().build());
        github.jobs().start(job.id(), 1, "r1", 1, "Default");
        HttpResponse<String> changed = TestHttp.send(TestHttp.request(url(job), "Bearer " + PAT)
                .header("If-None-Match", etag).GET().build());

        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(github.notModifiedCount()).isEqualTo(1);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void getJob_whenGitHubDoesNotKnowTheJob_answers404() {
        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted"));
        github.jobs().forget(job.id());

        assertThat(TestHttp.get(url(job), "Bearer " + PAT).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(github.baseUrl() + "/repos/acme/web/actions/jobs/1", "Bearer " + PAT).statusCode()).isEqualTo(404);
    }

    @Test
    void getJob_ofAnotherRepository_answers404() {
        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted"));

        assertThat(TestHttp.get(github.baseUrl() + "/repos/acme/api/actions/jobs/" + job.id(), "Bearer " + PAT).statusCode())
                .isEqualTo(404);
    }

    @Test
    void getJob_needsRepoScopeOrActionsRead() {
        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted"));

        assertThat(TestHttp.get(url(job), "Bearer " + FINE_GRAINED).statusCode()).isEqualTo(200);
        assertThat(TestHttp.get(url(job), "Bearer " + NO_REPO_SCOPE).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(url(job), "Bearer " + FINE_GRAINED_NO_ACTIONS).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(url(job), "Bearer ghp_unknown").statusCode()).isEqualTo(401);
        assertThat(TestHttp.get(url(job), null).statusCode()).isEqualTo(401);
    }

    @Test
    void jobs_completeKeepsTheRunnerAndSetsTheConclusion() {
        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted"));
        github.jobs().start(job.id(), 7, "r7", 1, "Default");
        clock.advance(java.time.Duration.ofMinutes(3));

        FakeJob done = github.jobs().complete(job.id(), "success");

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.conclusion()).isEqualTo("success");
        assertThat(done.runnerName()).isEqualTo("r7");
        assertThat(done.completedAt()).isEqualTo(Instant.parse("2026-12-07T10:03:00Z"));
        assertThat(github.jobs().job(job.id())).hasValue(done);
    }
}
