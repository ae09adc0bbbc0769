package dev.recordmetric.jobevents;

import static dev.recordmetric.jobevents.JobStatus.COMPLETED;
import static dev.recordmetric.jobevents.JobStatus.IN_PROGRESS;
import static dev.recordmetric.jobevents.JobStatus.QUEUED;
import static dev.recordmetric.jobevents.JobStatus.WAITING;
import static dev.recordmetric.jobevents.WorkflowJobPayloads.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The one write rule and the ledger's reads, against moto's DynamoDB. */
class JobLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");

    private final JobLedger ledger = LedgerTables.ledger();

    @Test
    void record_whenTheSameDeliveryComesTwice_changesNothing() {
        assertThat(ledger.record(job(1, QUEUED), "guid-1", "queued", NOW)).isEqualTo(RecordOutcome.RECORDED);

        assertThat(ledger.record(job(1, QUEUED), "guid-1", "queued", NOW.plusSeconds(10))).isEqualTo(RecordOutcome.UNCHANGED);
        assertThat(ledger.record(job(1, QUEUED), "guid-1b", "queued", NOW.plusSeconds(20))).isEqualTo(RecordOutcome.UNCHANGED);

        LedgerEntry entry = ledger.get(1).orElseThrow();
        assertThat(entry.lastDelivery()).isEqualTo("guid-1");
        assertThat(entry.recordedAt()).isEqualTo(NOW);
    }

    static Stream<Arguments> orderedPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (JobStatus first : JobStatus.values()) {
            for (JobStatus second : JobStatus.values()) {
                pairs.add(Arguments.of(first, second));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("orderedPairs")
    void record_ofTwoActionsInEitherOrder_keepsTheHigherOnesDelivery(JobStatus first, JobStatus second) {
        LedgerJob firstJob = job(7, first);
        LedgerJob secondJob = job(7, second);

        assertThat(ledger.record(firstJob, "first", first.wire(), NOW)).isEqualTo(RecordOutcome.RECORDED);
        RecordOutcome outcome = ledger.record(secondJob, "second", second.wire(), NOW.plusSeconds(1));

        boolean secondWins = second.rank() > first.rank();
        assertThat(outcome).isEqualTo(secondWins ? RecordOutcome.RECORDED : RecordOutcome.UNCHANGED);
        LedgerEntry entry = ledger.get(7).orElseThrow();
        assertThat(entry.job()).isEqualTo(secondWins ? secondJob : firstJob);
        assertThat(entry.lastDelivery()).isEqualTo(secondWins ? "second" : "first");
        assertThat(entry.lastAction()).isEqualTo((secondWins ? second : first).wire());
        assertThat(entry.openStatus()).isEqualTo(entry.job().status().open() ? entry.job().status().wire() : null);
    }

    @Test
    void waiting_isNotQueued_untilTheQueuedDeliveryComes() {
        ledger.record(job(3, WAITING), "w", "waiting", NOW);

        assertThat(ledger.openJobs(QUEUED)).isEmpty();
        assertThat(ledger.openJobs(WAITING)).extracting(e -> e.job().jobId()).containsExactly(3L);

        assertThat(ledger.record(job(3, QUEUED), "q", "queued", NOW.plusSeconds(5))).isEqualTo(RecordOutcome.RECORDED);
        assertThat(ledger.openJobs(WAITING)).isEmpty();
        assertThat(ledger.openJobs(QUEUED)).extracting(e -> e.job().jobId()).containsExactly(3L);
    }

    @Test
    void record_setsTheTimeToLive_openAfterTheWrite_completedAfterCompletion() {
        ledger.record(job(4, QUEUED), "q", "queued", NOW);
        assertThat(ledger.get(4).orElseThrow().expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));

        ledger.record(job(4, COMPLETED), "c", "completed", NOW.plusSeconds(600));
        Instant completedAt = Instant.parse(job(4, COMPLETED).completedAt());
        assertThat(ledger.get(4).orElseThrow().expiresAt()).isEqualTo(completedAt.plus(Duration.ofHours(24)));

        var ttl = LedgerTables.dynamoDb().describeTimeToLive(b -> b.tableName(ledger.table())).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expires_at");
        assertThat(ttl.timeToLiveStatusAsString()).isEqualTo("ENABLED");
    }

    @Test
    void record_usesTheConfiguredRetentions() {
        JobLedger shortLived = new JobLedger(LedgerTables.dynamoDb(), ledger.table(),
                new LedgerRetention(Duration.ofHours(2), Duration.ofHours(5)));
        shortLived.record(job(5, IN_PROGRESS), "p", "in_progress", NOW);
        shortLived.record(job(6, COMPLETED), "c", "completed", NOW);

        assertThat(ledger.get(5).orElseThrow().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(5)));
        assertThat(ledger.get(6).orElseThrow().expiresAt())
                .isEqualTo(Instant.parse(job(6, COMPLETED).completedAt()).plus(Duration.ofHours(2)));
    }

    @Test
    void completion_removesOpenStatus_soTheJobLeavesTheOpenJobsIndex() {
        ledger.record(job(8, IN_PROGRESS), "p", "in_progress", NOW);
        assertThat(rawItem(8)).containsKey("open_status");

        ledger.record(job(8, COMPLETED), "c", "completed", NOW.plusSeconds(60));

        assertThat(rawItem(8)).doesNotContainKey("open_status").containsEntry("status", AttributeValue.fromS("completed"));
        assertThat(ledger.openJobs(IN_PROGRESS)).isEmpty();
        assertThat(ledger.staleOpenJobs(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void staleOpenJobs_returnsOpenJobsCheckedBeforeTheTime_leastRecentFirst_upToTheLimit() {
        ledger.record(job(10, QUEUED), "a", "queued", NOW.minusSeconds(900));
        ledger.record(job(11, IN_PROGRESS), "b", "in_progress", NOW.minusSeconds(1200));
        ledger.record(job(12, WAITING), "c", "waiting", NOW.minusSeconds(700));
        ledger.record(job(13, QUEUED), "d", "queued", NOW.minusSeconds(60));
        ledger.record(job(14, COMPLETED), "e", "completed", NOW.minusSeconds(5000));

        Instant before = NOW.minusSeconds(600);
        assertThat(ledger.staleOpenJobs(before, 10)).extracting(e -> e.job().jobId()).containsExactly(11L, 10L, 12L);
        assertThat(ledger.staleOpenJobs(before, 2)).extracting(e -> e.job().jobId()).containsExactly(11L, 10L);

        assertThat(ledger.markChecked(11, IN_PROGRESS, NOW, "\"etag-11\"")).isTrue();
        assertThat(ledger.staleOpenJobs(before, 10)).extracting(e -> e.job().jobId()).containsExactly(10L, 12L);
        assertThat(ledger.get(11).orElseThrow().checkedAt()).isEqualTo(NOW);
        assertThat(ledger.get(11).orElseThrow().etag()).isEqualTo("\"etag-11\"");
    }

    @Test
    void markChecked_whenTheLedgerMovedOn_changesNothing() {
        ledger.record(job(20, IN_PROGRESS), "p", "in_progress", NOW.minusSeconds(900));

        assertThat(ledger.markChecked(20, QUEUED, NOW, null)).isFalse();
        assertThat(ledger.markChecked(21, QUEUED, NOW, null)).isFalse();

        assertThat(ledger.get(20).orElseThrow().checkedAt()).isEqualTo(NOW.minusSeconds(900));
        assertThat(ledger.get(21)).isEmpty();
    }

    @Test
    void openJobs_readsEveryPage_ofThatStatusOnly() {
        int queued = 2 * JobLedger.OPEN_JOBS_PAGE + 50;
        for (int id = 100; id < 100 + queued; id++) {
            ledger.record(job(id, QUEUED), "q" + id, "queued", NOW);
        }
        ledger.record(job(99, IN_PROGRESS), "p", "in_progress", NOW);

        assertThat(ledger.openJobs(QUEUED)).hasSize(queued).allSatisfy(e -> assertThat(e.job().status()).isEqualTo(QUEUED));
    }

    /**
     * Each job's four actions, four copies each, written by 16 threads released at once (a barrier),
     * in a random order: the writes race on one item, as a burst of deliveries of one job does.
     */
    @Test
    void record_underConcurrentDeliveriesInRandomOrder_endsAtTheHighestStatus() throws Exception {
        int jobs = 40;
        int writers = 16;
        Random random = new Random(19);
        try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            for (long id = 1000; id < 1000 + jobs; id++) {
                List<JobStatus> statuses = new ArrayList<>();
                for (int copy = 0; copy < writers / 4; copy++) {
                    statuses.addAll(List.of(JobStatus.values()));
                }
                Collections.shuffle(statuses, random);
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<RecordOutcome>> done = new ArrayList<>();
                long jobId = id;
                for (JobStatus status : statuses) {
                    done.add(threads.submit(() -> {
                        start.await();
                        return ledger.record(job(jobId, status), "guid-" + jobId + "-" + status.wire(), status.wire(), NOW);
                    }));
                }
                for (Future<RecordOutcome> write : done) {
                    write.get();
                }
            }
        }

        for (long id = 1000; id < 1000 + jobs; id++) {
            LedgerEntry entry = ledger.get(id).orElseThrow();
            assertThat(entry.job()).isEqualTo(job(id, COMPLETED));
            assertThat(entry.lastDelivery()).isEqualTo("guid-" + id + "-completed");
        }
    }

    private Map<String, AttributeValue> rawItem(long jobId) {
        return LedgerTables.dynamoDb().getItem(b -> b.tableName(ledger.table())
                .key(Map.of("pk", AttributeValue.fromS("job#" + jobId))).consistentRead(true)).item();
    }
}
