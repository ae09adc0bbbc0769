package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.InstallationTokenFormat;
import dev.recordmetric.fakes.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static LocalWorkflow workflow;
    private FakeBackends backends;
    /** Strings that must appear nowhere: the tokens and key material of the scenario. */
    private final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void startEngine() {
        workflow = ScenarioEngine.builder().metricNamespace(NAMESPACE).start();
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
        return withPat(Map.of(ASG, INSTALLATION));
    }

    private FakeBackends withPat(Map<String, String> pools) {
        backends = FakeBackends.start(ORG, pools).usePat(PAT);
        secrets.add(PAT);
        return backends;
    }

    private void useHandlers() {
        backends.useIn(workflow);
    }

    private LocalWorkflow.Run run() {
        useHandlers();
        LocalWorkflow.Run run = workflow.run(ScenarioEngine.NO_RETRY_WAITS);
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
        assertPublished(run, busy, idle, run.result().output().path("offlineRunners").asInt());
    }

    /**
     * One request: the pool's three datapoints and their uncertainty (0: the fleet stands still while
     * it is listed), then the API budget the last GitHub response reported.
     */
    private static void assertPublished(LocalWorkflow.Run run, int busy, int idle, int offline) {
        Instant observedAt = Instant.parse(listing(run).path("observedAt").asText());
        assertThat(observedAt.truncatedTo(ChronoUnit.SECONDS)).isEqualTo(observedAt);
        assertThat(workflow.metrics().requests(run.result().executionArn())).hasSize(1);
        var deployment = Map.of("state_machine", LocalWorkflow.STATE_MACHINE_NAME);
        assertThat(run.datapoints()).containsExactly(
                new CloudWatchPutMetricData.Datapoint(NAMESPACE, "BusyRunners", Map.of("asg_name", ASG), observedAt, (double) busy, "Count"),
                new CloudWatchPutMetricData.Datapoint(NAMESPACE, "IdleRunners", Map.of("asg_name", ASG), observedAt, (double) idle, "Count"),
                new CloudWatchPutMetricData.Datapoint(NAMESPACE, "OfflineRunners", Map.of("asg_name", ASG), observedAt, (double) offline, "Count"),
                new CloudWatchPutMetricData.Datapoint(NAMESPACE, "RunnerCountUncertainty", Map.of("asg_name", ASG), observedAt, 0.0, "Count"),
                new CloudWatchPutMetricData.Datapoint(NAMESPACE, "GitHubApiRemaining", deployment, observedAt,
                        listing(run).path("rateLimitRemaining").asDouble(), "Count"),
                new CloudWatchPutMetricData.Datapoint(NAMESPACE, "GitHubApiLimit", deployment, observedAt, 5000.0, "Count"));
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
        assertThat(run.result().output().path("summary").asText()).startsWith("2 busy, 1 idle and 0 offline runners in 1 pools of "
                + ORG + " at ");
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
        backends = FakeBackends.start(ORG, Map.of(ASG, INSTALLATION)).useApp(keys, pem);
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

    /** GitHub's ghs_<app id>_<JWT> installation tokens, about 520 characters ("Generating an installation access token for a GitHub App"). */
    @Test
    void happyPath_withAppTokensOfTheAppIdJwtShape_publishes_reusesTheCachedToken_andWritesItNowhere() {
        KeyPair keys = TestKeys.rsaKeyPair();
        backends = FakeBackends.start(ORG, Map.of(ASG, INSTALLATION)).useApp(keys, TestKeys.pkcs1Pem(keys.getPrivate()));
        backends.github().installationTokenFormat(InstallationTokenFormat.APP_ID_JWT);
        backends.organization().setRunners(mixed());
        useHandlers();

        LocalWorkflow.Run first = workflow.run(ScenarioEngine.NO_RETRY_WAITS);
        LocalWorkflow.Run second = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        assertSucceeded(first);
        assertPublished(first, 2, 1);
        assertSucceeded(second);
        assertPublished(second, 2, 1);
        assertThat(second.result().stateOutput("GetToken").orElseThrow().path("token").path("fromCache").asBoolean()).isTrue();
        String token = backends.github().mintedTokens().getFirst().token();
        assertThat(backends.github().mintedTokens()).hasSize(1);
        assertThat(token).startsWith("ghs_" + FakeBackends.APP_ID + "_").hasSizeGreaterThan(400);
        assertThat(backends.github().requests()).filteredOn(r -> r.path().startsWith(RUNNERS_PATH)).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).hasValueSatisfying(v -> assertThat(v).endsWith(" " + token)));
        secrets.add(token);
        secrets.add(token.substring(token.lastIndexOf('.') + 1));
        assertNoSecretAnywhere(first);
        assertNoSecretAnywhere(second);
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
        assertThat(backends.github().requestCount(RUNNERS_PATH)).as("three pages, then each again with If-None-Match").isEqualTo(6);
        assertThat(listing(run).path("notModified").asInt()).as("a still fleet: all three 304").isEqualTo(3);
    }

    @Test
    void offlineRunners_arePublishedAsOfflineRunners() {
        withPat().organization().setRunners(List.of(
                FakeRunner.busy(1, "r-busy", LABEL),
                FakeRunner.offline(2, "r-off-1", LABEL),
                FakeRunner.offline(3, "r-off-2", LABEL),
                FakeRunner.idle(4, "r-idle", LABEL)));

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 1, 1, 2);
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

    @Test
    void twoPools_fromOneListing_publishEachPoolInOneRequest() {
        var pools = new LinkedHashMap<String, String>();
        pools.put("small-runners", "small");
        pools.put("large-runners", "large");
        List<FakeRunner> runners = List.of(
                FakeRunner.busy(1, "s-1", "installation_id:small"), FakeRunner.idle(2, "s-2", "installation_id:small"),
                FakeRunner.busy(3, "l-1", "installation_id:large"), FakeRunner.busy(4, "l-2", "installation_id:large"),
                FakeRunner.offline(5, "l-3", "installation_id:large"), FakeRunner.idle(6, "x", "installation_id:other"));
        withPat(pools).organization().setRunners(runners);

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertThat(backends.github().requestCount(RUNNERS_PATH)).as("one listing for both pools").isEqualTo(1);
        assertThat(workflow.metrics().requests(run.result().executionArn())).as("one PutMetricData request").hasSize(1);
        assertThat(run.datapoints()).extracting(d -> d.metricName() + " " + d.dimensions() + " " + d.value().intValue())
                .containsExactly(
                        "BusyRunners {asg_name=small-runners} 1", "IdleRunners {asg_name=small-runners} 1",
                        "OfflineRunners {asg_name=small-runners} 0", "RunnerCountUncertainty {asg_name=small-runners} 0",
                        "BusyRunners {asg_name=large-runners} 2", "IdleRunners {asg_name=large-runners} 0",
                        "OfflineRunners {asg_name=large-runners} 1", "RunnerCountUncertainty {asg_name=large-runners} 0",
                        "GitHubApiRemaining {state_machine=record-metric} " + listing(run).path("rateLimitRemaining").asInt(),
                        "GitHubApiLimit {state_machine=record-metric} 5000");
        assertThat(listing(run).path("pools")).extracting(p -> p.path("asgName").asText() + ": " + p.path("busy").path("names"))
                .containsExactly("small-runners: [\"s-1\"]", "large-runners: [\"l-1\",\"l-2\"]");
        assertThat(run.result().output().path("summary").asText()).startsWith("3 busy, 1 idle and 1 offline runners in 2 pools of acme");
    }

    @Test
    void twentyPools_enterTheSameStatesAsOne() {
        withPat().organization().setRunners(FakeRunners.generate(300, INSTALLATION));
        LocalWorkflow.Run one = run();
        backends.close();
        var pools = new LinkedHashMap<String, String>();
        List<FakeRunner> runners = new ArrayList<>();
        for (int pool = 1; pool <= 20; pool++) {
            pools.put("pool-" + pool, "p" + pool);
            for (FakeRunner r : FakeRunners.generate(15, "p" + pool, pool)) {
                runners.add(new FakeRunner(pool * 100L + r.id(), "p" + pool + "-" + r.name(), r.os(), r.status(), r.busy(), r.labels()));
            }
        }
        withPat(pools).organization().setRunners(runners);

        LocalWorkflow.Run twenty = run();

        assertSucceeded(one);
        assertSucceeded(twenty);
        assertThat(twenty.result().statesEntered()).as("no state per pool").isEqualTo(one.result().statesEntered());
        assertThat(twenty.result().events().size()).isEqualTo(one.result().events().size());
        assertThat(twenty.datapoints()).as("per pool three counts and their uncertainty").hasSize(4 * 20 + 2);
        assertThat(one.datapoints()).hasSize(4 + 2);
        assertThat(workflow.metrics().requests(twenty.result().executionArn())).hasSize(1);
        System.out.println("states entered per execution, 1 pool: " + one.result().statesEntered().size() + ", 20 pools: "
                + twenty.result().statesEntered().size() + "; events: " + one.result().events().size() + " and "
                + twenty.result().events().size());
    }

    @Test
    void fiftyPoolsOfTenThousandRunners_everyStateStaysUnder256KiB() {
        var pools = new LinkedHashMap<String, String>();
        List<FakeRunner> runners = new ArrayList<>();
        for (int pool = 0; pool < 50; pool++) {
            String id = "%02d".formatted(pool) + "i".repeat(82);
            pools.put("%02d".formatted(pool) + "g".repeat(253), id);
            for (int i = 0; i < 200; i++) {
                int n = pool * 200 + i;
                runners.add(new FakeRunner(10_000L + n, "runner-i-0123456789abcdef0-" + n, "Linux", n % 10 == 0 ? "offline" : "online",
                        n % 3 == 0, List.of("self-hosted", "installation_id:" + id)));
            }
        }
        withPat(pools).organization().setRunners(runners);

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertThat(run.datapoints()).as("per pool three counts and their uncertainty, and the API budget's 2").hasSize(202);
        assertThat(listing(run).path("runnersSeen").asInt()).isEqualTo(10_000);
        int largest = run.result().events().stream().mapToInt(e -> Math.max(bytes(e.input()), bytes(e.output()))).max().orElseThrow();
        System.out.println("50 pools, 10,000 runners, 255-character group names: largest state " + largest + " bytes");
    }

    @Test
    void gitHubWithoutRateLimitHeaders_publishesTheRunnersButNoApiBudget() {
        withPat().organization().setRunners(mixed());
        backends.github().rateLimitHeaders(false);

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertThat(run.datapoints()).extracting(CloudWatchPutMetricData.Datapoint::metricName)
                .containsExactly("BusyRunners", "IdleRunners", "OfflineRunners", "RunnerCountUncertainty");
    }

    @Test
    void runnerGroup_listsOnlyThatGroupsRunners() {
        withPat().organization().setRunners(mixed()).addRunnerGroup(12, "ci").moveToGroup(12, 1, 3);
        backends.runnerGroup(12);

        LocalWorkflow.Run run = run();

        assertSucceeded(run);
        assertPublished(run, 1, 1, 0);
        assertThat(listing(run).path("runnersSeen").asInt()).isEqualTo(2);
        assertThat(backends.github().requestCount("/orgs/" + ORG + "/actions/runner-groups/12/runners")).isEqualTo(1);
        assertThat(backends.github().requestCount(RUNNERS_PATH)).isZero();
    }

    /**
     * A function deployed with RUNNER_INSTALLATION_ID alone under the definition before pools (which
     * named the group itself): the counts it reads are still there.
     */
    @Test
    void installationIdAlone_underTheDefinitionBeforePools_stillPublishesBusyAndIdle() throws Exception {
        String before;
        try (var in = getClass().getResourceAsStream("/record-metric-before-pools.asl.json")) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        withPat().installationIdAlone().organization().setRunners(mixed());
        try (LocalWorkflow old = ScenarioEngine.builder().metricNamespace(NAMESPACE)
                .definition(before, Map.of("AsgName", ASG)).start()) {
            backends.useIn(old);

            LocalWorkflow.Run run = old.run(ScenarioEngine.NO_RETRY_WAITS);

            assertSucceeded(run);
            assertThat(run.datapoints()).extracting(d -> d.metricName() + " " + d.dimensions() + " " + d.value().intValue())
                    .containsExactly("BusyRunners {asg_name=ci-runners} 2", "IdleRunners {asg_name=ci-runners} 1");
            assertThat(run.result().output().path("summary").asText()).startsWith("2 busy, 1 idle and 0 offline runners labelled " + LABEL);
        }
    }
}
