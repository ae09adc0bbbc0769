package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What real GitHub does to a run, on the local engine with the real definition and handlers:
 * rate limits (waited out in the Wait states exactly as long as GitHub asks, or failing the run
 * without another request), a rejected token (one refresh), a stalled GitHub (a named retryable
 * error inside the task) and runners churning while they are listed. Waits are real: the fake
 * GitHub's recorded request times show that no request came before GitHub allowed it (an ordering
 * of events, not a speed). Each case appends its request times to
 * {@code target/rate-limit-timings.txt}.
 */
class GitHubLimitsScenariosTest {

    private static final String ORG = "acme";
    private static final String INSTALLATION = "abc";
    private static final String LABEL = "installation_id:" + INSTALLATION;
    private static final String PAT = "ghp_limitsScenarioPat0123456789abcdefAB";
    private static final String RUNNERS_PATH = "/orgs/" + ORG + "/actions/runners";
    private static final Path TIMINGS = Path.of("target", "rate-limit-timings.txt");

    private static LocalWorkflow workflow;
    private FakeBackends backends;

    @BeforeAll
    static void startEngine() {
        workflow = ScenarioEngine.builder().start();
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
        backends.organization().setRunners(List.of(
                FakeRunner.busy(1, "r-busy-1", LABEL), FakeRunner.busy(2, "r-busy-2", LABEL), FakeRunner.idle(3, "r-idle", LABEL)));
        return backends;
    }

    private FakeBackends withApp() {
        KeyPair keys = TestKeys.rsaKeyPair();
        backends = FakeBackends.start(ORG, INSTALLATION).useApp(keys, TestKeys.pkcs1Pem(keys.getPrivate()));
        backends.organization().setRunners(List.of(FakeRunner.busy(1, "r-busy-1", LABEL), FakeRunner.idle(3, "r-idle", LABEL)));
        return backends;
    }

    private LocalWorkflow.Run run() {
        workflow.useHandlers(backends.getTokenHandler(), backends.listRunnersHandler());
        return workflow.run(ScenarioEngine.NO_RETRY_WAITS);
    }

    private List<RecordedRequest> requests(String pathPrefix) {
        return backends.github().requests().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private static void assertPublished(LocalWorkflow.Run run, int busy, int idle) {
        assertThat(run.status()).as("cause: %s", run.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.datapoints()).filteredOn(d -> d.metricName().equals("BusyRunners") || d.metricName().equals("IdleRunners"))
                .extracting(CloudWatchPutMetricData.Datapoint::value).containsExactly((double) busy, (double) idle);
    }

    private static void assertFailed(LocalWorkflow.Run run, String failState, String error) {
        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.result().statesEntered()).last().isEqualTo(failState);
        assertThat(run.result().error()).isEqualTo(error);
        assertThat(run.datapoints()).as("nothing is published on failure").isEmpty();
    }

    /** Appends the requests' times, relative to the first, and GitHub's allowed time to the timings file. */
    private static void record(String scenario, List<RecordedRequest> requests, Instant allowedAt) {
        Instant first = requests.getFirst().receivedAt();
        StringBuilder line = new StringBuilder(scenario).append(": ").append(requests.size()).append(" request(s) at");
        requests.forEach(r -> line.append(String.format(Locale.ROOT, " +%.3f s", Duration.between(first, r.receivedAt()).toNanos() / 1e9)));
        if (allowedAt != null) {
            line.append(String.format(Locale.ROOT, "; GitHub allowed the next at +%.3f s",
                    Duration.between(first, allowedAt).toNanos() / 1e9));
        }
        try {
            Files.createDirectories(TIMINGS.getParent());
            Files.writeString(TIMINGS, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(line);
    }

    @Test
    void secondaryLimitWithRetryAfter2_waitsInTheWaitState_andSendsTheNextRequestNoEarlierThan2sLater() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.secondaryRateLimit(429, Duration.ofSeconds(2)));

        LocalWorkflow.Run run = run();

        assertPublished(run, 2, 1);
        assertThat(run.result().statesEntered()).containsSubsequence("ListRunners", "ListRunnersRateLimited",
                "CountListRunnersWait", "WaitForListRunnersRateLimit", "ListRunners", "CountRunners");
        assertThat(run.result().eventsOfType("StateRetried")).as("no jittered Retry of a rate limit").isEmpty();
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        assertThat(sent).hasSize(2);
        Instant allowed = sent.get(0).receivedAt().plusSeconds(2);
        record("secondary limit, retry-after: 2", sent, allowed);
        assertThat(sent.get(1).receivedAt()).as("not before retry-after").isAfterOrEqualTo(allowed);
    }

