package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record-metric run}'s job ledger: the simulated organization's jobs delivered by webhook to the
 * real receiver (the job-events jar behind a local function URL), a share of the deliveries dropped,
 * and after each run the repair-job-ledger state machine on the local engine with the real GetToken and
 * RepairJobLedger.
 */
class RunLedgerTest {

    @TempDir Path dir;

    private static Map<String, String> jobs(JsonNode statuses) {
        Map<String, String> jobs = new TreeMap<>();
        statuses.properties().forEach(entry -> jobs.put(entry.getKey(), entry.getValue().asText()));
        return jobs;
    }

    @Test
    void dropsRepaired_theLedgerEqualsGitHubsJobs_andBusyRunnersRunThem() throws IOException {
        // Given the simulated organization with 30 % of its webhook deliveries dropped; with seed 16 each dropped delivery's
        // redelivery, or a later delivery of its job, arrives (a redelivery dropped too waits for reconciliation, at least
        // 60 s later: the next test)
        Cli.Result result = Cli.run(Map.of(), "run", "--json", "--runs", "3", "--every", "1ms", "--seed", "16",
                "--drop-deliveries", "30%", "--datapoints", dir.resolve("points.jsonl").toString(),
                "--report", dir.resolve("run.html").toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        List<JsonNode> runs = new ArrayList<>();
        for (String line : result.out().strip().split("\n")) {
            runs.add(Json.MAPPER.readTree(line));
        }
        assertThat(runs).hasSize(3);
        int dropped = 0;
        int requested = 0;
        int redelivered = 0;
        for (JsonNode run : runs) {
            JsonNode ledger = run.path("jobLedger");
            assertThat(ledger.path("repairs").path("status").asText()).isEqualTo("SUCCEEDED");
            dropped += ledger.path("deliveries").path("dropped").asInt();
            redelivered += ledger.path("deliveries").path("redelivered").asInt();
            requested += ledger.path("repairs").path("redeliveriesRequested").asInt();
            // Then after each run's repairs the ledger holds every job GitHub knows, at GitHub's status
            Map<String, String> github = jobs(ledger.path("jobs").path("github"));
            assertThat(github).isNotEmpty();
            assertThat(jobs(ledger.path("jobs").path("ledger"))).as("run " + run.path("run")).isEqualTo(github);
            assertThat(ledger.path("matchesGitHub").asBoolean()).isTrue();
            // and the runners ListRunners counted busy are those running GitHub's in-progress jobs
            long inProgress = github.values().stream().filter("in_progress"::equals).count();
            assertThat(run.path("runners").path("busy").path("count").asLong()).isEqualTo(inProgress);
            assertThat(ledger.path("ledger").path("queued").asInt() + ledger.path("ledger").path("in_progress").asInt()
                    + ledger.path("ledger").path("completed").asInt()).isEqualTo(github.size());
        }
        // and deliveries were dropped, redeliveries asked for (at most one per failed delivery), and delivered
        assertThat(dropped).isPositive();
        assertThat(requested).isPositive().isLessThanOrEqualTo(dropped);
        assertThat(redelivered).isPositive().isLessThanOrEqualTo(requested);
        assertThat(runs.getLast().path("jobLedger").path("ledger").path("completed").asInt()).isPositive();
        // and the report shows the ledger
        String page = Files.readString(dir.resolve("run.html"));
        assertThat(page).contains("<h2>Job ledger</h2>", "redeliveries requested", "<td class=\"ok\">yes</td>");
    }

    @Test
    void timeline_showsTheLedgerAndTheRepairs() {
        Cli.Result result = Cli.run(Map.of(), "run", "--runs", "2", "--every", "1ms", "--seed", "16", "--drop-deliveries", "30%",
                "--datapoints", dir.resolve("points.jsonl").toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("jobs delivered by webhook to the receiver, 30 % of deliveries dropped, repaired by repair-job-ledger")
                .containsPattern("ledger    \\d+ queued · \\d+ in progress · \\d+ completed")
                .containsPattern("deliveries \\d+, [1-9]\\d* dropped, \\d+ redelivered")
                .containsPattern("repairs   repair-job-ledger SUCCEEDED after [\\d.]+ m?s: \\d+ failed deliver(y|ies), [1-9]\\d* redeliver(y|ies) requested")
                .contains("✓ the ledger holds GitHub's");
    }

    @Test
    void redeliveryDroppedToo_theDifferenceIsShown_notHidden() throws IOException {
        // Given seed 14, whose one redelivery in the first run is dropped as well
        Cli.Result result = Cli.run(Map.of(), "run", "--json", "--seed", "14", "--drop-deliveries", "30%",
                "--datapoints", dir.resolve("points.jsonl").toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        JsonNode ledger = Json.MAPPER.readTree(result.out()).path("jobLedger");
        Map<String, String> inLedger = jobs(ledger.path("jobs").path("ledger"));
        Map<String, String> inGitHub = jobs(ledger.path("jobs").path("github"));
        // Then the ledger lags GitHub on that job, and the output says which, as GitHub and the ledger have it
        assertThat(inLedger).isNotEqualTo(inGitHub);
        assertThat(ledger.path("matchesGitHub").asBoolean()).isFalse();
        List<String> differences = new ArrayList<>();
        inGitHub.forEach((id, status) -> {
            if (!status.equals(inLedger.get(id))) {
                differences.add(id + ": ledger " + inLedger.getOrDefault(id, "none") + ", GitHub " + status);
            }
        });
        List<String> shown = new ArrayList<>();
        ledger.path("differences").forEach(d -> shown.add(d.asText()));
        assertThat(shown).isEqualTo(differences);
        assertThat(ledger.path("repairs").path("redeliveriesRequested").asInt()).isPositive();
        assertThat(ledger.path("deliveries").path("redelivered").asInt()).isZero();
    }

    @Test
    void withoutDrops_nothingToRepair() throws IOException {
        Cli.Result result = Cli.run(Map.of(), "run", "--json", "--seed", "11", "--drop-deliveries", "0%",
                "--datapoints", dir.resolve("points.jsonl").toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        JsonNode ledger = Json.MAPPER.readTree(result.out()).path("jobLedger");
        assertThat(ledger.path("deliveries").path("sent").asInt()).isPositive();
        assertThat(ledger.path("deliveries").path("dropped").asInt()).isZero();
        assertThat(ledger.path("repairs").path("redeliveriesRequested").asInt()).isZero();
        assertThat(jobs(ledger.path("jobs").path("ledger"))).isEqualTo(jobs(ledger.path("jobs").path("github")));
    }

    @Test
    void badDropShare_isNamed() {
        Cli.Result result = Cli.run(Map.of(), "run", "--drop-deliveries", "150%");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--drop-deliveries 150% is not a percentage from 0% to 100%, e.g. 10%");
    }
}
