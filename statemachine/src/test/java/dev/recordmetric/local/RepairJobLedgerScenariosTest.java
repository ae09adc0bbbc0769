package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.fakes.TestKeys;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The repair state machine end to end: the real definition ({@code repair-job-ledger.asl.json},
 * rendered as templatefile() would) on the local engine, the deployable GetToken and job-events jars
 * under AWS's Lambda runtime client, the fake GitHub (jobs, the webhook's deliveries), the fake KMS
 * and Secrets Manager, and moto's DynamoDB for the ledger.
 */
class RepairJobLedgerScenariosTest {

    private static final String PAT = "ghp_repairScenarioPat0123456789abcdefAB";
    private static final long HOOK_ID = 31337;
    private static final byte[] SECRET = "scenario-webhook-secret".getBytes(StandardCharsets.UTF_8);
    private static final String NAMESPACE = "GitHubRunners";
    /** The Wait states at zero: the scenarios count waits, they do not time them. */
    private static final Overrides NO_WAITS = Overrides.retryIntervals(Duration.ZERO, "GetToken", "Redeliver", "Reconcile", "PutMetricData")
            .withWait("WaitForGetTokenRateLimit", Duration.ZERO)
            .withWait("WaitForRedeliverRateLimit", Duration.ZERO)
            .withWait("WaitForReconcileRateLimit", Duration.ZERO);
    private static final List<String> HAPPY_STATES = List.of("StartRun", "GetToken", "GetTokenRateLimited", "Redeliver",
            "RedeliverRateLimited", "Reconcile", "ReconcileRateLimited", "PutMetricData");

    private final DynamoDbClient dynamoDb = MotoProcess.shared().client(DynamoDbClient.builder());
    private final String table = "repair-scenario-" + UUID.randomUUID();
    private final JobLedger ledger;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private FakeBackends backends;

    RepairJobLedgerScenariosTest() {
        LedgerTableSchema.create(dynamoDb, table);
        ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
    }

