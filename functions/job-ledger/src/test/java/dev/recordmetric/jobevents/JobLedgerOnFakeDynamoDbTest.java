package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real {@link JobLedger} on moto's DynamoDB and on the in-process {@code FakeDynamoDb} (what
 * {@code record-metric run} uses without moto): the same deliveries, in the same shuffled order with
 * duplicates, give the same outcomes, the same answers to the indexes' queries (open-jobs, job-starts) and
 * the same items.
 */
class JobLedgerOnFakeDynamoDbTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");

    @Test
    void sameDeliveries_onMotoAndOnTheFake_sameOutcomesQueriesAndItems() {
        String motoTable = LedgerTables.create();
        List<String> onMoto = play(new JobLedger(LedgerTables.dynamoDb(), motoTable, LedgerRetention.DEFAULT));
        Map<String, String> motoItems = items(LedgerTables.dynamoDb(), motoTable);

        try (FakeAws aws = FakeAws.start();
                DynamoDbClient fake = DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(Region.EU_WEST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(aws.credentials()))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            LedgerTableSchema.create(fake, "job-ledger");
            List<String> onFake = play(new JobLedger(fake, "job-ledger", LedgerRetention.DEFAULT));

            assertThat(onFake).containsExactlyElementsOf(onMoto);
            assertThat(items(fake, "job-ledger")).containsExactlyEntriesOf(motoItems);
        }
        // The 20 in progress and the 20 completed (ids 111 to 150) started at 10:00:30.
        assertThat(onMoto).contains("open queued: 110", "open in_progress: 20", "started since 10:00:31: 0",
                "started since 10:00:30: " + LongStream.rangeClosed(111, 150).boxed().toList());
        assertThat(motoItems).hasSize(150);
    }

    /** 150 jobs: 110 left queued, 20 in progress, 20 completed; every delivery once or twice, shuffled. */
    private static List<String> play(JobLedger ledger) {
        List<String> outcomes = new ArrayList<>();
        List<long[]> deliveries = new ArrayList<>();
        for (long id = 1; id <= 150; id++) {
            int highest = id <= 110 ? 1 : id <= 130 ? 2 : 3;
            for (int rank = 1; rank <= highest; rank++) {
                deliveries.add(new long[] {id, rank});
                if ((id + rank) % 4 == 0) {
                    deliveries.add(new long[] {id, rank});
                }
            }
        }
        java.util.Collections.shuffle(deliveries, new Random(19));
        int at = 0;
        for (long[] delivery : deliveries) {
            JobStatus status = JobStatus.values()[(int) delivery[1]];
            RecordOutcome outcome = ledger.record(WorkflowJobPayloads.job(delivery[0], status), "d-" + delivery[0] + "-" + delivery[1],
                    status.wire(), NOW.plusSeconds(at++ % 60));
            outcomes.add(delivery[0] + " " + status.wire() + " " + outcome);
        }
        outcomes.add("checked 5 queued: " + ledger.markChecked(5, JobStatus.QUEUED, NOW.plusSeconds(600), "\"etag-5\""));
        outcomes.add("checked 140 as queued: " + ledger.markChecked(140, JobStatus.QUEUED, NOW.plusSeconds(600), null));
        outcomes.add("stale: " + ledger.staleOpenJobs(NOW.plusSeconds(30), 7).stream().map(e -> e.job().jobId() + "@" + e.checkedAt())
                .toList());
        outcomes.add("open queued: " + ledger.openJobs(JobStatus.QUEUED).size());
        outcomes.add("open in_progress: " + ledger.openJobs(JobStatus.IN_PROGRESS).size());
        outcomes.add("started since 10:00:30: " + ledger.startedSince(WorkflowJobPayloads.CREATED.plusSeconds(30), NOW).stream()
                .map(e -> e.job().jobId()).sorted().toList());
        outcomes.add("started since 10:00:31: " + ledger.startedSince(WorkflowJobPayloads.CREATED.plusSeconds(31), NOW).size());
        outcomes.add("get 5: " + ledger.get(5).map(e -> e.job().status() + " " + e.etag() + " " + e.checkedAt()).orElse("none"));
        outcomes.add("get 999: " + ledger.get(999).isPresent());
        return outcomes;
    }

    private static Map<String, String> items(DynamoDbClient dynamoDb, String table) {
        Map<String, String> items = new TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).limit(40)).items()
                .forEach(item -> items.put(item.get(LedgerTableSchema.PK).s(), new TreeMap<>(item).toString()));
        return items;
    }
}
