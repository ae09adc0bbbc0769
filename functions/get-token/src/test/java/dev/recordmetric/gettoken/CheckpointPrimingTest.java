package dev.recordmetric.gettoken;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class CheckpointPrimingTest {

    @Test
    void beforeCheckpoint_signsWithAThrowawayKeyAndRendersOutput() {
        CheckpointPriming priming = CheckpointPriming.register();

        assertThatCode(() -> {
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
        }).doesNotThrowAnyException();
    }
}
