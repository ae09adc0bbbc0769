package dev.recordmetric.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.LedgerEntry;
import dev.recordmetric.jobevents.LedgerJob;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import dev.recordmetric.jobevents.RepairJobLedgerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The repairs' cost (issue 19): the simulated organization runs {@code jobsPerHour} jobs (queued,
 * picked up 10 s to 2 min later, running 1 to 8 minutes, one in five 12 to 30 minutes), each
 * transition a signed delivery over HTTP to a receiver writing moto's ledger, a fraction dropped at
 * random; the repair state machine's two tasks (RepairJobLedger redeliver, then reconcile, in this
 * JVM) run every simulated minute with the defaults (3 pages, 20 redeliveries, 600 s stale, 20
 * reconciliations). After a warm-up, each run's GitHub requests (by kind) and DynamoDB calls (by the
 * repairs, not the receiver) are counted. Options: {@code --quick} (a small organization, minutes),
 * {@code --jobs-per-hour=N}, {@code --losses=0,10} (percent).
 */
final class RepairsBenchmark {

    private static final String PAT = "ghp_repairsBenchmarkPat0123456789abcdefAB";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:repair-job-ledger:bench";
    private static final long HOOK_ID = 1;

    private final int jobsPerHour;
    private final Duration warmUp;
    private final Duration measured;
    private final List<Integer> lossPercents;

    private RepairsBenchmark(int jobsPerHour, Duration warmUp, Duration measured, List<Integer> lossPercents) {
        this.jobsPerHour = jobsPerHour;
        this.warmUp = warmUp;
        this.measured = measured;
        this.lossPercents = lossPercents;
    }

