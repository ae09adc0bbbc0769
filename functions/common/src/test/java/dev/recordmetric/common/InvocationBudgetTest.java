package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InvocationBudgetTest {

    private static final Instant START = Instant.parse("2026-11-27T03:20:00Z");
    private static final Instant NOW = START.plusSeconds(2);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void left_isTheEarliestOfAttemptRunAndLambdaLessTheMargin() {
        assertThat(budget(9, 55, 0, 30_000).left()).isEqualTo(Duration.ofSeconds(9).minus(InvocationBudget.MARGIN));
        assertThat(budget(9, 55, 0, 3_000).left())
                .isBetween(Duration.ofSeconds(2).minus(InvocationBudget.MARGIN), Duration.ofSeconds(3).minus(InvocationBudget.MARGIN));
        assertThat(budget(9, 5, 0, 30_000).left()).isEqualTo(Duration.ofSeconds(3).minus(InvocationBudget.MARGIN));
    }

    @Test
    void bound_whenNoTimeIsLeft_failsTransientWithoutTheCall() {
        assertThatThrownBy(() -> budget(9, 55, 0, 500).bound(Duration.ofSeconds(10), "listing"))
                .isInstanceOf(TransientException.class).hasMessageContaining("No time left for listing");
        assertThat(budget(9, 55, 0, 30_000).bound(Duration.ofSeconds(2), "listing")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void waitFor_whenTheWaitAndAnAttemptFit_reportsWholeSecondsRoundedUp() {
        InvocationBudget.RateLimitWait wait = budget(9, 55, 1, 30_000)
                .waitFor(new RateLimitedException("limited", NOW.plusMillis(2_100)));

        assertThat(wait.seconds()).isEqualTo(3);
        assertThat(wait.rateLimitWaits()).isEqualTo(2);
        assertThat(wait.retryAt()).isEqualTo(NOW.plusMillis(2_100));
    }

    @Test
    void waitFor_whenTheAttemptAfterTheWaitWouldEndTooLate_throwsTheRateLimitSayingSo() {
        var limited = new RateLimitExhaustedException("used up", START.plusSeconds(47));

        assertThatThrownBy(() -> budget(9, 55, 0, 30_000).waitFor(limited))
                .isInstanceOf(RateLimitExhaustedException.class).hasMessageContaining("does not fit this run");
        InvocationBudget.RateLimitWait justFits =
                budget(9, 55, 0, 30_000).waitFor(new RateLimitExhaustedException("used up", START.plusSeconds(46)));
        assertThat(justFits.seconds()).isEqualTo(44);
        assertThat(justFits.retryAt()).isEqualTo(START.plusSeconds(46));
        assertThat(justFits.rateLimitWaits()).isEqualTo(1);
    }

    @Test
    void waitFor_whenTheRunWaitedTheMostItMay_throws() {
        assertThatThrownBy(() -> budget(9, 55, InvocationBudget.MAX_RATE_LIMIT_WAITS, 30_000)
                .waitFor(new RateLimitedException("limited", NOW.plusSeconds(1))))
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("already waited");
    }

    @Test
    void waitFor_outsideARun_neverWaits() {
        assertThatThrownBy(() -> InvocationBudget.of(null, context(30_000), NOW, clock)
                .waitFor(new RateLimitedException("limited", NOW.plusSeconds(1))))
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("not part of a state machine run");
    }

    @Test
    void of_whenTheBudgetIsMalformed_namesTheField() {
        JsonNode budget = JsonStreams.objectNode().put("executionStartTime", "yesterday");

        assertThatThrownBy(() -> InvocationBudget.of(budget, context(30_000), NOW, clock))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("executionStartTime");
    }

    private InvocationBudget budget(int attemptSeconds, int endBySecond, int waits, int lambdaMillis) {
        JsonNode budget = JsonStreams.objectNode()
                .put("executionStartTime", START.toString())
                .put("attemptSeconds", attemptSeconds)
                .put("endBySecond", endBySecond)
                .put("rateLimitWaits", waits);
        return InvocationBudget.of(budget, context(lambdaMillis), NOW, clock);
    }

    private static RecordingLambdaContext context(int remainingMillis) {
        return new RecordingLambdaContext("list-runners", remainingMillis);
    }
}
