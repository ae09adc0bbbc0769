package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's "shown, not claimed", on {@code record-metric run}: the simulated organization's jobs
 * delivered to the real receiver, the ledger in the fakes' DynamoDB, and the real ListRunners reading it
 * ({@code JOB_LEDGER_TABLE}, {@code POOL_JOB_LABELS}) and publishing the demand.
 */
class RunDemandTest {

    private static final String POOL = "github-runners";
    private static final String LABEL = "installation_id:demo";

    @TempDir Path dir;

    private List<JsonNode> runs(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("run", "--json", "--drop-deliveries", "0%",
                "--datapoints", dir.resolve("points.jsonl").toString()));
        all.addAll(List.of(args));
        Cli.Result result = Cli.run(Map.of(), all.toArray(String[]::new));
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        List<JsonNode> runs = new ArrayList<>();
        for (String line : result.out().strip().split("\n")) {
            runs.add(Json.MAPPER.readTree(line));
        }
        return runs;
    }

    /** The datapoints of one pool (dimension asg_name), metric name to value. */
    private static Map<String, Double> datapoints(JsonNode run, String pool) {
        Map<String, Double> values = new LinkedHashMap<>();
        run.path("datapoints").forEach(d -> {
            if (d.path("dimensions").asText().equals("asg_name=" + pool)) {
                values.put(d.path("metricName").asText(), d.path("value").asDouble());
            }
        });
        return values;
    }

    /** ListRunners' output for the pool: its busy, idle and offline runners by name. */
    private static JsonNode pool(JsonNode run) {
        for (JsonNode pool : run.path("runners").path("pools")) {
            if (pool.path("asgName").asText().equals(POOL)) {
                return pool;
            }
        }
        throw new AssertionError("no pool " + POOL + " in " + run.path("runners"));
    }

    /** A variable's default in the Terraform module's variables.tf (a number). */
    private static double terraformDefault(String variable) throws IOException {
        String variables = Files.readString(Path.of("..", "terraform", "variables.tf"));
        Matcher matcher = Pattern.compile("variable \"" + variable + "\" \\{.*?\\n\\s*default\\s*=\\s*([0-9.]+)", Pattern.DOTALL)
                .matcher(variables);
        assertThat(matcher.find()).as("variable " + variable + " has a default in terraform/variables.tf").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /**
     * The instances a target tracking policy at 1 asks for beyond {@code inService}: it sets the capacity
     * in proportion to the metric ("Target tracking scaling policies for Amazon EC2 Auto Scaling"),
     * ceil(in_service × metric / 1).
     */
    private static long moreInstances(double metric, int inService) {
        return (long) Math.ceil(inService * metric - 1e-9) - inService;
    }

    @Test
    void burstOf50_inAPoolOf2_theDemandExpressionAsksFor50More_todaysFor2() throws IOException {
        // Given 50 jobs queued at once in a pool whose 2 runners pick up 2 of them
        JsonNode run = runs("--seed", "5", "--burst", "50").getFirst();

        Map<String, Double> points = datapoints(run, POOL);
        assertThat(points).as("the pool's published datapoints").containsKeys("BusyRunners", "IdleRunners", "QueuedJobs");
        double busy = points.get("BusyRunners");
        double idle = points.get("IdleRunners");
        double queued = points.get("QueuedJobs");
        int inService = SimulatedDemand.BURST_IN_SERVICE;
        assertThat(busy + idle).as("the pool's runners").isEqualTo(inService);
        // Then QueuedJobs is GitHub's queued jobs of the pool at the observation
        assertThat(queued).isEqualTo(run.path("demand").path("queuedInGitHub").path(POOL).asDouble()).isEqualTo(48);
        // and the module's expressions (terraform/locals.tf scaling_expressions, with the default idle settings)
        // computed from the published datapoints:
        double idleRunners = terraformDefault("idle_runners");
        double factor = terraformDefault("idle_scale_factor");
        double wantedIdle = factor > 0 ? Math.max(idleRunners, Math.ceil(factor * busy)) : idleRunners;
        double withQueued = (busy + queued + wantedIdle) / inService;
        double today = (busy + wantedIdle) / inService;
        long more = moreInstances(withQueued, inService);
        long moreToday = moreInstances(today, inService);
        System.out.printf("burst of 50 on %d in service: busy %.0f, queued %.0f, wanted idle %.0f -> (busy + queued + idle) / in_service"
                + " = %.1f asks for %d more; today's (busy + idle) / in_service = %.1f asks for %d more%n", inService, busy, queued,
                wantedIdle, withQueued, more, today, moreToday);
        assertThat(more).isGreaterThanOrEqualTo(50);
        assertThat(moreToday).isEqualTo(2);
    }

    @Test
    void busyFlagLag_runnersRunningAJob_countBusyFromTheFirstRunAfterInProgress_andDisagreementsCountThem() throws IOException {
        // Given busy flags that stay false for 40 s after a job started (--busy-flag-lag alone), and runs a moment apart
        List<JsonNode> runs = runs("--runs", "3", "--every", "1ms", "--seed", "4", "--busy-flag-lag");

        int lagged = 0;
        Set<String> seenLagging = new HashSet<>();
        for (JsonNode run : runs) {
            List<String> lagging = new ArrayList<>();
            run.path("simulation").path("busyFlagLagging").path(LABEL).forEach(name -> lagging.add(name.asText()));
            JsonNode pool = pool(run);
            assertThat(pool.path("busy").path("count").asInt()).isEqualTo(pool.path("busy").path("names").size());
            List<String> busyNames = new ArrayList<>();
            pool.path("busy").path("names").forEach(name -> busyNames.add(name.asText()));
            List<String> idleNames = new ArrayList<>();
            pool.path("idle").path("names").forEach(name -> idleNames.add(name.asText()));
            // Then every runner running a job whose flag still says idle is counted busy (its job went in_progress before
            // this run: the runs take less than 40 s, so each is lagging from its first run on), never idle
            assertThat(busyNames).as("run " + run.path("run")).containsAll(lagging);
            assertThat(idleNames).as("run " + run.path("run")).doesNotContainAnyElementsOf(lagging);
            Map<String, Double> points = datapoints(run, POOL);
            assertThat(points).containsKeys("BusyFlagDisagreements", "BusyRunners");
            // and BusyFlagDisagreements counts them
            assertThat(points.get("BusyFlagDisagreements")).as("run " + run.path("run")).isEqualTo(lagging.size());
            // and BusyRunners is GitHub's in-progress jobs
            long inProgress = 0;
            for (var job : run.path("jobLedger").path("jobs").path("github").properties()) {
                inProgress += job.getValue().asText().equals("in_progress") ? 1 : 0;
            }
            assertThat(points.get("BusyRunners")).as("run " + run.path("run")).isEqualTo(inProgress);
            lagged += lagging.size();
            seenLagging.addAll(lagging);
        }
        // and runners did lag, among them some that started between runs
        assertThat(lagged).isPositive();
        assertThat(seenLagging.size()).isGreaterThan(runs.getFirst().path("simulation").path("busyFlagLagging").path(LABEL).size());
    }

    @Test
    void withoutLag_noDisagreement() throws IOException {
        JsonNode run = runs("--seed", "7").getFirst();

        assertThat(run.path("simulation").path("busyFlagLagging").path(LABEL).size()).isZero();
        assertThat(datapoints(run, POOL).get("BusyFlagDisagreements")).isZero();
        assertThat(datapoints(run, POOL).get("BusyRunners")).isEqualTo(run.path("runners").path("busy").path("count").asDouble());
    }

    @Test
    void queuedDelivery_isInAPublishedQueuedJobs_withinOneSchedulePeriod() throws IOException {
        // Given runs every 8 s (a run and its repairs take 2 to 5 s here) and jobs arriving at random moments between them,
        // some into a full pool (a burst of 20 on 2 runners, measured from the first run on)
        Duration period = Duration.ofSeconds(8);
        List<JsonNode> runs = runs("--runs", "4", "--every", period.toSeconds() + "s", "--seed", "9", "--burst", "20");

        List<Long> delays = new ArrayList<>();
        for (JsonNode run : runs) {
            JsonNode demand = run.path("demand");
            // Then each run's QueuedJobs is GitHub's queued jobs of the pool at the observation (no delivery dropped)
            demand.path("queuedInGitHub").properties().forEach(pool -> assertThat(datapoints(run, pool.getKey()).get("QueuedJobs"))
                    .as("run " + run.path("run") + " " + pool.getKey()).isEqualTo(pool.getValue().asDouble()));
            demand.path("queuedDeliveryToPublishedMs").forEach(ms -> delays.add(ms.asLong()));
        }
        // and every queued delivery is counted by the first run after it, at most one period later
        assertThat(delays).isNotEmpty();
        delays.sort(null);
        System.out.printf("queued delivery -> published QueuedJobs, runs every %d s: %d jobs, p50 %d ms, max %d ms%n",
                period.toSeconds(), delays.size(), delays.get(delays.size() / 2), delays.getLast());
        assertThat(delays.getLast()).isLessThanOrEqualTo(period.toMillis());
    }

    @Test
    void timelineAndReport_showQueuedJobsAndWaits() throws IOException {
        Path report = dir.resolve("run.html");
        Cli.Result result = Cli.run(Map.of(), "run", "--runs", "2", "--every", "1ms", "--seed", "5", "--burst", "50",
                "--drop-deliveries", "0%", "--datapoints", dir.resolve("points.jsonl").toString(), "--report", report.toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("a burst of 50 jobs in github-runners (2 runners)")
                .containsPattern("JobWaitSeconds = \\d+ values?")
                .containsPattern("demand    github-runners: 48 queued, oldest waiting [\\d.]+ s · (\\d jobs? started, waited p50 [\\d.]+ s,"
                        + " max [\\d.]+ s · )?2 busy by the ledger")
                .containsPattern("github-runners: \\d+ queued, oldest waiting [\\d.]+ s · [12] jobs? started, waited p50 [\\d.]+ s");
        String page = Files.readString(report);
        assertThat(page).contains("<h2>Queued jobs and waits</h2>", "<th>wait p50</th>", "<th>wait p95</th>")
                .containsPattern("<td class=\"num queued\">48</td>")
                .containsPattern("<tr data-pool=\"github-runners\"><td>github-runners</td><td class=\"num\">[1-9]\\d*</td>"
                        + "<td class=\"num p50\">[\\d.]+ s</td><td class=\"num p95\">[\\d.]+ s</td>");
    }
}
