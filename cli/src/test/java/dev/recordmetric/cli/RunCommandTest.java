package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record-metric run}: the real definition on the local engine, end to end through the command line. The runs
 * that count datapoints exactly are runners only ({@code --no-ledger}): with the job ledger ListRunners also publishes
 * the demand (issue 20), whose datapoints RunDemandTest checks, as RunLedgerTest the ledger.
 */
class RunCommandTest {

    private static final String PAT = "ghp_runCommandTestPat0123456789abcdefAB";

    @TempDir Path dir;

    @Test
    void run_simulatedOrganization_printsTimelinesAndAppendsDatapoints() throws IOException {
        // Given the default: the simulated organization, three runs back to back
        Path datapoints = dir.resolve("points.jsonl");

        // When
        Cli.Result result = Cli.run(Map.of(), "run", "--no-ledger", "--runs", "3", "--every", "1ms", "--seed", "3", "--datapoints", datapoints.toString());

        // Then every run shows its states, runners and published values
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .contains("simulated organization example-org (seed 3)", "run 1/3", "run 2/3", "run 3/3",
                        "✓ GetToken", "✓ ListRunners", "✓ CountRunners", "✓ PutMetricData", "runners seen in 1 page",
                        "counts within ±0", "RunnerCountUncertainty = 0",
                        "published GitHubRunners BusyRunners = ", "asg_name=github-runners", "3 runs, 3 succeeded, 0 failed")
                .containsPattern("runners   \\d+ busy +runner-\\d\\d")
                .containsPattern("\\d+ idle +runner-\\d\\d")
                .doesNotContain("staging-runner")
                .doesNotContain("\u001b[");
        assertThat(result.out().split("SUCCEEDED in", -1)).hasSize(4);
        // and the file holds the six datapoints of each run (the pool's three and their uncertainty, the API budget's two),
        // values matching what was printed
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(datapoints)) {
            lines.add(Json.MAPPER.readTree(line));
        }
        assertThat(lines).hasSize(18);
        List<String> perRun = List.of("BusyRunners", "IdleRunners", "OfflineRunners", "RunnerCountUncertainty",
                "GitHubApiRemaining", "GitHubApiLimit");
        assertThat(lines).extracting(l -> l.path("metricName").asText())
                .containsExactlyElementsOf(java.util.stream.Stream.of(perRun, perRun, perRun).flatMap(List::stream).toList());
        assertThat(lines.get(4).path("dimensions").asText()).isEqualTo("state_machine=record-metric");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.path("namespace").asText()).isEqualTo("GitHubRunners");
            assertThat(l.path("unit").asText()).isEqualTo("Count");
            assertThat(l.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(l.path("published").asBoolean()).isFalse();
        });
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < 18; i += 6) {
            counts.add(lines.get(i).path("value").asInt() + "/" + lines.get(i + 1).path("value").asInt());
            assertThat(result.out()).contains("BusyRunners = " + lines.get(i).path("value").asInt() + ", IdleRunners = "
                    + lines.get(i + 1).path("value").asInt());
        }
        assertThat(counts).as("busy/idle change between runs").doesNotHaveDuplicates();
    }

    @Test
    void run_json_oneObjectPerRun_sameSeedSameRuns() throws IOException {
        // When the same seed runs twice
        Cli.Result first = Cli.run(Map.of(), "run", "--no-ledger", "--json", "--runs", "2", "--every", "1ms", "--seed", "42", "--datapoints",
                dir.resolve("a.jsonl").toString());
        Cli.Result second = Cli.run(Map.of(), "run", "--no-ledger", "--json", "--runs", "2", "--every", "1ms", "--seed", "42", "--datapoints",
                dir.resolve("b.jsonl").toString());

        // Then stdout is exactly one JSON object per run
        assertThat(first.exit()).as(first.err()).isZero();
        String[] lines = first.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        List<String> observed = new ArrayList<>();
        for (String line : lines) {
            JsonNode run = Json.MAPPER.readTree(line);
            assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.path("states").findValuesAsText("name")).containsExactly("StartRun", "GetToken", "GetTokenRateLimited",
                    "ListRunners", "ListRunnersRateLimited", "CountRunners", "PutMetricData");
            assertThat(run.path("datapoints")).hasSize(6);
            assertThat(run.path("datapoints").get(0).path("value").asInt()).isEqualTo(run.path("runners").path("busy").path("count").asInt());
            assertThat(run.path("datapoints").get(1).path("value").asInt()).isEqualTo(run.path("runners").path("idle").path("count").asInt());
            observed.add(counts(run));
        }
        // and the same seed tells the same story
        List<String> again = new ArrayList<>();
        for (String line : second.out().strip().split("\n")) {
            again.add(counts(Json.MAPPER.readTree(line)));
        }
        assertThat(again).isEqualTo(observed);
    }

    @Test
    void run_publish_sendsTheWorkflowsPutMetricDataToCloudWatch() throws IOException {
        // Given a CloudWatch on loopback, and AWS credentials and region as the default chain reads them
        try (var cloudWatch = new FakeCloudWatch()) {
            System.setProperty("aws.region", "eu-west-1");
            System.setProperty("aws.accessKeyId", "AKIDPUBLISHTEST");
            System.setProperty("aws.secretAccessKey", "publish-test-secret");
            Cli.Result result;
            try {
                // When one run publishes
                result = Cli.run(Map.of(), "run", "--no-ledger", "--json", "--publish", "--seed", "5", "--asg-name", "ci-runners",
                        "--aws-endpoint-url", cloudWatch.endpoint().toString(),
                        "--datapoints", dir.resolve("p.jsonl").toString());
            } finally {
                System.clearProperty("aws.region");
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }

            // Then CloudWatch received exactly the request the state machine's PutMetricData task sends
            assertThat(result.exit()).as(result.err()).isZero();
            JsonNode run = Json.MAPPER.readTree(result.out().strip());
            assertThat(cloudWatch.putMetricData()).singleElement().satisfies(request -> {
                assertThat(request.path("Namespace").asText()).isEqualTo("GitHubRunners");
                JsonNode data = request.path("MetricData");
                assertThat(data).hasSize(6);
                assertThat(data.get(0).path("MetricName").asText()).isEqualTo("BusyRunners");
                assertThat(data.get(1).path("MetricName").asText()).isEqualTo("IdleRunners");
                assertThat(data.get(2).path("MetricName").asText()).isEqualTo("OfflineRunners");
                assertThat(data.get(3).path("MetricName").asText()).isEqualTo("RunnerCountUncertainty");
                assertThat(data.get(0).path("Value").asInt()).isEqualTo(run.path("runners").path("busy").path("count").asInt());
                assertThat(data.get(1).path("Value").asInt()).isEqualTo(run.path("runners").path("idle").path("count").asInt());
                for (int i = 0; i < data.size(); i++) {
                    JsonNode datum = data.get(i);
                    assertThat(datum.path("Unit").asText()).isEqualTo("Count");
                    assertThat(datum.path("Dimensions").toString()).isEqualTo(i < 4
                            ? "[{\"Name\":\"asg_name\",\"Value\":\"ci-runners\"}]"
                            : "[{\"Name\":\"state_machine\",\"Value\":\"record-metric\"}]");
                    assertThat(datum.path("Timestamp").isNumber()).isTrue();
                }
            });
        }
    }

    @Test
    void run_twoSimulatedPools_printsEachPoolAndItsDatapoints() throws IOException {
        // When two pools are simulated
        Path datapoints = dir.resolve("pools.jsonl");
        Cli.Result result = Cli.run(Map.of(), "run", "--no-ledger", "--pool", "small-runners=small", "--pool", "gpu-runners=gpu", "--seed", "7",
                "--datapoints", datapoints.toString());

        // Then both pools are listed once and printed, each with its own datapoints
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("2 pools: small-runners (installation_id:small), gpu-runners (installation_id:gpu)",
                        "counted for 2 pools", "pool small-runners (installation_id:small)", "pool gpu-runners (installation_id:gpu)",
                        "asg_name=small-runners", "asg_name=gpu-runners", "state_machine=record-metric")
                .containsPattern("\\d+ busy +small-runners-\\d\\d")
                .containsPattern("\\d+ idle +gpu-runners-\\d\\d");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(datapoints)) {
            lines.add(Json.MAPPER.readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("metricName").asText() + " " + l.path("dimensions").asText()).containsExactly(
                "BusyRunners asg_name=small-runners", "IdleRunners asg_name=small-runners", "OfflineRunners asg_name=small-runners",
                "RunnerCountUncertainty asg_name=small-runners",
                "BusyRunners asg_name=gpu-runners", "IdleRunners asg_name=gpu-runners", "OfflineRunners asg_name=gpu-runners",
                "RunnerCountUncertainty asg_name=gpu-runners",
                "GitHubApiRemaining state_machine=record-metric", "GitHubApiLimit state_machine=record-metric");
        assertThat(lines.get(0).path("value").asInt() + lines.get(1).path("value").asInt() + lines.get(2).path("value").asInt())
                .as("the simulated pool starts with 9 runners").isEqualTo(9);
    }

    @Test
    void run_poolWithAsgName_isRefusedNamingBoth() {
        Cli.Result result = Cli.run(Map.of(), "run", "--pool", "a=b", "--asg-name", "c", "--datapoints", dir.resolve("x.jsonl").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--asg-name and --pool");
    }

    private static String counts(JsonNode run) {
        JsonNode runners = run.path("runners");
        return runners.path("busy").toString() + runners.path("idle") + runners.path("offline");
    }

    @Test
    void run_againstGitHub_showsRetryWithItsError_thenFailureWithCause() throws IOException {
        try (FakeGitHub github = FakeGitHub.start()) {
            // Given an organization whose listing is rate limited once
            github.acceptToken(PAT, "admin:org");
            github.organization("acme").addRunner(FakeRunner.busy(1, "ci-1", "installation_id:abc"))
                    .addRunner(FakeRunner.idle(2, "ci-2", "installation_id:abc"));
            github.faults().nextOn("/orgs/acme/actions/runners", Fault.secondaryRateLimit(403, Duration.ofSeconds(1)));
            Map<String, String> env = Map.of("GITHUB_TOKEN", PAT);
            String[] args = {"run", "--org", "acme", "--installation-id", "abc", "--github-api-url", github.baseUrl(),
                    "--datapoints", dir.resolve("p.jsonl").toString()};

            // When
            Cli.Result retried = Cli.run(env, args);

            // Then the wait GitHub asked for shows, and the run succeeds
            assertThat(retried.exit()).as(retried.out() + retried.err()).isZero();
            assertThat(retried.out()).contains("organization acme on " + github.baseUrl(), "rate-limited by GitHub: waits 1 s",
                    "✓ WaitForListRunnersRateLimit", "BusyRunners = 1, IdleRunners = 1");

            // When the token is revoked (rejected before and after GetToken fetched it anew)
            github.faults().nextOn("/orgs/acme/actions/runners", Fault.badCredentials(), Fault.badCredentials());
            Cli.Result failed = Cli.run(env, args);

            // Then the failure shows with its Error and Cause, nothing is published, and the token appears nowhere
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.out()).contains("✗ ListRunners", "TokenRejectedException", "HTTP 401", "✗ ListRunnersFailed",
                    "FAILED in", "dev.recordmetric.errors.TokenRejectedException", "nothing published")
                    .containsPattern("✗ ListRunners +Task")
                    .doesNotContain("✓ ListRunners", "0 busy");
            assertThat(failed.out().split("✗ ListRunnersFailed", -1)).as("the Fail state once").hasSize(2);
            assertThat(failed.out() + failed.err() + retried.out() + retried.err()).doesNotContain(PAT);
            assertThat(Files.readAllLines(dir.resolve("p.jsonl"))).as("the first run's six datapoints only").hasSize(6);
        }
    }

    @Test
    void run_stopRequested_finishesTheCurrentRunAndStops() {
        // Given Ctrl-C already pressed while the first run goes
        StopSignal stop = new StopSignal();
        stop.requestStop();

        // When runs would repeat every minute
        Cli.Result result = Cli.run(Map.of(), stop, "run", "--every", "60s", "--seed", "1", "--datapoints", dir.resolve("s.jsonl").toString());

        // Then the run in progress completes, and no other starts
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("run 1 ", "SUCCEEDED in", "stopped after 1 run (Ctrl-C)").doesNotContain("run 2");
    }
}
