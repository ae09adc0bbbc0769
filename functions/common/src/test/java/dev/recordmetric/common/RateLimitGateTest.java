package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimitGateTest {

    private static final Instant T = Instant.parse("2026-11-27T03:20:00Z");

    @Test
    void check_beforeTheRetryTime_throwsTheSameNamedError_andAfterItLetsRequestsThrough() {
        var clock = new SettableClock(T);
        var gate = new RateLimitGate(clock);
        gate.record(new RateLimitExhaustedException("used up", T.plusSeconds(600)));

        clock.now = T.plusSeconds(599);
        assertThatThrownBy(gate::check).isInstanceOf(RateLimitExhaustedException.class)
                .hasMessageContaining("sends no request to GitHub before " + T.plusSeconds(600));
        clock.now = T.plusSeconds(600);
        assertThatCode(gate::check).doesNotThrowAnyException();
        assertThat(gate.blockedUntil()).isEmpty();
    }

    @Test
    void record_keepsTheLaterBlock() {
        var gate = new RateLimitGate(Clock.fixed(T, ZoneOffset.UTC));
        gate.record(new RateLimitedException("long", T.plusSeconds(60)));
        gate.record(new RateLimitedException("short", T.plusSeconds(2)));

        assertThat(gate.blockedUntil()).contains(T.plusSeconds(60));
    }

    private static final class SettableClock extends Clock {
        Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
