package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.HookDelivery;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.fakes.TestHttp;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.LedgerEntry;
import dev.recordmetric.jobevents.LedgerJob;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Issue 19's lost deliveries: the organization's jobs flow in the fake GitHub, each transition a
 * signed delivery over HTTP to the real receiver (the job-events jar under AWS's Lambda runtime
 * client behind a loopback function URL) writing moto's ledger, a fraction dropped at random
 * (seeded); then the repair state machine runs on the local engine (the GetToken and job-events jars
 * under the runtime client; a job is stale for reconciliation after 1 s instead of 600, so that the
 * test need not wait ten minutes) until the ledger agrees, six runs at most. The ledger must then
 * equal GitHub's truth, job by job and field by field.
 */
class LostDeliveriesTest {

    private static final String PAT = "ghp_lostDeliveriesPat0123456789abcdefABC";
    private static final String WEBHOOK_SECRET = "lost-deliveries-webhook-secret";
    private static final long HOOK_ID = 2026;
    private static final int JOBS = 60;
    private static final Overrides NO_RETRY_WAITS = Overrides.retryIntervals(Duration.ZERO, "GetToken", "Redeliver",
            "Reconcile", "PutMetricData");

    private final DynamoDbClient dynamoDb = MotoProcess.shared().client(DynamoDbClient.builder());
    private final String table = "lost-deliveries-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
    }

    @ParameterizedTest(name = "{0} % dropped")
    @ValueSource(ints = {0, 10})
    void afterTheRepairs_theLedgerEqualsGitHubsTruth(int dropPercent) throws Exception {
        LedgerTableSchema.create(dynamoDb, table);
        FakeBackends backends = FakeBackends.start("acme", "abc").usePat(PAT);
        closing.add(backends);
        backends.github().acceptToken(PAT, "admin:org", "admin:org_hook", "repo");
        String secretArn = backends.aws().putSecret("webhook-secret", WEBHOOK_SECRET);
        var repairs = RepairWorkflow.repairPackage(repairEnvironment(backends), backends.aws().credentials());
        RepairWorkflow workflow = RepairWorkflow.start(backends.getTokenPackage(), repairs, false, "GitHubRunners", Clock.systemUTC());
        closing.add(workflow);
        workflow.endpoint().register("record-metric-receive-job-events",
                FunctionPackage.receiveJobEvents(receiverEnvironment(backends, secretArn), backends.aws().credentials()),
                LambdaInvokeEndpoint.FunctionSettings.DEFAULT);
        FunctionUrlServer url = FunctionUrlServer.start(workflow.endpoint(), "record-metric-receive-job-events");
        closing.add(url);
        // The receiver's cold start, before GitHub's 10 s per delivery count: an unsigned request it refuses.
        assertThat(TestHttp.post(url.uri().toString(), null, "{}").statusCode()).isEqualTo(401);
        FakeHook hook = backends.github().organizationHook("acme", HOOK_ID, url.uri(),
                WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8)).dropping(dropPercent / 100.0, 2026);

        flowJobs(backends);

        long dropped = hook.dropped();
        if (dropPercent == 0) {
            assertThat(dropped).isZero();
            assertThat(hook.deliveries()).allMatch(HookDelivery::succeeded);
            assertLedgerEqualsTruth(backends, "before any repair: nothing was lost");
        } else {
            assertThat(dropped).as("deliveries dropped of %d", hook.deliveries().size()).isBetween(6L, 40L);
            assertThat(mismatches(backends)).as("the lost deliveries show in the ledger before the repairs").isPositive();
        }
        int runs = 0;
        int redeliveries = 0;
        LocalWorkflow.Run run;
        do {
            run = workflow.run(NO_RETRY_WAITS);
            runs++;
            assertThat(run.status()).as("%s: %s", run.result().error(), run.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            redeliveries += run.result().stateOutput("Redeliver").orElseThrow().path("redelivery").path("redeliveriesRequested").asInt();
        } while (mismatches(backends) > 0 && runs < 6);

        assertLedgerEqualsTruth(backends, "after " + runs + " repair runs");
        assertThat(redeliveries).isEqualTo(dropPercent == 0 ? 0 : (int) hook.deliveries().stream()
                .filter(delivery -> !delivery.redelivery() && !delivery.succeeded()).count());
    }

    /** 60 jobs: all queued, 50 started on a runner, 35 of those completed, in a seeded order. */
    private static void flowJobs(FakeBackends backends) {
        Random random = new Random(7);
        List<FakeJob> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(backends.github().jobs().queue("acme/repo-" + random.nextInt(3), List.of("self-hosted", "linux", "x64")));
        }
        for (int i = 0; i < 50; i++) {
            backends.github().jobs().start(jobs.get(i).id(), 100 + i, "runner-" + i, 1, "Default");
        }
        for (int i = 0; i < 35; i++) {
            backends.github().jobs().complete(jobs.get(i).id(), random.nextInt(5) == 0 ? "failure" : "success");
        }
    }

    private long mismatches(FakeBackends backends) {
        JobLedger ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
        return backends.github().jobs().jobs().stream()
                .filter(job -> ledger.get(job.id()).map(entry -> !entry.job().status().wire().equals(job.status())).orElse(true))
                .count();
    }

    private void assertLedgerEqualsTruth(FakeBackends backends, String when) {
        JobLedger ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
        List<FakeJob> truth = backends.github().jobs().jobs();
        assertThat(dynamoDb.scan(ScanRequest.builder().tableName(table).build()).items())
                .filteredOn(item -> item.get("pk").s().startsWith("job#"))
                .as("one item per job GitHub knows, %s", when).hasSize(truth.size());
        for (FakeJob job : truth) {
            LedgerEntry entry = ledger.get(job.id()).orElseThrow(() -> new AssertionError("job " + job.id() + " missing " + when));
            LedgerJob held = entry.job();
            assertThat(held.status().wire()).as("job %d's status %s", job.id(), when).isEqualTo(job.status());
            assertThat(held.conclusion()).as("job %d's conclusion", job.id()).isEqualTo(job.conclusion());
            assertThat(held.repository()).isEqualTo(job.repository());
            assertThat(held.runId()).isEqualTo(job.runId());
            assertThat(held.labels()).isEqualTo(job.labels());
            assertThat(held.runnerId()).as("job %d's runner", job.id()).isEqualTo(job.runnerId());
            assertThat(held.runnerName()).isEqualTo(job.runnerName());
            assertThat(held.runnerGroupName()).isEqualTo(job.runnerGroupName());
            assertThat(held.createdAt()).isEqualTo(seconds(job.createdAt()));
            assertThat(held.startedAt()).isEqualTo(seconds(job.startedAt()));
            assertThat(held.completedAt()).isEqualTo(seconds(job.completedAt()));
        }
    }

    private static String seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private Map<String, String> repairEnvironment(FakeBackends backends) {
        Map<String, String> env = new HashMap<>(backends.aws().endpointVariables());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", MotoProcess.shared().endpoint().toString());
        env.put("STALE_JOB_SECONDS", "1");
        env.put("RECONCILIATIONS_PER_RUN", "100");
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", backends.github().baseUrl());
        env.put("TOKEN_KMS_KEY_ID", backends.kmsKeyArn());
        env.put("JOB_LEDGER_TABLE", table);
        env.put("WEBHOOK_HOOK", "organization:" + HOOK_ID);
        return env;
    }

    private Map<String, String> receiverEnvironment(FakeBackends backends, String secretArn) {
        Map<String, String> env = new HashMap<>(backends.aws().endpointVariables());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", MotoProcess.shared().endpoint().toString());
        env.put("WEBHOOK_SECRET_ARN", secretArn);
        env.put("JOB_LEDGER_TABLE", table);
        return env;
    }
}
