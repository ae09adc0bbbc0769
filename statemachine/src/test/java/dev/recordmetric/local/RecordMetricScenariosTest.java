package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow end to end: the real definition (rendered as templatefile() would) on the local
 * engine, the deployable GetToken and ListRunners jars under AWS's Lambda runtime client behind the
 * Lambda Invoke endpoint, the fake GitHub, Secrets Manager and KMS. One engine serves every scenario;
 * each scenario brings its own fakes and functions (a cold start of both). Retry waits are
 * overridden to zero (RetryBackoffTimingTest keeps real ones).
 */
class RecordMetricScenariosTest {

    private static final String ORG = "acme";
    private static final String INSTALLATION = "abc";
    private static final String LABEL = "installation_id:" + INSTALLATION;
    private static final String PAT = "ghp_scenarioPat0123456789abcdefABCDEF01";
    private static final String RUNNERS_PATH = "/orgs/" + ORG + "/actions/runners";
    private static final String NAMESPACE = "GitHubRunners";
    private static final String ASG = "ci-runners";
    private static final int MAX_STATE_BYTES = 256 * 1024;
    private static final Overrides NO_RETRY_WAITS =
            Overrides.retryIntervals(Duration.ZERO, "GetToken", "ListRunners", "PutMetricData");
    private static final RequestStreamHandler UNSET = (in, out, context) -> {
        throw new IllegalStateException("no handler configured for this scenario");
    };

    private static LocalWorkflow workflow;
    private FakeBackends backends;
    /** Strings that must appear nowhere: the tokens and key material of the scenario. */
    private final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void startEngine() {
        workflow = LocalWorkflow.builder()
                .region(dev.recordmetric.fakes.FakeAws.REGION)
                .accountId(dev.recordmetric.fakes.FakeAws.ACCOUNT)
                .metricNamespace(NAMESPACE)
                .asgName(ASG)
                .getToken(UNSET)
                .listRunners(UNSET)
                .start();
    }

    @AfterAll
    static void stopEngine() {
        workflow.close();
    }

    @AfterEach
    void stopFakes() {
        if (backends != null) {
            backends.close();
        }
    }

    private FakeBackends withPat() {
        backends = FakeBackends.start(ORG, INSTALLATION).usePat(PAT);
        secrets.add(PAT);
        return backends;
    }

    private void useHandlers() {
        backends.useIn(workflow);
    }

    private LocalWorkflow.Run run() {
        useHandlers();
        LocalWorkflow.Run run = workflow.run(NO_RETRY_WAITS);
        assertNoSecretAnywhere(run);
        assertEveryStateUnder256KiB(run);
        return run;
    }

    private void assertNoSecretAnywhere(LocalWorkflow.Run run) {
        List<String> places = new ArrayList<>();
        run.result().events().forEach(e -> places.add(e.raw().toString()));
        run.invocations().forEach(i -> {
            places.add(i.payload());
            places.add(i.response());
            places.addAll(i.logLines());
            places.addAll(i.consoleLines());
        });
        places.add(String.valueOf(run.result().output()));
        places.add(String.valueOf(run.result().cause()));
        places.add(workflow.engine().stderr());
        for (String secret : secrets) {
            assertThat(places).as("no event, state input/output, response or log line holds the secret")
                    .noneMatch(place -> place.contains(secret));
        }
    }

    private static void assertEveryStateUnder256KiB(LocalWorkflow.Run run) {
        assertThat(run.result().events())
                .filteredOn(e -> e.type().equals("StateEntered") || e.type().equals("StateExited"))
                .allSatisfy(e -> {
                    assertThat(bytes(e.input())).as("%s input of %s", e.type(), e.stateName()).isLessThan(MAX_STATE_BYTES);
                    if (e.output() != null) {
                        assertThat(bytes(e.output())).as("output of %s", e.stateName()).isLessThan(MAX_STATE_BYTES);
                    }
                });
    }

