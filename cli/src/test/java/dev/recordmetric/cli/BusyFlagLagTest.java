package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BusyFlagLagTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T17:00:00Z"));

    private void pass(long seconds) {
        now.set(now.get().plusSeconds(seconds));
    }

    @Test
    void theFlagSaysIdle_forTheLagAfterTheJobStarted_thenBusy() {
        BusyFlagLag flags = new BusyFlagLag(BusyFlagLag.ISSUE_DEFAULT, now::get);
        flags.started(7);

        assertThat(flags.flag(7)).isFalse();
        assertThat(flags.lagging(7)).isTrue();
        pass(39);
        assertThat(flags.flag(7)).isFalse();
        assertThat(flags.lagging(7)).isTrue();
        pass(1);
        assertThat(flags.flag(7)).isTrue();
        assertThat(flags.lagging(7)).isFalse();
        flags.finished(7);
        assertThat(flags.flag(7)).isFalse();
        assertThat(flags.lagging(7)).isFalse();
    }

    @Test
    void noLag_busyTheMomentTheJobStarts_andARunnerWithoutJobIsIdle() {
        BusyFlagLag flags = new BusyFlagLag(Duration.ZERO, now::get);
        flags.started(1);

        assertThat(flags.flag(1)).isTrue();
        assertThat(flags.lagging(1)).isFalse();
        assertThat(flags.flag(2)).isFalse();
        assertThat(flags.lagging(2)).isFalse();
    }

    @Test
    void aNegativeLag_isRefused() {
        assertThatThrownBy(() -> new BusyFlagLag(Duration.ofSeconds(-1), now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
