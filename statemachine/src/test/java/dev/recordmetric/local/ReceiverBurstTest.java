package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerEntry;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import dev.recordmetric.jobevents.ReceiveJobEventsHandler;
import dev.recordmetric.jobevents.ReceiverConfig;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The burst: 1,000 signed deliveries of random jobs, each job's actions in a random order and
 * some delivered twice, POSTed over HTTP to the receiver's function URL with 50 in flight; the
 * ledger (moto's DynamoDB) then holds every job at its highest status, with that delivery's fields.
 */
class ReceiverBurstTest {

    private static final String SECRET = "burst-secret-91c2";
    private static final int DELIVERIES = 1000;
    private static final int IN_FLIGHT = 50;

    private record Delivery(long jobId, JobStatus status, String guid) {}

    @Test
    void burstOf1000Deliveries_50InFlight_leavesEveryJobAtItsHighestStatus() throws Exception {
        DynamoDbClient dynamoDb = MotoProcess.shared().client(DynamoDbClient.builder());
        String table = "job-ledger-burst-" + UUID.randomUUID();
        LedgerTableSchema.create(dynamoDb, table);
        List<Delivery> deliveries = deliveries(new Random(1000));
        assertThat(deliveries).hasSize(DELIVERIES);

        Map<Long, Delivery> expected = new HashMap<>();
        for (Delivery d : deliveries) {
            expected.merge(d.jobId(), d, (a, b) -> b.status().rank() > a.status().rank() ? b : a);
        }

        try (FakeAws aws = FakeAws.start();
                FakeAwsClients clients = new FakeAwsClients(aws);
                LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start(FakeAws.REGION, FakeAws.ACCOUNT);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String arn = aws.putSecret("webhook-secret", SECRET);
            endpoint.register("receive-job-events", new ReceiveJobEventsHandler(
                    new ReceiverConfig(arn, table, LedgerRetention.DEFAULT), clients.secretsManager(), dynamoDb, Clock.systemUTC()));
            try (FunctionUrlServer url = FunctionUrlServer.start(endpoint, "receive-job-events")) {
                Semaphore slots = new Semaphore(IN_FLIGHT);
                Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
                List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
                for (Delivery d : deliveries) {
                    slots.acquire();
                    sent.add(http.sendAsync(WebhookDeliveries.request(url.uri(), "workflow_job", d.guid(),
                                    WebhookDeliveries.body(d.jobId(), d.status()), SECRET), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, error) -> slots.release()));
                }
                for (CompletableFuture<HttpResponse<String>> response : sent) {
                    statuses.merge(response.get().statusCode(), 1, Integer::sum);
                }
                assertThat(statuses).containsExactly(Map.entry(200, DELIVERIES));
                System.out.printf("burst: %d deliveries, at most %d invocations at once%n", DELIVERIES,
                        maxOverlap(endpoint.invocations("receive-job-events")));
            }
        }

        JobLedger ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
        for (Delivery highest : expected.values()) {
            LedgerEntry entry = ledger.get(highest.jobId()).orElseThrow(() -> new AssertionError("job " + highest.jobId() + " lost"));
            assertThat(entry.job().status()).as("job %d", highest.jobId()).isEqualTo(highest.status());
            assertThat(entry.lastDelivery()).as("job %d", highest.jobId()).isEqualTo(highest.guid());
            assertThat(entry.job().runnerName()).isEqualTo(highest.status().rank() >= JobStatus.IN_PROGRESS.rank()
                    ? "runner-" + highest.jobId() % 7 : null);
        }
        long items = dynamoDb.scanPaginator(b -> b.tableName(table)).items().stream().count();
        assertThat(items).isEqualTo(expected.size());
    }

    /**
     * Jobs whose lives end anywhere (some wait for an approval first), until 1,000 deliveries: each
     * action once, one in ten sent again with its GUID (GitHub's redelivery keeps it), then the whole
     * list shuffled.
     */
    private static List<Delivery> deliveries(Random random) {
        List<Delivery> all = new ArrayList<>();
        long jobId = 9_000_000_000L;
        while (all.size() < DELIVERIES) {
            jobId++;
            JobStatus first = random.nextInt(5) == 0 ? JobStatus.WAITING : JobStatus.QUEUED;
            JobStatus last = JobStatus.values()[Math.max(first.rank(), 1 + random.nextInt(3))];
            for (int rank = first.rank(); rank <= last.rank() && all.size() < DELIVERIES; rank++) {
                Delivery d = new Delivery(jobId, JobStatus.values()[rank], UUID.randomUUID().toString());
                all.add(d);
                if (random.nextInt(10) == 0 && all.size() < DELIVERIES) {
                    all.add(d);
                }
            }
        }
        Collections.shuffle(all, random);
        return all;
    }

    private static int maxOverlap(List<LambdaInvokeEndpoint.Invocation> invocations) {
        List<long[]> edges = new ArrayList<>();
        for (var invocation : invocations) {
            Instant start = invocation.startedAt();
            edges.add(new long[] {start.toEpochMilli() * 1000 + start.getNano() / 1000 % 1000, 1});
            Instant end = start.plus(invocation.duration());
            edges.add(new long[] {end.toEpochMilli() * 1000 + end.getNano() / 1000 % 1000, -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int current = 0;
        int max = 0;
        for (long[] edge : edges) {
            current += (int) edge[1];
            max = Math.max(max, current);
        }
        return max;
    }

}
