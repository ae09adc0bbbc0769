package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerCountsTest {

    @Test
    void perPool_countsEachKeptRunnerInItsPoolByState() {
        // Given runner 1 kept for both pools (it carries both labels), and a pool without runners
        List<Runner> runners = List.of(new Runner(1, "both", true, true, 0), new Runner(1, "both", true, true, 1),
                new Runner(2, "idle", true, false, 1), new Runner(3, "off", false, true, 1), new Runner(4, "off2", false, false, 1));

        List<RunnerCounts> counts = RunnerCounts.perPool(runners, 3);

        assertThat(counts).containsExactly(new RunnerCounts(1, 0, 0), new RunnerCounts(1, 1, 2), RunnerCounts.NONE);
        assertThat(counts.get(1).of(RunnerState.OFFLINE)).isEqualTo(2);
    }

    @Test
    void total_countsARunnerInTwoPoolsInEach() {
        RunnerCounts total = RunnerCounts.total(List.of(new RunnerCounts(1, 0, 0), new RunnerCounts(1, 1, 2)));

        assertThat(total).isEqualTo(new RunnerCounts(2, 1, 2));
        assertThat(total.runners()).isEqualTo(5);
    }
}
