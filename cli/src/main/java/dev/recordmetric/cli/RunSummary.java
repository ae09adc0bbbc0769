package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * One run in the report's chart and table.
 *
 * @param busy the runners ListRunners counted busy, null when it did not succeed (likewise idle, offline)
 * @param error the failure's Error, null when the run succeeded
 */
record RunSummary(int run, Instant startedAt, String status, Duration duration, Integer busy, Integer idle, Integer offline,
        String error) {

    static RunSummary of(int run, RunRecord record) {
        JsonNode runners = record.runners();
        return new RunSummary(run, record.startedAt, record.status, record.duration(), count(runners, "busy"), count(runners, "idle"),
                count(runners, "offline"), record.succeeded() ? null : record.error);
    }

    private static Integer count(JsonNode runners, String group) {
        return runners == null || !runners.path(group).has("count") ? null : runners.path(group).path("count").asInt();
    }

    boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    boolean counted() {
        return busy != null && idle != null;
    }
}