    /** A receiver writing at a time 20 minutes back: every job it writes is stale for reconciliation (600 s). */
    private LedgerWritingReceiver receiver() throws IOException {
        var receiver = new LedgerWritingReceiver(ledger, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)));
        closing.add(receiver);
        return receiver;
    }

    private RepairWorkflow workflow(String hook, boolean appHook) {
        Map<String, String> env = new HashMap<>(backends.aws().endpointVariables());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", MotoProcess.shared().endpoint().toString());
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", backends.github().baseUrl());
        env.put("TOKEN_KMS_KEY_ID", backends.kmsKeyArn());
        env.put("JOB_LEDGER_TABLE", table);
        env.put("WEBHOOK_HOOK", hook);
        RepairWorkflow workflow = RepairWorkflow.start(backends.getTokenPackage(),
                RepairWorkflow.repairPackage(env, backends.aws().credentials()), appHook, NAMESPACE, Clock.systemUTC());
        closing.add(workflow);
        return workflow;
    }

    private FakeBackends patBackends() {
        backends = FakeBackends.start("acme", "abc").usePat(PAT);
        backends.github().acceptToken(PAT, "admin:org", "admin:org_hook", "repo");
        closing.add(backends);
        return backends;
    }

    private static List<String> statesEntered(LocalWorkflow.Run run) {
        return run.result().events().stream().filter(event -> event.type().equals("StateEntered"))
                .map(ExecutionEvent::stateName).toList();
    }

    private Map<String, Double> published(LocalWorkflow.Run run) {
        Map<String, Double> values = new HashMap<>();
        run.datapoints().forEach(datapoint -> {
            assertThat(datapoint.namespace()).isEqualTo(NAMESPACE);
            assertThat(datapoint.dimensions()).isEqualTo(Map.of("state_machine", RepairWorkflow.STATE_MACHINE_NAME));
            values.put(datapoint.metricName(), datapoint.value());
        });
        return values;
    }

    @Test
    void happyPath_redeliversTheFailedDeliveries_reconcilesStaleJobs_andPublishesWhatItDid() throws Exception {
        patBackends();
        FakeHook hook = backends.github().organizationHook("acme", HOOK_ID, receiver().url(), SECRET);
        List<FakeJob> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(backends.github().jobs().queue("acme/web", List.of("self-hosted", "linux")));
        }
        hook.dropping(1.0, 1);
        backends.github().jobs().start(jobs.get(0).id(), 1, "runner-1", 1, "Default");
        backends.github().jobs().complete(jobs.get(1).id(), "cancelled");
        hook.dropping(0, 1);
        RepairWorkflow workflow = workflow("organization:" + HOOK_ID, false);

        LocalWorkflow.Run run = workflow.run(NO_WAITS);

        assertThat(run.status()).as("%s: %s, states %s", run.result().error(), run.result().cause(), statesEntered(run))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(statesEntered(run)).containsExactlyElementsOf(HAPPY_STATES);
        assertThat(ledger.get(jobs.get(0).id()).orElseThrow().job().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(ledger.get(jobs.get(1).id()).orElseThrow().job().status()).isEqualTo(JobStatus.COMPLETED);
        // The receiver writes 20 minutes back: the five open jobs (the completed one is not) are checked, unchanged.
        assertThat(published(run)).containsExactlyInAnyOrderEntriesOf(Map.of("RedeliveriesRequested", 2.0,
                "FailedDeliveries", 2.0, "JobsCorrected", 0.0, "JobsClosed", 0.0, "StaleJobsChecked", 5.0));
        assertThat(run.result().events()).allSatisfy(event -> assertThat(event.raw().toString()).doesNotContain(PAT));
        assertThat(run.logLines()).noneMatch(line -> line.contains(PAT));
    }

    @Test
    void reconcile_closesAJobGitHubForgot_andCorrectsAMissedCompletion() throws Exception {
        patBackends();
        FakeHook hook = backends.github().organizationHook("acme", HOOK_ID, receiver().url(), SECRET);
        FakeJob forgotten = backends.github().jobs().queue("acme/web", List.of("self-hosted"));
        FakeJob finished = backends.github().jobs().queue("acme/web", List.of("self-hosted"));
        backends.github().jobs().forget(forgotten.id());
        hook.dropping(1.0, 1);
        backends.github().jobs().complete(finished.id(), "success");
        RepairWorkflow workflow = workflow("", false);

        LocalWorkflow.Run run = workflow.run(NO_WAITS);

        assertThat(run.status()).as("%s: %s, states %s", run.result().error(), run.result().cause(), statesEntered(run))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ledger.get(forgotten.id()).orElseThrow().job().conclusion()).isEqualTo("unknown");
        assertThat(ledger.get(finished.id()).orElseThrow().job().conclusion()).isEqualTo("success");
        assertThat(published(run)).containsEntry("JobsClosed", 1.0).containsEntry("JobsCorrected", 1.0)
                .containsEntry("RedeliveriesRequested", 0.0);
        assertThat(backends.github().requestCount("/orgs/acme/hooks")).as("no webhook configured: no listing").isZero();
    }

    @Test
    void rateLimitedRedelivery_waitsInTheWaitState_andGoesOn() throws Exception {
        patBackends();
        FakeHook hook = backends.github().organizationHook("acme", HOOK_ID, receiver().url(), SECRET).dropping(1.0, 1);
        backends.github().jobs().queue("acme/web", List.of("self-hosted"));
        hook.dropping(0, 1);
        backends.github().faults().nextOn("/orgs/acme/hooks/" + HOOK_ID + "/deliveries", Fault.secondaryRateLimit(403, Duration.ofSeconds(2)));
        RepairWorkflow workflow = workflow("organization:" + HOOK_ID, false);

        // The Wait state waits the 2 s GitHub asked for: the warm instance sends nothing earlier.
        LocalWorkflow.Run run = workflow.run(Overrides.retryIntervals(Duration.ZERO, "GetToken", "Redeliver", "Reconcile"));

        assertThat(run.status()).as("%s: %s, states %s", run.result().error(), run.result().cause(), statesEntered(run))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(statesEntered(run)).containsSubsequence("Redeliver", "RedeliverRateLimited", "CountRedeliverWait",
                "WaitForRedeliverRateLimit", "Redeliver", "RedeliverRateLimited", "Reconcile");
        assertThat(published(run)).containsEntry("RedeliveriesRequested", 1.0);
    }

    @Test
    void appHook_withAppCredentials_readsTheAppsDeliveriesWithItsJwt() throws Exception {
        backends = FakeBackends.start("acme", "abc").useApp(TestKeys.rsaKeyPair(), TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        closing.add(backends);
        backends.github().installApp(FakeBackends.APP_ID, "acme", FakeBackends.APP_INSTALLATION_ID,
                Map.of("organization_self_hosted_runners", "read", "actions", "read", "metadata", "read"));
        FakeHook hook = backends.github().appHook(FakeBackends.APP_ID, 77, "acme", FakeBackends.APP_INSTALLATION_ID,
                receiver().url(), SECRET).dropping(1.0, 1);
        backends.github().jobs().queue("acme/web", List.of("self-hosted"));
        hook.dropping(0, 1);
        RepairWorkflow workflow = workflow("app", true);

        LocalWorkflow.Run run = workflow.run(NO_WAITS);

        assertThat(run.status()).as("%s: %s, states %s", run.result().error(), run.result().cause(), statesEntered(run))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(published(run)).containsEntry("RedeliveriesRequested", 1.0);
        assertThat(backends.github().requestCount("/app/hook/deliveries")).isEqualTo(2);
        assertThat(backends.github().mintedTokens()).extracting(minted -> minted.requestedPermissions())
                .containsExactly(Map.of("actions", "read"));
    }

    @Test
    void appHook_withAPersonalAccessToken_failsInGetTokenNamingTheFix() throws Exception {
        patBackends();
        RepairWorkflow workflow = workflow("app", true);

        LocalWorkflow.Run run = workflow.run(NO_WAITS);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(statesEntered(run)).endsWith("GetTokenFailed");
        assertThat(run.result().error()).isEqualTo("dev.recordmetric.errors.InvalidConfigurationException");
        assertThat(run.result().cause()).contains("credential type pem").doesNotContain(PAT);
        assertThat(run.datapoints()).isEmpty();
    }
}
