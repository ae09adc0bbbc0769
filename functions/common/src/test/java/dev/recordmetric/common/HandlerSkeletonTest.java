package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HandlerSkeletonTest {

    private static final int ATTEMPT_SECONDS = 8;
    private static final GitHubRateLimit LAST_RESPONSE = GitHubRateLimit.from(Map.of(
            "x-ratelimit-limit", List.of("5000"), "x-ratelimit-remaining", List.of("0"), "x-ratelimit-resource", List.of("core")));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T03:20:00Z"));
    private final RecordingLambdaContext context = new RecordingLambdaContext("get-token", 30_000);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void handle_writesTheWorksOutputAndLogsOneLine() throws IOException {
        var skeleton = HandlerSkeleton.start("GetToken", clock);

        skeleton.handle(inRun(), output, context, new InvocationLog("GetToken").put("organization", "acme"),
                () -> LAST_RESPONSE, (input, budget) -> JsonStreams.objectNode().put("echo", input.path("echo").asText()));

        assertThat(output()).hasToString("{\"echo\":\"hello\"}");
        assertThat(context.logLines()).singleElement().asString()
                .contains("\"function\":\"GetToken\"").contains("\"organization\":\"acme\"").contains("\"outcome\":\"ok\"");
    }

    @Test
    void handle_whenGitHubsWaitFitsTheRun_answersTheWaitWithTheLastResponsesHeaders() throws IOException {
        var skeleton = HandlerSkeleton.start("ListRunners", clock);
        Instant retryAt = clock.instant().plusMillis(2_100);

        skeleton.handle(inRun(), output, context, new InvocationLog("ListRunners"), () -> LAST_RESPONSE, (input, budget) -> {
            throw new RateLimitedException("secondary rate limit", retryAt);
        });

        JsonNode answer = output();
        assertThat(answer.path("rateLimit").path("waitSeconds").asLong()).isEqualTo(3);
        assertThat(answer.path("rateLimit").path("retryAt").asText()).isEqualTo(retryAt.toString());
        assertThat(answer.path("rateLimit").path("error").asText()).isEqualTo(RateLimitedException.class.getName());
        assertThat(answer.path("rateLimit").path("cause").asText()).contains("secondary rate limit");
        assertThat(answer.path("rateLimit").path("rateLimitWaits").asInt()).isEqualTo(1);
        assertThat(answer.path(GitHubRateLimit.REMAINING).asInt()).isZero();
        assertThat(answer.path(GitHubRateLimit.RESOURCE).asText()).isEqualTo("core");
        assertThat(context.logLines()).singleElement().asString().contains("\"outcome\":\"rateLimited\"")
                .contains("\"waitSeconds\":3").contains("\"rateLimitLimit\":5000");
    }

    @Test
    void handle_whenTheWaitDoesNotFit_failsWithTheRateLimitAndLogsTheLastResponse() {
        var skeleton = HandlerSkeleton.start("ListRunners", clock);
        var exhausted = new RateLimitExhaustedException("used up", clock.instant().plus(Duration.ofMinutes(30)));

        assertThatThrownBy(() -> skeleton.handle(inRun(), output, context, new InvocationLog("ListRunners"), () -> LAST_RESPONSE,
                (input, budget) -> {
                    throw exhausted;
                })).isInstanceOf(RateLimitExhaustedException.class).hasMessageContaining("used up. The wait does not fit this run");
        assertThat(output.size()).isZero();
        assertThat(context.logLines()).singleElement().asString().contains("\"outcome\":\"failed\"")
                .contains("\"rateLimitRemaining\":0");
    }

    @Test
    void firstAttempt_whenTheInitRanFiveMinutesBefore_startsAtTheInvocation() throws IOException {
        // Given an instance initialised ahead of its first invocation (a pre-initialised environment)
        var skeleton = HandlerSkeleton.start("GetToken", clock);
        clock.advance(Duration.ofMinutes(5));

        // Then the work has the whole attempt
        assertThat(leftForTheWork(skeleton)).isEqualTo(Duration.ofSeconds(ATTEMPT_SECONDS).minus(InvocationBudget.MARGIN));
    }

    @Test
    void firstAttempt_whenTheInvocationWaitedForTheInit_startsAtTheInit() throws IOException {
        var skeleton = HandlerSkeleton.start("GetToken", clock);
        clock.advance(Duration.ofSeconds(3));

        assertThat(leftForTheWork(skeleton)).isEqualTo(Duration.ofSeconds(ATTEMPT_SECONDS - 3).minus(InvocationBudget.MARGIN));
    }

    @Test
    void firstAttempt_afterASnapStartRestore_startsAtTheRestore() throws IOException {
        // Given a snapshot taken when the version was published, restored 5 minutes later (the CRaC hook
        // Lambda's runtime calls), and an invocation that waited 2 s for the restore
        var skeleton = HandlerSkeleton.start("GetToken", clock);
        skeleton.beforeCheckpoint(null);
        clock.advance(Duration.ofMinutes(5));
        skeleton.afterRestore(null);
        clock.advance(Duration.ofSeconds(2));

        // Then the restore counts against the attempt, the constructor does not
        assertThat(leftForTheWork(skeleton)).isEqualTo(Duration.ofSeconds(ATTEMPT_SECONDS - 2).minus(InvocationBudget.MARGIN));
    }

    @Test
    void laterAttempts_startAtTheirInvocation() throws IOException {
        var skeleton = HandlerSkeleton.start("GetToken", clock);
        leftForTheWork(skeleton);
        clock.advance(Duration.ofSeconds(3));

        assertThat(leftForTheWork(skeleton)).isEqualTo(Duration.ofSeconds(ATTEMPT_SECONDS).minus(InvocationBudget.MARGIN));
    }

    /** Invokes {@code skeleton} in a run that starts now and answers what its work was left. */
    private Duration leftForTheWork(HandlerSkeleton skeleton) throws IOException {
        var left = new AtomicReference<Duration>();
        skeleton.handle(inRun(), new ByteArrayOutputStream(), context, new InvocationLog("GetToken"), () -> GitHubRateLimit.NONE,
                (input, budget) -> {
                    left.set(budget.left());
                    return JsonStreams.objectNode();
                });
        return left.get();
    }

    private ByteArrayInputStream inRun() {
        String input = "{\"echo\": \"hello\", \"budget\": {\"executionStartTime\": \"" + clock.instant() + "\", \"attemptSeconds\": "
                + ATTEMPT_SECONDS + ", \"endBySecond\": 51, \"rateLimitWaits\": 0}}";
        return new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode output() throws IOException {
        return Json.MAPPER.readTree(output.toByteArray());
    }
}
