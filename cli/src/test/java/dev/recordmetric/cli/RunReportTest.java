package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record-metric run --report FILE.html}: the page the real workflow's runs leave behind. */
class RunReportTest {

    private static final String PAT = "ghp_runReportTestPat0123456789abcdefABCD";
    private static final List<String> STATES = List.of("GetToken", "ListRunners", "CountRunners", "PutMetricData", "GetTokenFailed",
            "ListRunnersFailed", "PutMetricDataFailed");

    @TempDir Path dir;

    @Test
    void report_threeSimulatedRuns_showsGraphCountsChartAndTable() throws IOException {
        // Given three runs of the simulated organization
        Path report = dir.resolve("report.html");

        // When
        Cli.Result result = Cli.run(Map.of(), "run", "--json", "--runs", "3", "--every", "1ms", "--seed", "3", "--datapoints",
                dir.resolve("p.jsonl").toString(), "--report", report.toString());

        // Then --json still prints only the runs
        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> runs = new ArrayList<>();
        for (String line : result.out().strip().split("\n")) {
            runs.add(Json.MAPPER.readTree(line));
        }
        assertThat(runs).hasSize(3);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        // and the page draws every state of the definition, coloured by the last run
        assertThat(html).startsWith("<!DOCTYPE html>").contains("3 runs (3 succeeded, 0 failed)", "<svg class=\"graph\"");
        for (String state : STATES) {
            String outcome = state.endsWith("Failed") ? "not-entered" : "succeeded";
            assertThat(html).contains("<g class=\"state " + outcome + "\" data-state=\"" + state + "\"");
        }
        assertThat(html).contains("class=\"edge catch\"", "Catch States.ALL");
        // and each state's input and output of the last run
        assertThat(html).contains("<details class=\"state-io\"", "<h4>Input</h4>", "<h4>Output</h4>", "&quot;busyRunners&quot; : "
                + runs.get(2).path("runners").path("busy").path("count").asInt());
        // and the chart has one point per run in each series, with the counts the runs saw
        assertThat(values(html, "busy")).containsExactlyElementsOf(counts(runs, "busy"));
        assertThat(values(html, "idle")).containsExactlyElementsOf(counts(runs, "idle"));
        assertThat(html).contains("<svg class=\"chart\"", "busy runners", "idle runners", "run started (UTC)");
        // and the table one row per run
        for (int run = 1; run <= 3; run++) {
            JsonNode runners = runs.get(run - 1).path("runners");
            assertThat(html).containsPattern("<tr data-run=\"" + run + "\">.*SUCCEEDED.*<td class=\"num busy\">"
                    + runners.path("busy").path("count").asInt() + "</td><td class=\"num idle\">" + runners.path("idle").path("count").asInt()
                    + "</td><td class=\"num offline\">" + runners.path("offline").path("count").asInt() + "</td>");
        }
        // and it needs nothing from anywhere
        assertThat(html).doesNotContain("<script", "<link", "http://", "https://", "@import", " src=")
                .doesNotContainPattern("url\\((?!#rm-arrow\\))");
        assertThat(html.indexOf("<svg", html.indexOf("<svg") + 1)).isPositive();
    }

    @Test
    void report_failingRun_coloursTheFailedStatesAndShowsErrorAndCause() throws IOException {
        try (FakeGitHub github = FakeGitHub.start()) {
            // Given GitHub answers 401 to the runner listing, before and after GetToken fetched the token anew
            github.acceptToken(PAT, "admin:org");
            github.organization("acme").addRunner(FakeRunner.busy(1, "ci-1", "installation_id:abc"));
            github.faults().nextOn("/orgs/acme/actions/runners", Fault.badCredentials(), Fault.badCredentials());
            Path report = dir.resolve("failed.html");

            // When
            Cli.Result result = Cli.run(Map.of("GITHUB_TOKEN", PAT), "run", "--org", "acme", "--installation-id", "abc",
                    "--github-api-url", github.baseUrl(), "--datapoints", dir.resolve("p.jsonl").toString(), "--report", report.toString());

            // Then the path the run took is coloured, the failed states as failed
            assertThat(result.exit()).isEqualTo(1);
            String html = Files.readString(report, StandardCharsets.UTF_8);
            assertThat(html).contains("<g class=\"state succeeded\" data-state=\"GetToken\"",
                    "<g class=\"state failed\" data-state=\"ListRunners\"", "<g class=\"state failed\" data-state=\"ListRunnersFailed\"",
                    "<g class=\"state not-entered\" data-state=\"CountRunners\"",
                    "<g class=\"state not-entered\" data-state=\"GetTokenFailed\"");
            // and the failure shows with its Error and Cause, and in the table without counts
            assertThat(html).contains("1 run (0 succeeded, 1 failed)", "<div class=\"failure\">",
                    "dev.recordmetric.errors.TokenRejectedException", "HTTP 401", "<td class=\"num busy\">–</td>")
                    .containsPattern("<details class=\"state-io\" id=\"state-\\d+\" open>");
            assertThat(html).doesNotContain(PAT);
        }
    }

    @Test
    void report_hostileRunnerName_isEscaped_andTheTokenIsNeverWritten() throws IOException {
        try (FakeGitHub github = FakeGitHub.start()) {
            // Given runners whose names are markup
            github.acceptToken(PAT, "admin:org");
            github.organization("acme").addRunner(FakeRunner.busy(1, "<script>alert(1)</script>", "installation_id:abc"))
                    .addRunner(FakeRunner.idle(2, "\"><img src=x onerror=alert(2)>", "installation_id:abc"));
            Path report = dir.resolve("hostile.html");

            // When
            Cli.Result result = Cli.run(Map.of("GITHUB_TOKEN", PAT), "run", "--org", "acme", "--installation-id", "abc",
                    "--github-api-url", github.baseUrl(), "--datapoints", dir.resolve("p.jsonl").toString(), "--report", report.toString());

            // Then the names are shown as text, never as markup
            assertThat(result.exit()).as(result.out() + result.err()).isZero();
            String html = Files.readString(report, StandardCharsets.UTF_8);
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
                    .doesNotContain("<script", "<img");
            // and the token appears nowhere, the sealed token only shortened
            assertThat(html).doesNotContain(PAT).contains("&quot;sealedToken&quot; : &quot;", "characters of KMS ciphertext");
        }
    }

    private static List<Integer> values(String html, String series) {
        Matcher points = Pattern.compile("<circle class=\"point " + series + "\"[^>]* data-value=\"(\\d+)\"").matcher(html);
        List<Integer> values = new ArrayList<>();
        while (points.find()) {
            values.add(Integer.parseInt(points.group(1)));
        }
        return values;
    }

    private static List<Integer> counts(List<JsonNode> runs, String group) {
        return runs.stream().map(r -> r.path("runners").path(group).path("count").asInt()).toList();
    }
}
