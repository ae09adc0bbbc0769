package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the timeline prints for text that comes from GitHub: never a control character, never a cause twice. */
class TimelineTest {

    private static final String HOSTILE = "ci-1\u001b]0;owned\u0007\u001b[2J\r\u202Egnp.exe";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Timeline timeline = new Timeline("arn:aws:states:eu-west-1:123456789012:execution:record-metric:t-1",
            new PrintStream(bytes, true, StandardCharsets.UTF_8), Style.PLAIN);
    private final Instant at = Instant.parse("2026-12-01T10:00:00Z");

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void summary_runnerNamesWithControlCharacters_areShownEscaped() throws Exception {
        // Given ListRunners' output naming a runner with terminal escape sequences and a bidi override
        JsonNode output = Json.MAPPER.readTree("{\"busy\":{\"count\":1,\"names\":[" + Json.MAPPER.writeValueAsString(HOSTILE)
                + "]},\"idle\":{\"count\":0,\"names\":[]},\"offline\":{\"count\":0,\"names\":[]},\"namesOmitted\":0,"
                + "\"runnersSeen\":1,\"pages\":1}");
        timeline.accept(TimelineEvent.entered(at, "ListRunners", "Task", Json.MAPPER.createObjectNode()));
        timeline.accept(TimelineEvent.exited(at.plusMillis(40), "ListRunners", output));
        timeline.accept(TimelineEvent.ended(at.plusMillis(50), "SUCCEEDED", output, null, null));

        // When
        timeline.printSummary(null);

        // Then the name is visible, its control characters escaped
        assertThat(printed()).contains("ci-1\\x1B]0;owned\\x07\\x1B[2J\\x0D\\u202Egnp.exe")
                .doesNotContain("\u001b", "\u0007", "\r", "\u202E");
    }

    @Test
    void failure_causeFromGitHubWithControlCharacters_isEscaped_andPrintedOnce() {
        // Given a task that failed with a cause carrying control characters, and the Fail state repeating it
        String cause = "{\"errorType\":\"dev.recordmetric.errors.AuthenticationException\",\"errorMessage\":"
                + "\"GitHub answered HTTP 401 \\\"Bad\\u001b[31m credentials\\\"\"}";
        timeline.accept(TimelineEvent.entered(at, "ListRunners", "Task", Json.MAPPER.createObjectNode()));
        timeline.accept(TimelineEvent.failed(at.plusMillis(30), "ListRunners", "dev.recordmetric.errors.AuthenticationException", cause));
        timeline.accept(TimelineEvent.entered(at.plusMillis(31), "ListRunnersFailed", "Fail", Json.MAPPER.createObjectNode()));
        timeline.accept(TimelineEvent.ended(at.plusMillis(32), "FAILED", null, "dev.recordmetric.errors.AuthenticationException", cause));

        // When
        timeline.printSummary(null);

        // Then
        assertThat(printed()).contains("GitHub answered HTTP 401 \"Bad\\x1B[31m credentials\"", "FAILED in")
                .doesNotContain("\u001b");
        assertThat(printed().split("GitHub answered HTTP 401", -1)).as("the cause once").hasSize(2);
    }

    @Test
    void failure_causeWithControlCharacters_isEscapedOnlyOnTheTerminal_theJsonRecordKeepsItAsItCame() {
        // Given a failed task whose cause has a line break and an escape character
        String cause = "{\"errorType\":\"dev.recordmetric.errors.AuthenticationException\",\"errorMessage\":"
                + "\"line one\\nline \\u001btwo\"}";
        timeline.accept(TimelineEvent.entered(at, "ListRunners", "Task", Json.MAPPER.createObjectNode()));
        timeline.accept(TimelineEvent.failed(at.plusMillis(30), "ListRunners", "dev.recordmetric.errors.AuthenticationException", cause));
        timeline.accept(TimelineEvent.ended(at.plusMillis(32), "FAILED", null, "dev.recordmetric.errors.AuthenticationException", cause));

        // When
        timeline.printSummary(null);
        JsonNode json = timeline.record().toJson(1);

        // Then the terminal sees the characters escaped, the --json record the message itself (JSON escapes it)
        assertThat(printed()).contains("line one\\x0Aline \\x1Btwo").doesNotContain("\u001b");
        assertThat(json.findValues("cause")).extracting(JsonNode::asText).contains("line one\nline \u001btwo");
    }

    @Test
    void failure_causeNotShownByAnyState_isPrintedWithTheOutcome() {
        // Given an execution that failed without a failed task (e.g. the execution timed out)
        timeline.accept(TimelineEvent.entered(at, "GetToken", "Task", Json.MAPPER.createObjectNode()));
        timeline.accept(TimelineEvent.ended(at.plusSeconds(58), "TIMED_OUT", null, "States.Timeout", "The execution ran past 58 s"));

        // When
        timeline.printSummary(null);

        // Then
        assertThat(printed()).contains("TIMED_OUT", "States.Timeout", "The execution ran past 58 s");
    }
}
