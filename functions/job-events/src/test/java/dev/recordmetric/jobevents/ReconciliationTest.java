package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.Fault;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile repair: stale open jobs read from the fake GitHub and corrected in moto's ledger. */
class ReconciliationTest {

    private static final Duration STALE = Duration.ofSeconds(601);

    private final RepairFixture world = new RepairFixture();
    private FakeHook hook;
    private RepairJobLedgerHandler handler;

    ReconciliationTest() throws IOException {
    }

    @BeforeEach
    void start() {
        hook = world.github.organizationHook("acme", RepairFixture.HOOK_ID, world.receiverUrl(), RepairFixture.SECRET);
        handler = world.handler(world.env(""));
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private JsonNode reconcile() throws IOException {
        return world.invoke(handler, "reconcile", RepairFixture.PAT, null, null);
    }

    private FakeJob queued() {
        return world.github.jobs().queue("acme/web", List.of("self-hosted", "linux"));
    }

    @Test
    void reconcile_whenTheLedgerMissedTheStartAndTheEnd_writesGitHubsCompletedJob() throws IOException {
        FakeJob job = queued();
        hook.dropping(1.0, 1);
        world.github.jobs().start(job.id(), 12, "runner-12", 2, "linux");
        FakeJob done = world.github.jobs().complete(job.id(), "failure");
        world.clock.advance(STALE);

        JsonNode output = reconcile();

        assertThat(output.path("jobsChecked").asInt()).isEqualTo(1);
        assertThat(output.path("jobsCorrected").asInt()).isEqualTo(1);
        LedgerEntry entry = world.ledger.get(job.id()).orElseThrow();
        assertThat(entry.job().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(entry.job().conclusion()).isEqualTo("failure");
        assertThat(entry.job().runnerName()).isEqualTo("runner-12");
        assertThat(entry.job().runnerGroupId()).isEqualTo(2);
        assertThat(entry.job().completedAt()).isEqualTo(done.completedAt().toString());
        assertThat(entry.lastDelivery()).isEqualTo("reconciliation");
        assertThat(entry.openStatus()).isNull();
    }

    @Test
    void reconcile_whenGitHubNoLongerKnowsTheJob_closesIt() throws IOException {
        FakeJob job = queued();
        world.github.jobs().forget(job.id());
        world.clock.advance(STALE);

        JsonNode output = reconcile();

        assertThat(output.path("jobsClosed").asInt()).isEqualTo(1);
        LedgerEntry entry = world.ledger.get(job.id()).orElseThrow();
        assertThat(entry.job().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(entry.job().conclusion()).isEqualTo("unknown");
        assertThat(world.ledger.staleOpenJobs(world.clock.instant(), 10)).isEmpty();
    }

    @Test
    void reconcile_whenNothingChanged_marksTheJobChecked_andTheSecondLookIsA304() throws IOException {
        FakeJob job = queued();
        world.clock.advance(STALE);

        JsonNode first = reconcile();
        LedgerEntry afterFirst = world.ledger.get(job.id()).orElseThrow();
        JsonNode tooSoon = reconcile();
        world.clock.advance(STALE);
        JsonNode second = reconcile();

        assertThat(first.path("jobsChecked").asInt()).isEqualTo(1);
        assertThat(first.path("jobsCorrected").asInt()).isZero();
        assertThat(afterFirst.checkedAt()).isEqualTo(world.clock.instant().minus(STALE));
        assertThat(afterFirst.etag()).isNotBlank();
        assertThat(afterFirst.job().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(tooSoon.path("jobsChecked").asInt()).as("checked a moment ago: not stale").isZero();
        assertThat(second.path("notModified").asInt()).isEqualTo(1);
        assertThat(world.github.notModifiedCount()).isEqualTo(1);
        assertThat(world.github.requests().getLast().header("If-None-Match")).hasValue(afterFirst.etag());
        assertThat(world.ledger.get(job.id()).orElseThrow().checkedAt()).isEqualTo(world.clock.instant());
    }

    @Test
    void reconcile_readsAtMostItsBoundARun_leastRecentlyCheckedFirst() throws IOException {
        List<FakeJob> jobs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            jobs.add(queued());
            world.clock.advance(Duration.ofSeconds(1));
        }
        world.clock.advance(STALE);
        Map<String, String> env = world.env("");
        env.put("RECONCILIATIONS_PER_RUN", "10");
        handler = world.handler(env);
        world.github.resetRequests();

        JsonNode output = reconcile();

        assertThat(output.path("jobsChecked").asInt()).isEqualTo(10);
        assertThat(world.github.requests()).hasSize(10);
        assertThat(world.github.requests()).extracting(request -> request.path().substring(request.path().lastIndexOf('/') + 1))
                .containsExactlyInAnyOrderElementsOf(jobs.subList(0, 10).stream().map(job -> Long.toString(job.id())).toList());
    }

    @Test
    void reconcile_whenRateLimited_answersTheWait() throws IOException {
        queued();
        world.clock.advance(STALE);
        world.github.faults().next(Fault.primaryRateLimit(Duration.ofSeconds(15)));

        JsonNode output = reconcile();

        assertThat(output.path("rateLimit").path("waitSeconds").asLong()).isBetween(15L, 17L);
        assertThat(output.path("rateLimit").path("error").asText()).endsWith("RateLimitExhaustedException");
    }

    @Test
    void reconcile_publishesBothRepairsDatapoints() throws IOException {
        FakeJob job = queued();
        hook.dropping(1.0, 1);
        world.github.jobs().start(job.id(), 1, "r1", 1, "Default");
        world.clock.advance(STALE);
        JsonNode redelivery = dev.recordmetric.common.Json.MAPPER.createObjectNode()
                .put("redeliveriesRequested", 3).put("failedDeliveries", 4);

        JsonNode output = world.invoke(handler, "reconcile", RepairFixture.PAT, null, redelivery);

        Map<String, Long> values = new java.util.HashMap<>();
        output.path("metricData").forEach(datum -> {
            assertThat(datum.path("Dimensions").get(0).path("Name").asText()).isEqualTo("state_machine");
            assertThat(datum.path("Dimensions").get(0).path("Value").asText()).isEqualTo("repair-job-ledger");
            assertThat(datum.path("Unit").asText()).isEqualTo("Count");
            values.put(datum.path("MetricName").asText(), datum.path("Value").asLong());
        });
        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("RedeliveriesRequested", 3L, "FailedDeliveries", 4L,
                "JobsCorrected", 1L, "JobsClosed", 0L, "StaleJobsChecked", 1L));
    }
}