    private static int bytes(com.fasterxml.jackson.databind.JsonNode json) {
        return json == null ? 0 : json.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static void assertPublished(LocalWorkflow.Run run, int busy, int idle) {
        Instant observedAt = Instant.parse(listing(run).path("observedAt").asText());
        assertThat(observedAt.truncatedTo(ChronoUnit.SECONDS)).isEqualTo(observedAt);
        assertThat(run.datapoints()).hasSize(2);
        assertThat(run.datapoints().get(0)).isEqualTo(new CloudWatchPutMetricData.Datapoint(
                NAMESPACE, "BusyRunners", Map.of("asg_name", ASG), observedAt, (double) busy, "Count"));
        assertThat(run.datapoints().get(1)).isEqualTo(new CloudWatchPutMetricData.Datapoint(
                NAMESPACE, "IdleRunners", Map.of("asg_name", ASG), observedAt, (double) idle, "Count"));
    }

    /** ListRunners' result: the observation, or its rate-limit wait. */
    private static com.fasterxml.jackson.databind.JsonNode listing(LocalWorkflow.Run run) {
        return run.result().stateOutput("ListRunners").orElseThrow().path("listing");
    }

    private static final List<String> HAPPY_STATES = List.of("StartRun", "GetToken", "GetTokenRateLimited", "ListRunners",
            "ListRunnersRateLimited", "CountRunners", "PutMetricData");

    private static void assertSucceeded(LocalWorkflow.Run run) {
        assertThat(run.status()).as("cause: %s", run.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.result().statesEntered()).isEqualTo(HAPPY_STATES);
        assertThat(run.result().eventsOfType("ExecutionSucceeded")).hasSize(1);
    }

    private static void assertFailedIn(LocalWorkflow.Run run, String failState, String error, String causeContains) {
        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.result().statesEntered()).last().isEqualTo(failState);
        assertThat(run.result().error()).isEqualTo(error);
        assertThat(run.result().cause()).contains(causeContains);
        assertThat(run.result().eventsOfType("ExecutionFailed")).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo(error));
        assertThat(run.datapoints()).as("nothing is published on failure").isEmpty();
        assertThat(run.result().statesEntered()).doesNotContain("PutMetricData");
    }

    private static List<FakeRunner> mixed() {
        return List.of(
                FakeRunner.busy(1, "r-busy-1", "self-hosted", LABEL),
                FakeRunner.busy(2, "r-busy-2", LABEL),
                FakeRunner.idle(3, "r-idle-1", LABEL),
                FakeRunner.idle(4, "r-other", "installation_id:other"));
    }

    @Test
    void happyPath_withPat_publishesBusyAndIdle() {
        withPat().organization().setRunners(mixed());

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 2, 1);
        assertThat(run.result().output().path("summary").asText()).startsWith("2 busy, 1 idle and 0 offline runners labelled "
                + LABEL + " in " + ORG);
        assertThat(run.result().stateOutput("GetToken").orElseThrow().path("token").path("credentialType").asText())
                .isEqualTo("token");
        assertThat(run.result().stateEvents("ListRunners", "StateEntered")).singleElement()
                .satisfies(e -> assertThat(e.input().path("token").path("sealedToken").asText()).isNotEmpty());
        assertThat(run.result().stateEvents("PutMetricData", "StateEntered")).singleElement()
                .satisfies(e -> assertThat(e.input().toString()).as("the sealed token goes no further than CountRunners")
                        .doesNotContain("sealedToken"));
        assertThat(run.invocations()).extracting(LambdaInvokeEndpoint.Invocation::functionName)
                .containsExactly(LocalWorkflow.GET_TOKEN_FUNCTION, LocalWorkflow.LIST_RUNNERS_FUNCTION);
        assertThat(run.logLines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"outcome\":\"ok\""));
    }

    @Test
    void happyPath_withGitHubAppPkcs1Key_mintsAnInstallationToken() {
        KeyPair keys = TestKeys.rsaKeyPair();
        String pem = TestKeys.pkcs1Pem(keys.getPrivate());
        backends = FakeBackends.start(ORG, INSTALLATION).useApp(keys, pem);
        backends.organization().setRunners(mixed());
        secrets.add(pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 2, 1);
        assertThat(backends.github().mintedTokens()).singleElement().satisfies(minted -> {
            secrets.add(minted.token());
            assertThat(minted.installationId()).isEqualTo(FakeBackends.APP_INSTALLATION_ID);
        });
        assertNoSecretAnywhere(run);
        assertThat(run.result().stateOutput("GetToken").orElseThrow().path("token").path("credentialType").asText())
                .isEqualTo("pem");
    }

    @Test
    void runners250_overThreePages_countsEveryPage() {
        List<FakeRunner> runners = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            runners.add(i % 5 == 0 ? FakeRunner.busy(i, "r-" + i, LABEL) : FakeRunner.idle(i, "r-" + i, LABEL));
        }
        withPat().organization().setRunners(runners);

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 50, 200);
        assertThat(listing(run).path("pages").asInt()).isEqualTo(3);
        assertThat(backends.github().requestCount(RUNNERS_PATH)).as("three pages and page 1 again").isEqualTo(4);
    }

    @Test
    void offlineRunners_areNotPublished() {
        withPat().organization().setRunners(List.of(
                FakeRunner.busy(1, "r-busy", LABEL),
                FakeRunner.offline(2, "r-off-1", LABEL),
                FakeRunner.offline(3, "r-off-2", LABEL),
                FakeRunner.idle(4, "r-idle", LABEL)));

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 1, 1);
        assertThat(run.result().output().path("offlineRunners").asInt()).isEqualTo(2);
    }

    @Test
    void zeroMatchingRunners_publishesZeroAndZero() {
        withPat().organization().setRunners(List.of(FakeRunner.busy(1, "r-else", "installation_id:else")));

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 0, 0);
    }

    @Test
    void primaryRateLimitExhausted_failsWithoutRetry_publishesNothing() {
        withPat().organization().setRunners(mixed());
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.primaryRateLimit(Duration.ofMinutes(40)));

        LocalWorkflow.Run run = run();

        assertFailedIn(run, "ListRunnersFailed", "dev.recordmetric.errors.RateLimitExhaustedException", "primary rate limit");
        assertThat(run.result().cause()).contains("does not fit this run");
        assertThat(run.result().eventsOfType("StateRetried")).isEmpty();
        assertThat(run.result().statesEntered()).doesNotContain("WaitForListRunnersRateLimit");
        assertThat(run.invocations()).hasSize(2);
        assertThat(backends.github().requestCount(RUNNERS_PATH)).as("no request after the rate limit").isEqualTo(1);
    }

    @Test
    void serverErrorOnce_thenSucceeds() {
        withPat().organization().setRunners(mixed());
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.serverError(502));

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 2, 1);
        assertThat(run.result().stateEvents("ListRunners", "StateFailed")).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo("dev.recordmetric.errors.TransientException"));
        assertThat(run.result().stateEvents("ListRunners", "StateRetried")).hasSize(1);
    }

    @Test
    void missingRunnersPermission403_failsAtOnceNamingThePermission() {
        withPat().organization().setRunners(mixed());
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.missingPermission());

        LocalWorkflow.Run run = run();

        assertFailedIn(run, "ListRunnersFailed", "dev.recordmetric.errors.AuthenticationException", "HTTP 403");
        assertThat(run.result().cause()).contains("organization_self_hosted_runners").contains("admin:org");
        assertThat(run.result().eventsOfType("StateRetried")).isEmpty();
    }

    @Test
    void malformedSecret_failsInGetTokenWithAClearCause() {
        withPat().organization().setRunners(mixed());
        backends.putSecret("{\"token\": \"" + PAT + "\"}");

        LocalWorkflow.Run run = run();

        assertFailedIn(run, "GetTokenFailed", "dev.recordmetric.errors.InvalidConfigurationException", "plain-text value");
        assertThat(run.result().statesEntered()).containsExactly("StartRun", "GetToken", "GetTokenFailed");
        assertThat(run.result().eventsOfType("StateRetried")).isEmpty();
    }

    @Test
    void tenThousandMatchingRunners_countsExactlyAndEveryStateStaysUnder256KiB() {
        List<FakeRunner> runners = FakeRunners.generate(10_000, INSTALLATION);
        int busy = (int) runners.stream().filter(r -> r.online() && r.busy()).count();
        int idle = (int) runners.stream().filter(r -> r.online() && !r.busy()).count();
        withPat().organization().setRunners(runners);

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, busy, idle);
        assertThat(listing(run).path("runnersSeen").asInt()).isEqualTo(10_000);
    }
}
