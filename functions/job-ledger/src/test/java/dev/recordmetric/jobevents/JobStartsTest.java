package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The sparse job-starts index (started_hour / started_at) against moto's DynamoDB. */
class JobStartsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T18:05:00Z");

    private final JobLedger ledger = LedgerTables.ledger();

    @Test
    void record_writesStartedHour_whenStartedAtIsKnown_only() {
        ledger.record(job(1, JobStatus.QUEUED, null, null), "d-1", "queued", NOW);
        ledger.record(job(2, JobStatus.IN_PROGRESS, "2026-12-07T17:59:58Z", null), "d-2", "in_progress", NOW);
        ledger.record(job(3, JobStatus.COMPLETED, "2026-12-07T18:01:00Z", "2026-12-07T18:02:00Z"), "d-3", "completed", NOW);

        assertThat(item(1)).doesNotContainKey("started_hour");
        assertThat(item(2).get("started_hour")).isEqualTo(AttributeValue.fromS("2026-12-07T17"));
        assertThat(item(3).get("started_hour")).isEqualTo(AttributeValue.fromS("2026-12-07T18"));
    }

    @Test
    void startedSince_findsTheJobsStartedFromThatSecondOn_acrossHours_whateverTheirStatusNow() {
        ledger.record(job(10, JobStatus.QUEUED, null, null), "d-10", "queued", NOW);
        ledger.record(job(11, JobStatus.COMPLETED, "2026-12-07T17:49:59Z", "2026-12-07T17:55:00Z"), "d-11", "completed", NOW);
        ledger.record(job(12, JobStatus.COMPLETED, "2026-12-07T17:50:00Z", "2026-12-07T17:51:00Z"), "d-12", "completed", NOW);
        ledger.record(job(13, JobStatus.IN_PROGRESS, "2026-12-07T17:59:59Z", null), "d-13", "in_progress", NOW);
        ledger.record(job(14, JobStatus.COMPLETED, "2026-12-07T18:04:30Z", "2026-12-07T18:04:50Z"), "d-14", "completed", NOW);
        ledger.record(job(15, JobStatus.COMPLETED, "2026-12-07T16:55:00Z", "2026-12-07T16:58:00Z"), "d-15", "completed", NOW);

        List<LedgerEntry> started = ledger.startedSince(Instant.parse("2026-12-07T17:50:00Z"), NOW);

        assertThat(started).extracting(entry -> entry.job().jobId()).containsExactlyInAnyOrder(12L, 13L, 14L);
    }

    private Map<String, AttributeValue> item(long jobId) {
        return LedgerTables.dynamoDb().getItem(b -> b.tableName(ledger.table())
                .key(Map.of(LedgerTableSchema.PK, AttributeValue.fromS(LedgerTableSchema.jobKey(jobId))))).item();
    }

    private static LedgerJob job(long id, JobStatus status, String startedAt, String completedAt) {
        return new LedgerJob(id, 500 + id, 1, "acme/app", "ci", "build", "main", List.of("self-hosted"), status,
                completedAt == null ? null : "success", "2026-12-07T16:50:00Z", startedAt, completedAt,
                startedAt == null ? null : 7L, startedAt == null ? null : "small-1", null, null, null);
    }
}