    @Test
    void primaryLimitAtZeroWithResetIn10s_sendsNothingBeforeTheReset_thenListsOnce() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.primaryRateLimit(429, Duration.ofSeconds(10)));

        LocalWorkflow.Run run = run();

        assertPublished(run, 2, 1);
        assertThat(run.result().statesEntered()).contains("WaitForListRunnersRateLimit");
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        assertThat(sent).as("the rate-limited request, then one after the reset").hasSize(2);
        Instant reset = Instant.ofEpochSecond(sent.get(0).receivedAt().plusSeconds(10).getEpochSecond());
        record("primary limit at 0, reset in 10 s", sent, reset);
        assertThat(sent.get(1).receivedAt()).as("not before x-ratelimit-reset").isAfterOrEqualTo(reset);
    }

    @Test
    void retryAfterAsAnHttpDate_waitsUntilThatDate() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.secondaryRateLimitHttpDate(403, Duration.ofSeconds(2)));

        LocalWorkflow.Run run = run();

        assertPublished(run, 2, 1);
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        assertThat(sent).hasSize(2);
        // The fake's date: its clock at the first request plus 2 s, rounded up to the second; at least this.
        Instant date = wholeSecondAtOrAfter(sent.get(0).receivedAt().plusSeconds(2));
        record("secondary limit, Retry-After as HTTP date 2 s away", sent, date);
        assertThat(sent.get(1).receivedAt()).as("not before the HTTP date").isAfterOrEqualTo(date);
    }

    private static Instant wholeSecondAtOrAfter(Instant instant) {
        Instant truncated = instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return truncated.equals(instant) ? instant : truncated.plusSeconds(1);
    }

    @Test
    void waitThatDoesNotFitTheRun_failsNamedWithOneRequestOnly() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.secondaryRateLimit(403, Duration.ofSeconds(50)));

        LocalWorkflow.Run run = run();

        assertFailed(run, "ListRunnersFailed", "dev.recordmetric.errors.RateLimitedException");
        assertThat(run.result().cause()).contains("does not fit this run");
        assertThat(run.result().statesEntered()).doesNotContain("WaitForListRunnersRateLimit");
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        record("secondary limit, retry-after: 50 (does not fit)", sent, sent.get(0).receivedAt().plusSeconds(50));
        assertThat(sent).hasSize(1);
    }

    @Test
    void tooManyRequestsWithoutHeaders_failsAsRateLimitedAtOnce() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.bareTooManyRequests());

        LocalWorkflow.Run run = run();

        assertFailed(run, "ListRunnersFailed", "dev.recordmetric.errors.RateLimitedException");
        assertThat(run.result().cause()).contains("at least one minute");
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        record("429 without headers", sent, sent.get(0).receivedAt().plusSeconds(60));
        assertThat(sent).hasSize(1);
    }

    @Test
    void secondaryLimitWithoutRetryAfter_failsAsRateLimitedAtOnce() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.secondaryRateLimitWithoutRetryAfter(403));

        LocalWorkflow.Run run = run();

        assertFailed(run, "ListRunnersFailed", "dev.recordmetric.errors.RateLimitedException");
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        record("secondary limit without retry-after", sent, sent.get(0).receivedAt().plusSeconds(60));
        assertThat(sent).hasSize(1);
    }

    @Test
    void warmFunctionThatKnowsTheLimitHolds_sendsNoRequestAndFailsTheSameWay() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.primaryRateLimit(Duration.ofMinutes(40)));
        workflow.useHandlers(backends.getTokenHandler(), backends.listRunnersHandler());
        LocalWorkflow.Run first = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        LocalWorkflow.Run second = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        assertFailed(first, "ListRunnersFailed", "dev.recordmetric.errors.RateLimitExhaustedException");
        assertFailed(second, "ListRunnersFailed", "dev.recordmetric.errors.RateLimitExhaustedException");
        assertThat(second.result().cause()).contains("sends no request to GitHub before");
        List<RecordedRequest> sent = requests(RUNNERS_PATH);
        record("warm instance blocked until the reset (two runs)", sent, sent.get(0).receivedAt().plusSeconds(2400));
        assertThat(sent).as("only the first run's request").hasSize(1);
    }

    @Test
    void appTokenMintRateLimited_waitsInGetTokensWaitState() {
        withApp();
        backends.github().faults().nextOn("/app", Fault.secondaryRateLimit(403, Duration.ofSeconds(2)));

        LocalWorkflow.Run run = run();

        assertPublished(run, 1, 1);
        assertThat(run.result().statesEntered()).containsSubsequence("GetToken", "GetTokenRateLimited", "CountGetTokenWait",
                "WaitForGetTokenRateLimit", "GetToken", "GetTokenRateLimited", "ListRunners");
        List<RecordedRequest> sent = requests("/app");
        Instant allowed = sent.get(0).receivedAt().plusSeconds(2);
        record("App mint, secondary limit on GET /app, retry-after: 2", sent, allowed);
        assertThat(sent.get(1).receivedAt()).isAfterOrEqualTo(allowed);
    }

    @Test
    void revokedCachedAppToken_isReplacedOnce_andTheRunPublishes() {
        withApp();
        workflow.useHandlers(backends.getTokenHandler(), backends.listRunnersHandler());
        assertPublished(workflow.run(ScenarioEngine.NO_RETRY_WAITS), 1, 1);
        backends.github().revokeInstallationTokens();

        LocalWorkflow.Run run = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        assertPublished(run, 1, 1);
        assertThat(run.result().statesEntered()).containsSubsequence("GetToken", "ListRunners", "TokenRejected",
                "RefreshToken", "GetToken", "ListRunners", "CountRunners");
        assertThat(run.result().stateEvents("GetToken", "StateExited")).first()
                .satisfies(e -> assertThat(e.output().path("token").path("fromCache").asBoolean()).isTrue());
        assertThat(backends.github().mintedTokens()).as("the first run's, and the refresh").hasSize(2);
    }

    @Test
    void tokenRejectedTwice_failsSayingWhatToCheck() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.badCredentials(), Fault.badCredentials());

        LocalWorkflow.Run run = run();

        assertFailed(run, "ListRunnersFailed", "dev.recordmetric.errors.TokenRejectedException");
        assertThat(run.result().statesEntered()).containsOnlyOnce("RefreshToken");
        assertThat(run.result().cause()).contains("again").contains("suspended").contains("revoked").contains("secret");
    }

    @Test
    void gitHubStallingLongerThanTheTask_failsTransientInsideTheTask_andTheRetryLists() {
        withPat();
        backends.github().faults().nextOn(RUNNERS_PATH, Fault.slowResponse(Duration.ofSeconds(12)));

        LocalWorkflow.Run run = run();

        assertPublished(run, 2, 1);
        assertThat(run.result().stateEvents("ListRunners", "StateFailed")).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo("dev.recordmetric.errors.TransientException"));
        assertThat(run.result().eventsOfType("StateFailed")).noneMatch(e -> "States.Timeout".equals(e.error()));
    }

    /**
     * Issue 17 replaced "fail inconsistent, publish nothing" for a complete listing: runners churning
     * on every page served are published with their bound, in the run's one PutMetricData request.
     */
    @Test
    void runnersChurningOnEveryPage_publishesTheCountsWithTheirUncertainty() {
        withPat();
        backends.organization().setRunners(FakeRunners.generate(250, INSTALLATION));
        var next = new java.util.concurrent.atomic.AtomicLong(90_000);
        backends.organization().onPageServed(page -> {
            backends.organization().removeRunner(backends.organization().runners().get(0).id());
            backends.organization().addRunner(FakeRunner.idle(next.incrementAndGet(), "churn-" + next.get(), LABEL));
        });

        LocalWorkflow.Run run = run();

        assertThat(run.status()).as("cause: %s", run.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.datapoints()).extracting(CloudWatchPutMetricData.Datapoint::metricName)
                .contains("BusyRunners", "IdleRunners", "OfflineRunners", "RunnerCountUncertainty");
        assertThat(run.datapoints()).filteredOn(d -> d.metricName().equals("RunnerCountUncertainty")).singleElement()
                .satisfies(d -> assertThat(d.value()).as("the churn is in the bound").isPositive());
        assertThat(requests(RUNNERS_PATH)).as("two listings of 3 pages at most, never a third").hasSizeLessThanOrEqualTo(8);
    }
}