    static RepairsBenchmark of(String... args) {
        boolean quick = false;
        int jobs = 1000;
        List<Integer> losses = List.of(0, 10);
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--jobs-per-hour=")) {
                jobs = Integer.parseInt(arg.substring("--jobs-per-hour=".length()));
            } else if (arg.startsWith("--losses=")) {
                losses = java.util.Arrays.stream(arg.substring("--losses=".length()).split(",")).map(Integer::parseInt).toList();
            }
        }
        return quick
                ? new RepairsBenchmark(args.length > 0 && String.join(" ", args).contains("--jobs-per-hour") ? jobs : 120,
                        Duration.ofMinutes(5), Duration.ofMinutes(15), losses)
                : new RepairsBenchmark(jobs, Duration.ofMinutes(45), Duration.ofMinutes(60), losses);
    }

    public static void main(String[] args) {
        System.out.print(of(args).section());
        System.exit(0);
    }

    /** Counts by kind over the measured runs. */
    record Row(int lossPercent, int runs, long deliveries, long dropped, long listings, long redeliveries, long jobReads,
            long notModified, long dynamoDbCalls, long maxGitHubPerRun, long maxDynamoDbPerRun, long ledgerWrong, long openAtEnd,
            Map<String, Long> dynamoDbByOperation) {
    }

    String section() {
        var table = new Markdown("lost deliveries", "runs", "deliveries (dropped)", "list deliveries / run",
                "redeliveries / run", "job reads / run (304s)", "GitHub requests / run (max)", "GitHub requests / h",
                "DynamoDB calls / run (max)", "DynamoDB calls by operation", "ledger ≠ GitHub at end");
        for (int loss : lossPercents) {
            Row row = simulate(loss);
            double runs = row.runs();
            table.row(loss + " %", row.runs(), row.deliveries() + " (" + row.dropped() + ")",
                    perRun(row.listings(), runs), perRun(row.redeliveries(), runs),
                    perRun(row.jobReads(), runs) + " (" + perRun(row.notModified(), runs) + ")",
                    perRun(row.listings() + row.redeliveries() + row.jobReads(), runs) + " (" + row.maxGitHubPerRun() + ")",
                    String.format(Locale.ROOT, "%.0f", (row.listings() + row.redeliveries() + row.jobReads()) * 60 / runs),
                    perRun(row.dynamoDbCalls(), runs) + " (" + row.maxDynamoDbPerRun() + ")",
                    row.dynamoDbByOperation().toString().replaceAll("[{}]", ""),
                    row.ledgerWrong() + " of " + row.openAtEnd() + " open");
        }
        return "## Repairs: requests per run\n\n" + jobsPerHour + " jobs an hour on the simulated organization (three"
                + " deliveries each), the repairs every minute with the defaults, measured over " + measured.toMinutes()
                + " runs after " + warmUp.toMinutes() + " minutes of warm-up. 304s count against no rate limit. DynamoDB calls"
                + " are the repairs' (the cursor's GetItem and PutItem, the open-jobs queries, the corrections);"
                + " the last column compares the ledger with GitHub's truth for the jobs GitHub still has open or"
                + " completed in the last 10 minutes (later repairs settle those).\n\n" + table + "\n";
    }

    private static String perRun(long count, double runs) {
        return String.format(Locale.ROOT, "%.2f", count / runs);
    }

    private Row simulate(int lossPercent) {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
        DynamoDbClient receiverDb = MotoProcess.shared().client(DynamoDbClient.builder());
        Map<String, LongAdder> dynamoDbCalls = new ConcurrentHashMap<>();
        // Built here, not by MotoProcess.client (whose override configuration would replace the counting interceptor).
        DynamoDbClient repairsDb = DynamoDbClient.builder()
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .endpointOverride(MotoProcess.shared().endpoint())
                .region(MotoProcess.REGION)
                .credentialsProvider(MotoProcess.CREDENTIALS)
                .overrideConfiguration(config -> config.addExecutionInterceptor(counting(dynamoDbCalls)))
                .build();
        String table = "repairs-benchmark-" + UUID.randomUUID();
        LedgerTableSchema.create(receiverDb, table);
        JobLedger ledger = new JobLedger(receiverDb, table, LedgerRetention.DEFAULT);
        try (FakeGitHub github = FakeGitHub.start().clock(clock).acceptToken(PAT, "admin:org_hook", "repo");
                FakeAws aws = FakeAws.start();
                FakeAwsClients clients = new FakeAwsClients(aws.endpoint());
                Receiver receiver = new Receiver(ledger, clock)) {
            github.rateLimit(1_000_000);
            String keyArn = aws.createKey();
            FakeHook hook = github.organizationHook("acme", HOOK_ID, receiver.url(), "benchmark".getBytes(StandardCharsets.UTF_8))
                    .dropping(lossPercent / 100.0, 19);
            var handler = new RepairJobLedgerHandler(Map.of("GITHUB_ORG", "acme", "GITHUB_API_URL", github.baseUrl(),
                    "TOKEN_KMS_KEY_ID", keyArn, "JOB_LEDGER_TABLE", table, "WEBHOOK_HOOK", "organization:" + HOOK_ID),
                    clients.kms(), repairsDb, clock);
            String sealed = new TokenSeal(clients.kms(), keyArn).seal(PAT, EXECUTION);
            Organization organization = new Organization(github, clock, jobsPerHour);
            long warmUpRuns = warmUp.toMinutes();
            long allRuns = warmUpRuns + measured.toMinutes();
            int runs = 0;
            long listings = 0, redeliveries = 0, jobReads = 0, notModified = 0, dynamo = 0, maxGitHub = 0, maxDynamo = 0;
            long deliveriesBefore = 0, droppedBefore = 0;
            Map<String, Long> callsByOperation = new java.util.TreeMap<>();
            for (long run = 0; run < allRuns; run++) {
                organization.runUntil(clock.instant().plusSeconds(60));
                boolean measuring = run >= warmUpRuns;
                if (measuring && runs == 0) {
                    deliveriesBefore = hook.deliveries().size();
                    droppedBefore = hook.dropped();
                }
                github.resetRequests();
                dynamoDbCalls.clear();
                JsonNode redelivery = invoke(handler, "redeliver", sealed, null);
                invoke(handler, "reconcile", sealed, redelivery);
                if (measuring) {
                    List<RecordedRequest> requests = github.requests();
                    long lists = requests.stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/deliveries")).count();
                    long posts = requests.stream().filter(r -> r.method().equals("POST")).count();
                    long reads = requests.stream().filter(r -> r.path().contains("/actions/jobs/")).count();
                    long calls = dynamoDbCalls.values().stream().mapToLong(LongAdder::sum).sum();
                    dynamoDbCalls.forEach((operation, count) -> callsByOperation.merge(operation, count.sum(), Long::sum));
                    runs++;
                    listings += lists;
                    redeliveries += posts;
                    jobReads += reads;
                    notModified += github.notModifiedCount();
                    dynamo += calls;
                    maxGitHub = Math.max(maxGitHub, requests.size());
                    maxDynamo = Math.max(maxDynamo, calls);
                }
            }
            repairsDb.close();
            long deliveries = hook.deliveries().size() - deliveriesBefore;
            long dropped = hook.dropped() - droppedBefore;
            long[] wrong = compare(github, ledger, clock.instant());
            return new Row(lossPercent, runs, deliveries, dropped, listings, redeliveries, jobReads, notModified, dynamo,
                    maxGitHub, maxDynamo, wrong[0], wrong[1], callsByOperation);
        }
    }

    /** {ledger differs from GitHub, jobs compared}: the jobs still open or completed in the last ten minutes, and every older one. */
    private static long[] compare(FakeGitHub github, JobLedger ledger, Instant now) {
        long wrong = 0;
        long open = 0;
        for (FakeJob job : github.jobs().jobs()) {
            boolean settled = job.completedAt() != null && job.completedAt().isBefore(now.minus(Duration.ofMinutes(10)));
            if (!settled) {
                open++;
            }
            LedgerEntry entry = ledger.get(job.id()).orElse(null);
            if (settled && (entry == null || !entry.job().status().wire().equals(job.status()))) {
                wrong++;
            }
        }
        return new long[] {wrong, open};
    }

    private static JsonNode invoke(RepairJobLedgerHandler handler, String repair, String sealed, JsonNode redelivery) {
        var input = Json.MAPPER.createObjectNode().put("repair", repair).put("executionArn", EXECUTION)
                .put("stateMachineName", "repair-job-ledger");
        input.putObject("credentials").put("sealedToken", sealed);
        if (redelivery != null) {
            input.set("redelivery", redelivery);
        }
        try {
            var out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), out,
                    new RecordingLambdaContext());
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExecutionInterceptor counting(Map<String, LongAdder> calls) {
        return new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), name -> new LongAdder()).increment();
            }
        };
    }

    /** The organization's jobs over time: arrivals evenly spread with jitter, starts and completions scheduled. */
    private static final class Organization {
        private record Event(Instant at, long sequence, Runnable action) {
        }

        private final FakeGitHub github;
        private final MutableClock clock;
        private final Random random = new Random(42);
        private final PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparing(Event::at).thenComparing(Event::sequence));
        private final Duration between;
        private Instant nextArrival;
        private long sequence;

        Organization(FakeGitHub github, MutableClock clock, int jobsPerHour) {
            this.github = github;
            this.clock = clock;
            this.between = Duration.ofMillis(3_600_000L / jobsPerHour);
            this.nextArrival = clock.instant();
        }

        void runUntil(Instant until) {
            while (!nextArrival.isAfter(until)) {
                Instant at = nextArrival.plusMillis(random.nextInt((int) Math.max(1, between.toMillis())));
                schedule(at, this::arrive);
                nextArrival = nextArrival.plus(between);
            }
            while (!events.isEmpty() && !events.peek().at().isAfter(until)) {
                Event event = events.poll();
                clock.set(event.at());
                event.action().run();
            }
            clock.set(until);
        }

        private void arrive() {
            FakeJob job = github.jobs().queue("acme/app-" + random.nextInt(5), List.of("self-hosted", "linux", "x64"));
            Instant start = clock.instant().plusSeconds(10 + random.nextInt(110));
            long runSeconds = random.nextInt(5) == 0 ? 720 + random.nextInt(1080) : 60 + random.nextInt(420);
            schedule(start, () -> github.jobs().start(job.id(), 1000 + random.nextInt(50), "runner-" + random.nextInt(50), 1, "Default"));
            schedule(start.plusSeconds(runSeconds), () -> github.jobs().complete(job.id(), random.nextInt(10) == 0 ? "failure" : "success"));
        }

        private void schedule(Instant at, Runnable action) {
            events.add(new Event(at, sequence++, action));
        }
    }

    /** Writes each delivery to the ledger by the one write rule (the receiver's cost is not measured here). */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;

        Receiver(JobLedger ledger, MutableClock clock) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    ledger.record(LedgerJob.fromWebhook(body), exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"),
                            Json.MAPPER.readTree(body).path("action").asText(), clock.instant());
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
        }

        java.net.URI url() {
            return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
