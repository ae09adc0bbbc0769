package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.InstallationTokenFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's parts on hand-made runs: no engine. */
class ReportPageTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final String SECRET = "ghp_reportPageTestSecret0123456789abcd";
    private static final String DEFINITION = """
            {"StartAt": "Fetch", "States": {
              "Fetch": {"Type": "Task", "Resource": "arn:fetch", "Next": "Check",
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "FetchFailed"}]},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 0, "Next": "Fetch"}], "Default": "Done"},
              "Done": {"Type": "Pass", "End": true},
              "FetchFailed": {"Type": "Fail"}}}
            """;

    @TempDir Path dir;

    @Test
    void graph_realDefinition_nextPathInTheFirstColumn_catchTargetsBesideTheirState() throws IOException {
        // Given the definition the workflow runs
        Path file = Path.of(System.getProperty("recordmetric.statemachine.dir", "../statemachine")).toAbsolutePath().getParent().resolve("terraform/templates/record-metric.asl.json");

        // When
        ReportGraph graph = ReportGraph.parse(Files.readString(file));

        // Then
        assertThat(graph.nodes()).extracting(n -> n.name() + "@" + n.row() + "," + n.column()).containsExactlyInAnyOrder(
                "StartRun@0,0", "GetToken@1,0", "GetTokenRateLimited@2,0", "ListRunners@3,0", "ListRunnersRateLimited@4,0",
                "CountRunners@5,0", "PutMetricData@6,0",
                "CountGetTokenWait@3,1", "WaitForGetTokenRateLimit@4,1", "CountListRunnersWait@5,1",
                "WaitForListRunnersRateLimit@6,1", "TokenRejected@4,2", "RefreshToken@5,2",
                "GetTokenFailed@2,1", "ListRunnersFailed@5,3", "PutMetricDataFailed@7,1");
        assertThat(graph.edges()).filteredOn(e -> e.kind() == ReportGraph.EdgeKind.CATCH).extracting(e -> e.from() + "→" + e.to())
                .containsExactly("GetToken→GetTokenFailed", "ListRunners→TokenRejected", "ListRunners→ListRunnersFailed",
                        "PutMetricData→PutMetricDataFailed");
        assertThat(graph.node("PutMetricData").end()).isTrue();
    }

    @Test
    void graph_choiceLoopingBack_isDrawnAsABackEdge() {
        // When
        ReportGraph graph = ReportGraph.parse(DEFINITION);

        // Then the loop does not push Fetch down, and the choice's branches are edges
        assertThat(graph.node("Fetch").row()).isZero();
        assertThat(graph.node("Check").row()).isEqualTo(1);
        assertThat(graph.node("Done").row()).isEqualTo(2);
        assertThat(graph.edges()).extracting(ReportGraph.Edge::label).contains("choice 1", "default");
        assertThat(GraphSvg.draw(graph, java.util.Map.of(), java.util.Set.of())).contains("<g class=\"state not-entered\" data-state=\"Done\"");
    }

    @Test
    void graph_notAStateMachine_saysSo() {
        assertThatThrownBy(() -> ReportGraph.parse("{\"Comment\": 1}")).isInstanceOf(CliException.class).hasMessageContaining("no StartAt");
    }

    @Test
    void page_retriedThenFailedRun_coloursEachState_andRedactsCredentials() throws IOException {
        // Given a run whose Fetch succeeded after a retry and whose Check failed, with a token in a cause
        Timeline timeline = new Timeline("arn:aws:states:eu-west-1:1:execution:m:run-1", null, Style.PLAIN);
        String sealed = "Q".repeat(120);
        timeline.accept(TimelineEvent.started(T0));
        timeline.accept(TimelineEvent.entered(T0, "Fetch", "Task", Json.MAPPER.readTree("{\"who\": \"<b>me</b>\"}")));
        timeline.accept(TimelineEvent.failed(T0.plusMillis(100), "Fetch", "dev.recordmetric.errors.TransientException", "HTTP 502"));
        timeline.accept(TimelineEvent.retried(T0.plusMillis(200), "Fetch"));
        timeline.accept(TimelineEvent.exited(T0.plusMillis(900), "Fetch", Json.MAPPER.readTree(
                "{\"token\": {\"sealedToken\": \"" + sealed + "\", \"note\": \"" + SECRET + "\"}}")));
        timeline.accept(TimelineEvent.entered(T0.plusSeconds(1), "Check", "Choice", null));
        timeline.accept(TimelineEvent.failed(T0.plusSeconds(1), "Check", "States.Runtime", "bad token " + SECRET));
        timeline.accept(TimelineEvent.ended(T0.plusSeconds(1), "FAILED", null, "States.Runtime", "bad token " + SECRET));
        Report report = new Report(dir.resolve("r.html"), "test <source>", DEFINITION, Redactor.of(SECRET));

        // When
        report.add(1, timeline.record());
        report.write();
        String html = Files.readString(dir.resolve("r.html"), StandardCharsets.UTF_8);

        // Then
        assertThat(html).contains("<g class=\"state retried\" data-state=\"Fetch\"", "<g class=\"state failed\" data-state=\"Check\"",
                "<g class=\"state not-entered\" data-state=\"Done\"", "Retry 1 after", "TransientException", "HTTP 502",
                "test &lt;source&gt;", "&lt;b&gt;me&lt;/b&gt;", "QQQQQQQQQQQQ… (120 characters of KMS ciphertext)", "bad token [redacted]")
                .doesNotContain(SECRET, sealed, "<b>me</b>");
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString()).containsExactly("r.html");
    }

    @Test
    void page_beforeTheFirstRun_drawsTheMachineAndWaits() {
        String html = new Report(dir.resolve("r.html"), "s", DEFINITION, Redactor.of(null)).html(T0);

        assertThat(html).contains("0 runs", "Waiting for the first run", "<g class=\"state not-entered\" data-state=\"Fetch\"")
                .doesNotContain("<svg class=\"chart\"");
    }

    @Test
    void chart_aRunThatCountedNothing_leavesAGapAndIsMarked() {
        // Given three runs, the middle one failed before counting
        List<RunSummary> runs = List.of(
                new RunSummary(1, T0, "SUCCEEDED", Duration.ofMillis(300), 2, 5, 0, null),
                new RunSummary(2, T0.plusSeconds(60), "FAILED", Duration.ofMillis(300), null, null, null, "AuthenticationException"),
                new RunSummary(3, T0.plusSeconds(120), "SUCCEEDED", Duration.ofMillis(300), 4, 3, 1, null));

        // When
        String svg = ReportChart.draw(runs);

        // Then two points per series, each series in two pieces, the failure marked, the times on the x axis
        assertThat(svg.split("<circle class=\"point busy\"", -1)).hasSize(3);
        assertThat(svg.split("<circle class=\"point idle\"", -1)).hasSize(3);
        assertThat(svg).containsPattern("<path class=\"series busy\" d=\"M[\\d,]+ M[\\d,]+\"")
                .contains("run 2 FAILED: AuthenticationException", ">10:00:00<", ">10:01:00<", ">10:02:00<");
    }

    @Test
    void redactor_pemFile_neverWritesItsKeyLines() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtestkeyline1\nAbCdEfGh12345678\n-----END RSA PRIVATE KEY-----\n";
        Redactor redactor = Redactor.of(pem);

        assertThat(redactor.text("a " + pem.strip() + " b")).isEqualTo("a [redacted] b");
        assertThat(redactor.text("line AbCdEfGh12345678 alone")).isEqualTo("line [redacted] alone");
        assertThat(redactor.text("github_pat_11ABCDEFG0123456789_abcdefghijkl and gho_0123456789abcdefABCDEF"))
                .isEqualTo("[redacted] and [redacted]");
    }

    /** GitHub's ghs_<app id>_<JWT> installation tokens hold '.' and '-' ("Generating an installation access token for a GitHub App"). */
    @Test
    void redactor_installationTokenOfTheAppIdJwtShape_isRedactedWhole() {
        String token = InstallationTokenFormat.APP_ID_JWT.mint(4242, 777, Instant.parse("2026-05-01T10:00:00Z"));

        String text = Redactor.of(null).text("GET with " + token + ", then {\"t\":\"" + token + "\"}");

        assertThat(text).isEqualTo("GET with [redacted], then {\"t\":\"[redacted]\"}");
    }
}
