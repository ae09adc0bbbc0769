package dev.recordmetric.listrunners;

import static dev.recordmetric.listrunners.LedgerJobs.completed;
import static dev.recordmetric.listrunners.LedgerJobs.inProgress;
import static dev.recordmetric.listrunners.LedgerJobs.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.LedgerJob;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ListRunners with the job ledger: the real handler, GitHub's runner listing from the loopback fake,
 * the ledger table (LedgerTableSchema's) in moto's DynamoDB, written by the ledger's one write rule.
 */
class ListRunnersDemandTest {

    private static final String PAT = "ghp_listRunnersDemandPat0123456789abcdef";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:run-1";
    private static final String MACHINE = "record-metric-acme";
    private static final DynamoDbClient DYNAMO_DB = MotoProcess.shared().client(DynamoDbClient.builder());

    private FakeGitHub github;
    private FakeAws aws;
    private FakeAwsClients clients;
    private String keyArn;
    private String table;
    private JobLedger ledger;
    /** The last invocation's. */
    private RecordingLambdaContext context;

    @BeforeEach
    void start() {
        github = FakeGitHub.start().acceptToken(PAT, "admin:org");
        aws = FakeAws.start();
        clients = new FakeAwsClients(aws.endpoint());
        keyArn = aws.createKey();
        table = "job-ledger-" + UUID.randomUUID();
        LedgerTableSchema.create(DYNAMO_DB, table);
        ledger = new JobLedger(DYNAMO_DB, table, LedgerRetention.DEFAULT);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
        github.close();
    }

    @Test
    void aBurstOf50QueuedJobs_forAPoolOf2Runners_publishesQueuedJobs50() throws IOException {
        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "small-1", "self-hosted", "linux", "installation_id:abc"),
                FakeRunner.busy(2, "small-2", "self-hosted", "linux", "installation_id:abc"),
                FakeRunner.idle(3, "large-1", "self-hosted", "linux", "large", "installation_id:xyz")));
        Instant now = Instant.now();
        for (int job = 1; job <= 50; job++) {
            record(queued(job, now.minusSeconds(job), "self-hosted", "linux"));
        }

        JsonNode output = invoke(env(true));

        assertThat(datum(output, "QueuedJobs", "small").path("Value").asInt()).isEqualTo(50);
        assertThat(datum(output, "QueuedJobs", "large").path("Value").asInt()).isZero();
        assertThat(datum(output, "OldestQueuedJobAgeSeconds", "small").path("Value").asLong()).isBetween(49L, 60L);
        assertThat(datum(output, "OldestQueuedJobAgeSeconds", "small").path("Unit").asText()).isEqualTo("Seconds");
        assertThat(datum(output, "UnmatchedQueuedJobs", MACHINE).path("Value").asInt()).isZero();
        assertThat(output.path("pools").get(0).path("queued").asInt()).isEqualTo(50);
        assertThat(output.path("pools").get(0).path("oldestQueuedSeconds").asLong()).isBetween(49L, 60L);
        assertThat(output.path("unmatchedQueuedJobs").asInt()).isZero();
        assertThat(context.logLines()).singleElement().asString()
                .contains("\"queued\":50").contains("\"queuedByPool\":\"small=50,large=0\"").contains("\"unmatchedQueuedJobs\":0");
    }

    @Test
    void aPoolWithoutRunners_getsItsQueuedJobsThroughPoolJobLabels_andJobsNoPoolFitsAreUnmatched() throws IOException {
        github.organization("acme").setRunners(List.of(FakeRunner.idle(1, "small-1", "self-hosted", "installation_id:abc")));
        record(queued(1, Instant.now(), "self-hosted", "Large"));
        record(queued(2, Instant.now(), "self-hosted", "gpu"));
        Map<String, String> env = env(true);
        env.put("POOL_JOB_LABELS", "{\"large\": [\"self-hosted\", \"linux\", \"large\"]}");

        JsonNode output = invoke(env);

        assertThat(datum(output, "QueuedJobs", "large").path("Value").asInt()).isEqualTo(1);
        assertThat(datum(output, "QueuedJobs", "small").path("Value").asInt()).isZero();
        assertThat(datum(output, "UnmatchedQueuedJobs", MACHINE).path("Value").asInt()).isEqualTo(1);
    }

    /** Issue 20: a runner whose busy flag lags 40 s is busy from the first run after the in_progress delivery. */
    @Test
    void aRunnerWhoseBusyFlagLags_isBusyFromTheFirstRunAfterTheInProgressDelivery_andIdleOnceItsJobCompleted() throws IOException {
        Instant now = Instant.now();
        github.organization("acme").setRunners(List.of(
                FakeRunner.idle(1, "small-1", "self-hosted", "linux", "installation_id:abc"),
                FakeRunner.idle(2, "small-2", "self-hosted", "linux", "installation_id:abc")));
        LedgerJob running = inProgress(7, now.minusSeconds(30), now.minusSeconds(5), 1, "small-1", "self-hosted", "linux");
        record(running);

        JsonNode whileRunning = invoke(env(true));

        assertThat(datum(whileRunning, "BusyRunners", "small").path("Value").asInt()).isEqualTo(1);
        assertThat(datum(whileRunning, "IdleRunners", "small").path("Value").asInt()).isEqualTo(1);
        assertThat(datum(whileRunning, "BusyFlagDisagreements", "small").path("Value").asInt()).isEqualTo(1);
        assertThat(whileRunning.path("pools").get(0).path("busy").path("names").toString()).isEqualTo("[\"small-1\"]");
        assertThat(whileRunning.path("pools").get(0).path("busyFlagDisagreements").asInt()).isEqualTo(1);

        // The job completes; GitHub's flag now says busy and lags behind the other way.
        record(completed(running, Instant.now()));
        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "small-1", "self-hosted", "linux", "installation_id:abc"),
                FakeRunner.idle(2, "small-2", "self-hosted", "linux", "installation_id:abc")));

        JsonNode afterCompletion = invoke(env(true));

        assertThat(datum(afterCompletion, "BusyRunners", "small").path("Value").asInt()).isZero();
        assertThat(datum(afterCompletion, "IdleRunners", "small").path("Value").asInt()).isEqualTo(2);
        assertThat(datum(afterCompletion, "BusyFlagDisagreements", "small").path("Value").asInt()).isEqualTo(1);

        github.organization("acme").setRunners(List.of(
                FakeRunner.idle(1, "small-1", "self-hosted", "linux", "installation_id:abc"),
                FakeRunner.idle(2, "small-2", "self-hosted", "linux", "installation_id:abc")));

        JsonNode settled = invoke(env(true));

        assertThat(datum(settled, "IdleRunners", "small").path("Value").asInt()).isEqualTo(2);
        assertThat(datum(settled, "BusyFlagDisagreements", "small").path("Value").asInt()).isZero();
    }

    @Test
    void jobWaitSeconds_holdsTheWaitOfEachJobStartedSinceThePreviousRun_once() throws IOException {
        Instant now = Instant.now();
        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "small-1", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(2, "small-2", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(3, "small-3", "self-hosted", "installation_id:abc")));
        record(inProgress(1, now.minusSeconds(40), now.minusSeconds(15), 1, "small-1", "self-hosted"));
        record(inProgress(2, now.minusSeconds(35), now.minusSeconds(10), 2, "small-2", "self-hosted"));
        // Started long before this first run: not "since the previous run".
        record(inProgress(3, now.minusSeconds(3_600), now.minusSeconds(3_000), 3, "small-3", "self-hosted"));

        JsonNode first = invoke(env(true));

        JsonNode waits = datum(first, "JobWaitSeconds", "small");
        assertThat(waits.path("Values").toString()).isEqualTo("[25]");
        assertThat(waits.path("Counts").toString()).isEqualTo("[2]");
        assertThat(waits.path("Unit").asText()).isEqualTo("Seconds");
        assertThat(waits.has("Value")).isFalse();

        JsonNode second = invoke(env(true));

        assertThat(data(second, "JobWaitSeconds")).isEmpty();

        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "small-1", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(2, "small-2", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(3, "small-3", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(4, "small-4", "self-hosted", "installation_id:abc")));
        record(inProgress(4, now.minusSeconds(70), now.minusSeconds(2), 4, "small-4", "self-hosted"));

        JsonNode third = invoke(env(true));

        assertThat(datum(third, "JobWaitSeconds", "small").path("Values").toString()).isEqualTo("[68]");
        assertThat(datum(third, "JobWaitSeconds", "small").path("Counts").toString()).isEqualTo("[1]");
        assertThat(third.path("pools").get(0).path("jobsStarted").asInt()).isEqualTo(1);
    }

    /**
     * A job queued, started and completed between two runs is never in progress when ListRunners reads
     * the ledger: its wait comes from the job-starts index, published once at the next run.
     */
    @Test
    void aJobThatStartsAndCompletesBetweenTwoRuns_hasItsWaitPublishedOnceAtTheNextRun() throws IOException {
        Instant now = Instant.now();
        github.organization("acme").setRunners(List.of(
                FakeRunner.idle(1, "small-1", "self-hosted", "installation_id:abc"),
                FakeRunner.idle(2, "small-2", "self-hosted", "installation_id:abc")));
        // Started and completed before the first run, 5 minutes ago: not "since the previous run" (no cursor).
        LedgerJob before = inProgress(40, now.minusSeconds(330), now.minusSeconds(300), 2, "small-2", "self-hosted");
        record(before);
        record(completed(before, now.minusSeconds(240)));

        JsonNode first = invoke(env(true));

        assertThat(data(first, "JobWaitSeconds")).isEmpty();

        LedgerJob shortJob = inProgress(41, now.minusSeconds(20), now.minusSeconds(8), 1, "small-1", "self-hosted");
        record(queued(41, now.minusSeconds(20), "self-hosted"));
        record(shortJob);
        record(completed(shortJob, now.minusSeconds(3)));

        JsonNode second = invoke(env(true));

        assertThat(datum(second, "JobWaitSeconds", "small").path("Values").toString()).isEqualTo("[12]");
        assertThat(datum(second, "JobWaitSeconds", "small").path("Counts").toString()).isEqualTo("[1]");
        assertThat(second.path("pools").get(0).path("jobsStarted").asInt()).isEqualTo(1);

        JsonNode third = invoke(env(true));

        assertThat(data(third, "JobWaitSeconds")).isEmpty();
    }

    /**
     * A start recorded late (the repairs recover a delivery GitHub failed: the job in the ledger only
     * after the run that followed its start) is published once, at the first run that reads it, as long
     * as it started within Demand.STARTS_WINDOW; one that started before the window is not.
     */
    @Test
    void aStartRecordedLate_isPublishedOnce_withinTheStartsWindow() throws IOException {
        Instant now = Instant.now();
        github.organization("acme").setRunners(List.of(
                FakeRunner.idle(1, "small-1", "self-hosted", "installation_id:abc"),
                FakeRunner.idle(2, "small-2", "self-hosted", "installation_id:abc")));

        JsonNode first = invoke(env(true));

        assertThat(data(first, "JobWaitSeconds")).isEmpty();

        // Repaired after the fact: straight to completed, as reconciliation records what GitHub answers.
        record(completed(inProgress(50, now.minusSeconds(400), now.minusSeconds(300), 1, "small-1", "self-hosted"),
                now.minusSeconds(200)));
        record(completed(inProgress(51, now.minusSeconds(1_300), now.minusSeconds(1_200), 2, "small-2", "self-hosted"),
                now.minusSeconds(1_100)));

        JsonNode second = invoke(env(true));

        assertThat(datum(second, "JobWaitSeconds", "small").path("Values").toString()).isEqualTo("[100]");
        assertThat(datum(second, "JobWaitSeconds", "small").path("Counts").toString()).isEqualTo("[1]");

        JsonNode third = invoke(env(true));

        assertThat(data(third, "JobWaitSeconds")).isEmpty();
    }

    /** Job_events off: no table read, and exactly today's output fields and datapoints. */
    @Test
    void withoutJobLedgerTable_theOutputAndDatapointsAreTodays() throws IOException {
        github.organization("acme").setRunners(List.of(
                FakeRunner.idle(1, "small-1", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(2, "small-2", "self-hosted", "installation_id:abc")));
        record(queued(1, Instant.now(), "self-hosted"));
        record(inProgress(2, Instant.now(), Instant.now(), 1, "small-1", "self-hosted"));

        JsonNode output = invoke(env(false));

        Set<String> metrics = new TreeSet<>();
        output.path("metricData").forEach(datum -> metrics.add(datum.path("MetricName").asText()));
        assertThat(metrics).containsExactly("BusyRunners", "GitHubApiLimit", "GitHubApiRemaining", "IdleRunners",
                "OfflineRunners", "RunnerCountUncertainty");
        assertThat(output.path("metricData")).hasSize(2 * 4 + 2);
        assertThat(datum(output, "BusyRunners", "small").path("Value").asInt()).isEqualTo(1);
        assertThat(output.has("unmatchedQueuedJobs")).isFalse();
        assertThat(output.path("pools").get(0).has("queued")).isFalse();
        assertThat(output.path("pools").get(0).fieldNames()).toIterable()
                .containsExactly("asgName", "label", "busy", "idle", "offline", "uncertainty");
        assertThat(context.logLines()).singleElement().asString().doesNotContain("queued");
    }

    /** A ledger that cannot be read fails the run with a named error, as a partial listing does: nothing is published. */
    @Test
    void aLedgerThatCannotBeRead_failsTheRunNamingTheFix() {
        github.organization("acme").setRunners(List.of(FakeRunner.idle(1, "small-1", "self-hosted", "installation_id:abc")));
        Map<String, String> env = env(true);
        env.put("JOB_LEDGER_TABLE", "no-such-table");

        assertThatThrownBy(() -> invoke(env))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no-such-table").hasMessageContaining("JOB_LEDGER_TABLE")
                .hasMessageContaining("ResourceNotFoundException");
    }

    private void record(LedgerJob job) {
        ledger.record(job, UUID.randomUUID().toString(), job.status().wire(), Instant.now());
    }

    private static List<JsonNode> data(JsonNode output, String metric) {
        List<JsonNode> found = new ArrayList<>();
        output.path("metricData").forEach(datum -> {
            if (datum.path("MetricName").asText().equals(metric)) {
                found.add(datum);
            }
        });
        return found;
    }

    private static JsonNode datum(JsonNode output, String metric, String dimensionValue) {
        return data(output, metric).stream()
                .filter(datum -> datum.path("Dimensions").get(0).path("Value").asText().equals(dimensionValue))
                .reduce((a, b) -> {
                    throw new AssertionError("two " + metric + " datapoints for " + dimensionValue);
                })
                .orElseThrow(() -> new AssertionError("no " + metric + " datapoint for " + dimensionValue + " in "
                        + output.path("metricData")));
    }

    private Map<String, String> env(boolean ledgerOn) {
        var env = new HashMap<String, String>();
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("RUNNER_POOLS", "{\"small\":\"abc\",\"large\":\"xyz\"}");
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        if (ledgerOn) {
            env.put("JOB_LEDGER_TABLE", table);
        }
        return env;
    }

    private JsonNode invoke(Map<String, String> env) throws IOException {
        String input = Json.MAPPER.createObjectNode()
                .put("sealedToken", new TokenSeal(clients.kms(), keyArn).seal(PAT, EXECUTION))
                .put("executionArn", EXECUTION).put("stateMachineName", MACHINE).toString();
        var out = new ByteArrayOutputStream();
        context = new RecordingLambdaContext();
        new ListRunnersHandler(env, clients.kms(), DYNAMO_DB, Clock.systemUTC())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
