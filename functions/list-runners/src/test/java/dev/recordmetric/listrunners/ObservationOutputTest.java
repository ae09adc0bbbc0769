package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.common.RateLimitBudget;
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

        assertThat(output.path("busy").path("count").asInt()).isEqualTo(2);
        assertThat(output.path("busy").path("names").toString()).isEqualTo("[\"a-busy\",\"b-busy\"]");
        assertThat(output.path("idle").path("count").asInt()).isEqualTo(1);
        assertThat(output.path("offline").path("count").asInt()).isEqualTo(1);
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
        int shown = output.path("busy").path("names").size() + output.path("idle").path("names").size()
                + output.path("offline").path("names").size();
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
        var budget = RateLimitBudget.from(Map.of("X-RateLimit-Limit", List.of("5000"), "X-RateLimit-Remaining", List.of("4321"),
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

    private static Listing listing(ArrayList<Runner> runners) {
        return new Listing(runners, runners.size(), 1, 1, 1, RateLimitBudget.NONE, Instant.parse("2026-11-27T03:20:07Z"));
    }
}
