package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JobWaitValuesTest {

    @Test
    void equalWaits_areOneValueWithTheirCount() {
        JobWaitValues values = JobWaitValues.of(List.of(25L, 3L, 25L, 25L), 150).orElseThrow();

        assertThat(values.counts()).containsExactly(java.util.Map.entry(3L, 1L), java.util.Map.entry(25L, 3L));
    }

    @Test
    void noJobStarted_noDatum() {
        assertThat(JobWaitValues.of(List.of(), 150)).isEmpty();
    }

    /** CloudWatch takes at most 150 values a datum ("PutMetricData"): coarser steps, every job still counted. */
    @Test
    void moreDistinctWaitsThanADatumHolds_areRoundedToACoarserStep_keepingEveryJob() {
        List<Long> waits = new ArrayList<>();
        LongStream.range(0, 1_000).forEach(waits::add);

        JobWaitValues values = JobWaitValues.of(waits, 150).orElseThrow();

        assertThat(values.counts()).hasSizeLessThanOrEqualTo(150);
        assertThat(values.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
        assertThat(values.counts().keySet()).allMatch(value -> value % 10 == 0);
    }

    @Test
    void fiftyPools_shareTheRunsValues() {
        assertThat(JobWaitValues.valuesPerPool(1)).isEqualTo(150);
        assertThat(JobWaitValues.valuesPerPool(50)).isEqualTo(30);
    }
}
