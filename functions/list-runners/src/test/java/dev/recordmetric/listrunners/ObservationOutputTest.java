package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.common.GitHubRateLimit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationOutputTest {

    private static final ListRunnersConfig CONFIG =
            new ListRunnersConfig("acme", URI.create("https://api.github.com"), "installation_id:abc", "key");

    @Test
    void render_groupsNamesByStateWithExactCounts() {
        var runners = new ArrayList<Runner>();
        runners.add(new Runner(1, "b-busy", true, true));
        runners.add(new Runner(2, "a-idle", true, false));
        runners.add(new Runner(3, "c-off", false, true));
        runners.add(new Runner(4, "a-busy", true, true));

        ObjectNode output = ObservationOutput.render(CONFIG, listing(runners));

        JsonNode pool = output.path("pools").get(0);
        assertThat(pool.path("busy").path("count").asInt()).isEqualTo(2);
        assertThat(pool.path("busy").path("names").toString()).isEqualTo("[\"a-busy\",\"b-busy\"]");
        assertThat(pool.path("idle").path("count").asInt()).isEqualTo(1);
        assertThat(pool.path("offline").path("count").asInt()).isEqualTo(1);
        assertThat(output.path("busy").path("count").asInt()).as("the totals, as the definition before pools reads them").isEqualTo(2);
        assertThat(output.path("idle").path("count").asInt()).isEqualTo(1);
        assertThat(output.path("offline").path("count").asInt()).isEqualTo(1);
        assertThat(output.path("label").asText()).isEqualTo("installation_id:abc");
        assertThat(output.path("observedAt").asText()).isEqualTo("2026-11-27T03:20:07Z");
        assertThat(output.path("namesOmitted").asInt()).isZero();
    }

    @Test
    void render_with10000Runners_dropsNamesButKeepsCountsUnder256KiB() {
        var runners = new ArrayList<Runner>();
        for (int i = 0; i < 10_000; i++) {
            runners.add(new Runner(i, "runner-i-0123456789abcdef0-" + i, i % 10 != 0, i % 3 == 0));
        }

        ObjectNode output = ObservationOutput.render(CONFIG, listing(runners));
        int bytes = output.toString().getBytes(StandardCharsets.UTF_8).length;

        assertThat(bytes).isLessThan(100 * 1024);
        assertThat(output.path("busy").path("count").asInt() + output.path("idle").path("count").asInt()
                + output.path("offline").path("count").asInt()).isEqualTo(10_000);
        assertThat(output.path("namesOmitted").asInt()).isPositive();
        JsonNode pool = output.path("pools").get(0);
        int shown = pool.path("busy").path("names").size() + pool.path("idle").path("names").size()
                + pool.path("offline").path("names").size();
        assertThat(shown + output.path("namesOmitted").asInt()).isEqualTo(10_000);
    }

    @Test
    void render_with5000NamesFullOfControlCharacters_countsTheirEscapedSize() {
        var runners = new ArrayList<Runner>();
        String controls = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u000b\u000e\u000f".repeat(4);
        for (int i = 0; i < 5_000; i++) {
            runners.add(new Runner(i, controls + i, true, i % 2 == 0));
        }

        ObjectNode output = ObservationOutput.render(CONFIG, listing(runners));
        int bytes = JsonStreams.writeString(output).getBytes(StandardCharsets.UTF_8).length;
        System.out.println("5,000 names of control characters: output " + bytes + " bytes, "
                + output.path("namesOmitted").asInt() + " names omitted");

        assertThat(bytes).as("names stay within their budget as written, escapes included")
                .isLessThan(ObservationOutput.NAME_BUDGET_BYTES + 1024)
                .isLessThan(256 * 1024 / 3);
        assertThat(output.path("busy").path("count").asInt() + output.path("idle").path("count").asInt()).isEqualTo(5_000);
        assertThat(output.path("namesOmitted").asInt()).isPositive();
    }

    @Test
    void render_reportsGitHubsRateLimitHeadersOfTheLastResponse() {
        var budget = GitHubRateLimit.from(Map.of("X-RateLimit-Limit", List.of("5000"), "X-RateLimit-Remaining", List.of("4321"),
                "X-RateLimit-Used", List.of("679"), "X-RateLimit-Reset", List.of("1795750800"),
                "X-RateLimit-Resource", List.of("core")));
        var runners = new ArrayList<Runner>(List.of(new Runner(1, "r", true, true)));

        ObjectNode output = ObservationOutput.render(CONFIG,
                new Listing(runners, 1, 1, 1, 1, budget, Instant.parse("2026-11-27T03:20:07Z")));

        assertThat(output.path("rateLimitLimit").asInt()).isEqualTo(5000);
        assertThat(output.path("rateLimitRemaining").asInt()).isEqualTo(4321);
        assertThat(output.path("rateLimitUsed").asInt()).isEqualTo(679);
        assertThat(output.path("rateLimitReset").asText()).isEqualTo("2026-11-27T03:40:00Z");
        assertThat(output.path("rateLimitResource").asText()).isEqualTo("core");
    }

    private static final ListRunnersConfig POOLS = new ListRunnersConfig("acme", URI.create("https://api.github.com"),
            List.of(new RunnerPool("small", "installation_id:s"), new RunnerPool("large", "installation_id:l")),
            java.util.OptionalLong.empty(), "key");
    private static final GitHubRateLimit HEADERS = GitHubRateLimit.from(Map.of("X-RateLimit-Limit", List.of("5000"),
            "X-RateLimit-Remaining", List.of("3977"), "X-RateLimit-Used", List.of("1023")));

    @Test
    void render_withPools_countsEachPoolAndWritesItsDatapoints() {
        var runners = new ArrayList<Runner>(List.of(
                new Runner(1, "s-busy", true, true, 0), new Runner(2, "s-off", false, false, 0),
                new Runner(3, "l-idle-1", true, false, 1), new Runner(4, "l-idle-2", true, false, 1),
                new Runner(5, "l-busy", true, true, 1)));

        ObjectNode output = ObservationOutput.render(POOLS, new Listing(runners, 9, 1, 1, 1, HEADERS,
                Instant.parse("2026-11-27T03:20:07Z")), "record-metric-acme");

        assertThat(output.path("pools").toString()).isEqualTo("[{\"asgName\":\"small\",\"label\":\"installation_id:s\","
                + "\"busy\":{\"count\":1,\"names\":[\"s-busy\"]},\"idle\":{\"count\":0,\"names\":[]},"
                + "\"offline\":{\"count\":1,\"names\":[\"s-off\"]},\"uncertainty\":0},{\"asgName\":\"large\",\"label\":\"installation_id:l\","
                + "\"busy\":{\"count\":1,\"names\":[\"l-busy\"]},\"idle\":{\"count\":2,\"names\":[\"l-idle-1\",\"l-idle-2\"]},"
                + "\"offline\":{\"count\":0,\"names\":[]},\"uncertainty\":0}]");
        assertThat(output.path("busy").path("count").asInt()).isEqualTo(2);
        assertThat(output.path("idle").path("count").asInt()).isEqualTo(2);
        assertThat(output.has("label")).as("the pools carry their labels").isFalse();
        JsonNode data = output.path("metricData");
        assertThat(data).hasSize(10);
        assertThat(data.get(0).toString()).isEqualTo("{\"MetricName\":\"BusyRunners\",\"Dimensions\":[{\"Name\":\"asg_name\","
                + "\"Value\":\"small\"}],\"Timestamp\":\"2026-11-27T03:20:07Z\",\"Unit\":\"Count\",\"Value\":1}");
        assertThat(datapoints(data)).containsExactly(
                "BusyRunners asg_name=small 1", "IdleRunners asg_name=small 0", "OfflineRunners asg_name=small 1",
                "RunnerCountUncertainty asg_name=small 0",
                "BusyRunners asg_name=large 1", "IdleRunners asg_name=large 2", "OfflineRunners asg_name=large 0",
                "RunnerCountUncertainty asg_name=large 0",
                "GitHubApiRemaining state_machine=record-metric-acme 3977", "GitHubApiLimit state_machine=record-metric-acme 5000");
    }

    @Test
    void render_withAListingOfAMovingFleet_writesEachPoolsUncertaintyAsDatapointAndField() {
        var runners = new ArrayList<Runner>(List.of(new Runner(1, "s", true, true, 0), new Runner(2, "l", true, false, 1)));
        var listing = new Listing(runners, 2, 30, 30, 1, HEADERS, Instant.parse("2026-11-27T03:20:07Z"), List.of(7, 2), false, 0,
                "the first pass took 6012 ms and 1988 ms were left");

        ObjectNode output = ObservationOutput.render(POOLS, listing, "record-metric-acme");

        assertThat(output.path("pools")).extracting(pool -> pool.path("uncertainty").asInt()).containsExactly(7, 2);
        assertThat(output.path("uncertainty").asInt()).isEqualTo(7);
        assertThat(output.path("secondPass").asBoolean(true)).isFalse();
        assertThat(output.path("noSecondPass").asText()).contains("1988 ms were left");
        assertThat(datapoints(output.path("metricData"))).contains("RunnerCountUncertainty asg_name=small 7",
                "RunnerCountUncertainty asg_name=large 2");
    }

    @Test
    void render_whenTheLastResponseHadNoRateLimitHeaders_writesNoApiDatapoints() {
        var runners = new ArrayList<Runner>(List.of(new Runner(1, "s", true, true, 0)));

        ObjectNode output = ObservationOutput.render(POOLS, new Listing(runners, 1, 1, 1, 1, GitHubRateLimit.NONE,
                Instant.parse("2026-11-27T03:20:07Z")), "record-metric-acme");

        assertThat(datapoints(output.path("metricData"))).hasSize(8).noneMatch(d -> d.startsWith("GitHubApi"));
    }

    @Test
    void render_withoutTheStateMachinesName_writesNoApiDatapoints() {
        ObjectNode output = ObservationOutput.render(POOLS, new Listing(new ArrayList<>(), 0, 1, 1, 1, HEADERS,
                Instant.parse("2026-11-27T03:20:07Z")));

        assertThat(datapoints(output.path("metricData"))).containsExactly(
                "BusyRunners asg_name=small 0", "IdleRunners asg_name=small 0", "OfflineRunners asg_name=small 0",
                "RunnerCountUncertainty asg_name=small 0",
                "BusyRunners asg_name=large 0", "IdleRunners asg_name=large 0", "OfflineRunners asg_name=large 0",
                "RunnerCountUncertainty asg_name=large 0");
    }

    @Test
    void render_withInstallationIdAlone_writesNoDatapoints_theDefinitionBeforePoolsNamesTheGroup() {
        ObjectNode output = ObservationOutput.render(CONFIG, listing(new ArrayList<>(List.of(new Runner(1, "r", true, true)))),
                "record-metric");

        assertThat(output.has("metricData")).isFalse();
        assertThat(output.path("pools").get(0).has("asgName")).isFalse();
        assertThat(output.path("busy").path("count").asInt()).isEqualTo(1);
    }

    @Test
    void render_sharesTheNameBudgetSoEveryPoolShowsNames() {
        var runners = new ArrayList<Runner>();
        for (int i = 0; i < 10_000; i++) {
            runners.add(new Runner(i, "big-pool-runner-0123456789abcdef-" + i, true, i % 2 == 0, 0));
        }
        for (int i = 0; i < 10; i++) {
            runners.add(new Runner(20_000 + i, "small-" + i, true, false, 1));
        }

        ObjectNode output = ObservationOutput.render(POOLS, new Listing(runners, runners.size(), 100, 101, 1, HEADERS,
                Instant.parse("2026-11-27T03:20:07Z")), "m");

        assertThat(output.path("pools").get(1).path("idle").path("names")).hasSize(10);
        assertThat(output.path("pools").get(0).path("busy").path("count").asInt()).isEqualTo(5_000);
        assertThat(output.path("namesOmitted").asInt()).isPositive();
    }

    @Test
    void render_withFiftyPoolsOfTheLongestNames_staysFarBelow256KiB() {
        var pools = new ArrayList<RunnerPool>();
        for (int i = 0; i < RunnerPools.MAX_POOLS; i++) {
            pools.add(new RunnerPool("%03d".formatted(i) + "g".repeat(252), "installation_id:" + "%03d".formatted(i) + "i".repeat(81)));
        }
        var config = new ListRunnersConfig("acme", URI.create("https://api.github.com"), pools, java.util.OptionalLong.empty(), "k");
        var runners = new ArrayList<Runner>();
        for (int i = 0; i < 10_000; i++) {
            runners.add(new Runner(i, "runner-i-0123456789abcdef0-" + i, i % 10 != 0, i % 3 == 0, i % pools.size()));
        }

        ObjectNode output = ObservationOutput.render(config, new Listing(runners, 10_000, 100, 101, 1, HEADERS,
                Instant.parse("2026-11-27T03:20:07Z")), "s".repeat(80));
        int bytes = JsonStreams.writeString(output).getBytes(StandardCharsets.UTF_8).length;
        System.out.println("50 pools of 255-character names, 10,000 runners: output " + bytes + " bytes, "
                + output.path("metricData").size() + " datapoints");

        assertThat(output.path("metricData")).as("per pool three counts and their uncertainty").hasSize(4 * RunnerPools.MAX_POOLS + 2);
        assertThat(bytes).as("with the sealed token and the run's bookkeeping, far below 256 KiB").isLessThan(160 * 1024);
    }

    private static List<String> datapoints(JsonNode data) {
        var flat = new ArrayList<String>();
        data.forEach(d -> flat.add(d.path("MetricName").asText() + " " + d.path("Dimensions").get(0).path("Name").asText() + "="
                + d.path("Dimensions").get(0).path("Value").asText() + " " + d.path("Value").asInt()));
        return flat;
    }

    private static Listing listing(ArrayList<Runner> runners) {
        return new Listing(runners, runners.size(), 1, 1, 1, GitHubRateLimit.NONE, Instant.parse("2026-11-27T03:20:07Z"));
    }
}
