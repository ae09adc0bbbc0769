package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.common.Environment;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerRetentionTest {

    @Test
    void from_withoutVariables_isTheDocumentedDefault() {
        assertThat(LedgerRetention.from(new Environment(Map.of())))
                .isEqualTo(new LedgerRetention(Duration.ofHours(24), Duration.ofDays(7)));
    }

    @Test
    void from_readsHours() {
        assertThat(LedgerRetention.from(new Environment(Map.of("COMPLETED_JOB_RETENTION_HOURS", "2", "OPEN_JOB_RETENTION_HOURS", "48"))))
                .isEqualTo(new LedgerRetention(Duration.ofHours(2), Duration.ofHours(48)));
    }

    @Test
    void from_whenNotWholeHours_namesTheVariable() {
        assertThatThrownBy(() -> LedgerRetention.from(new Environment(Map.of("OPEN_JOB_RETENTION_HOURS", "0.5"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("OPEN_JOB_RETENTION_HOURS")
                .hasMessageContaining("'0.5'");
    }
}
