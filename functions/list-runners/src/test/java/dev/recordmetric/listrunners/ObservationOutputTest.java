package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.OptionalInt;
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

    private static Listing listing(ArrayList<Runner> runners) {
        return new Listing(runners, runners.size(), 1, 1, 1, OptionalInt.of(4999), Instant.parse("2026-11-27T03:20:07Z"));
    }
}
